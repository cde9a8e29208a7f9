import { type ClassificationProfile, columnCodes, columnHeading, type Locale } from '@equity/shared';
import ExcelJS from 'exceljs';
import { cellColumns, MAX_COUNT, personColumns } from './return-validator.js';

const csvLine = (values: (string | number)[]) => values.map((v) => (/[",;\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');

/** The example rows of the cells template (the last one a totals row). */
function cellsExample(profile: ClassificationProfile): Record<string, string | number>[] {
  const dims = profile.dimensions.filter((d) => !d.optional);
  const first = (i: number) => Object.fromEntries(dims.map((d) => [d.code, d.values[i % d.values.length]!.code]));
  const cat = profile.categories[1] ?? profile.categories[0]!;
  return [
    { measure: 'headcount', detail: '', category: cat.code, ...first(0), count: 40 },
    { measure: 'headcount', detail: '', category: cat.code, ...first(1), count: 12 },
    { measure: 'hires', detail: 'new_recruit', category: cat.code, ...first(0), count: 2 },
    { measure: 'separations', detail: 'retirement', category: cat.code, ...first(1), count: 1 },
    { measure: 'headcount', detail: '', category: cat.code, ...Object.fromEntries(dims.map((d) => [d.code, 'total'])), count: 52 },
  ];
}

/** The example rows of the per-person template. */
function personExample(profile: ClassificationProfile): Record<string, string | number>[] {
  const dims = profile.dimensions.filter((d) => !d.optional);
  const v = (i: number) => Object.fromEntries(dims.map((d) => [d.code, d.values[i % d.values.length]!.code]));
  const cat = profile.categories[1] ?? profile.categories[0]!;
  return [
    { category: cat.code, ...v(0), in_service_at_end: 'yes', joined: '', promoted: 'no', left_reason: '' },
    { category: cat.code, ...v(1), in_service_at_end: 'yes', joined: 'new_recruit', promoted: 'no', left_reason: '' },
    { category: cat.code, ...v(2), in_service_at_end: 'no', joined: '', promoted: 'no', left_reason: 'retirement' },
  ];
}

export type TemplateKind = 'cells' | 'per-person';

const TEMPLATES: Record<TemplateKind, { columns: (p: ClassificationProfile) => { required: string[] }; example: (p: ClassificationProfile) => Record<string, string | number>[] }> = {
  cells: { columns: cellColumns, example: cellsExample },
  'per-person': { columns: personColumns, example: personExample },
};

/** A CSV template (cells format or per-person extract) with a few example rows; headings are the codes. */
export function csvTemplate(profile: ClassificationProfile, kind: TemplateKind): string {
  const { required } = TEMPLATES[kind].columns(profile);
  const rows = TEMPLATES[kind].example(profile);
  return [csvLine(required), ...rows.map((r) => csvLine(required.map((c) => r[c] ?? '')))].join('\n') + '\n';
}

/** Words of the workbook that are not the profile's. */
const WORDS: Record<Locale, { sheet: string; code: string; label: string; countPrompt: string; listError: string }> = {
  en: { sheet: 'return', code: 'code', label: 'label', countPrompt: `A whole number from 0 to ${MAX_COUNT}.`, listError: 'Choose a code from the list (sheet "codes").' },
  nl: { sheet: 'aangifte', code: 'code', label: 'benaming', countPrompt: `Een geheel getal van 0 tot ${MAX_COUNT}.`, listError: 'Kies een code uit de lijst (blad "codes").' },
  fr: { sheet: 'déclaration', code: 'code', label: 'libellé', countPrompt: `Un nombre entier de 0 à ${MAX_COUNT}.`, listError: 'Choisissez un code de la liste (feuille « codes »).' },
};

/** Rows of the first sheet that get the drop-down lists (the header is row 1). */
export const TEMPLATE_ROWS = 2000;

/** exceljs types do not declare the sheet's validations by range; its model does take them. */
type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

/**
 * An XLSX template: the columns of `kind` (headings in `locale`, or the codes without one), the
 * example rows, a drop-down list of codes on every coded column and whole numbers on the count,
 * and a second sheet "codes" with each column's codes and their labels in the language.
 */
export async function xlsxTemplate(profile: ClassificationProfile, kind: TemplateKind, locale: Locale | undefined): Promise<Buffer> {
  const lang = locale ?? 'en';
  const words = WORDS[lang];
  const { required } = TEMPLATES[kind].columns(profile);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(words.sheet);
  const codes = wb.addWorksheet('codes');
  sheet.addRow(required.map((c) => (locale ? columnHeading(profile, c, locale) : c)));
  sheet.getRow(1).font = { bold: true };
  // A totals row is left out: its `total` is not one of a list's codes (a CSV can still carry one).
  for (const row of TEMPLATES[kind].example(profile).filter((r) => !Object.values(r).includes('total'))) sheet.addRow(required.map((c) => row[c] ?? ''));
  const validations = (sheet as unknown as WithValidations).dataValidations;
  let block = 0;
  required.forEach((column, i) => {
    const { letter } = sheet.getColumn(i + 1);
    const range = `${letter}2:${letter}${TEMPLATE_ROWS + 1}`;
    sheet.getColumn(i + 1).width = Math.max(14, columnHeading(profile, column, lang).length + 2);
    const entries = columnCodes(profile, column);
    if (!entries) {
      validations.add(range, { type: 'whole', operator: 'between', formulae: [0, MAX_COUNT], allowBlank: true, showErrorMessage: true, errorStyle: 'stop', error: words.countPrompt, showInputMessage: true, prompt: words.countPrompt });
      return;
    }
    const codeCol = block * 2 + 1;
    block += 1;
    codes.getCell(1, codeCol).value = `${columnHeading(profile, column, lang)} (${column}): ${words.code}`;
    codes.getCell(1, codeCol + 1).value = words.label;
    entries.forEach((e, j) => {
      codes.getCell(j + 2, codeCol).value = e.code;
      codes.getCell(j + 2, codeCol + 1).value = e.label[lang] ?? e.label.en;
    });
    codes.getColumn(codeCol).width = 22;
    codes.getColumn(codeCol + 1).width = 34;
    const codeLetter = codes.getColumn(codeCol).letter;
    const list = `codes!$${codeLetter}$2:$${codeLetter}$${entries.length + 1}`;
    validations.add(range, { type: 'list', formulae: [list], allowBlank: true, showErrorMessage: true, errorStyle: 'stop', error: words.listError });
  });
  codes.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
