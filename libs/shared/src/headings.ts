/**
 * Column headings of the upload templates in English, Dutch and French. A file's heading is read
 * as the template column whose code, label in any language or synonym it is, compared folded
 * (`foldText`: any case, accents, spaces, `-`, `_`, `/`, `.` and apostrophes alike), so
 * `Catégorie`, `categorie` and `category` are one column. Classification columns take the
 * profile's names of the classification (`Herkomst`, `Origine`).
 */
import type { Label, Locale } from './labels.js';
import { MEASURE_CODES, MEASURES, type MeasureCode } from './measures.js';
import type { ClassificationProfile } from './profiles/profile.js';

/** A column of the templates that is not a classification of the profile. */
export interface ColumnHeadingDef {
  label: Required<Label>;
  /** Other headings read as this column (any language). */
  synonyms?: string[];
}

export const COLUMN_HEADINGS = {
  measure: { label: { en: 'Measure', nl: 'Indicator', fr: 'Mesure' }, synonyms: ['meting', 'maatstaf', 'indicateur'] },
  detail: { label: { en: 'Detail', nl: 'Detail', fr: 'Détail' }, synonyms: ['type', 'soort'] },
  category: { label: { en: 'Category', nl: 'Categorie', fr: 'Catégorie' }, synonyms: ['staff category', 'personeelscategorie', 'catégorie de personnel', 'kader', 'cadre', 'graad', 'grade'] },
  count: { label: { en: 'Count', nl: 'Aantal', fr: 'Nombre' }, synonyms: ['number', 'total count', 'aantal personen', 'nombre de personnes'] },
  zone: { label: { en: 'Zone', nl: 'Zone', fr: 'Zone' }, synonyms: ['police zone', 'politiezone', 'zone de police'] },
  quarter: { label: { en: 'Quarter', nl: 'Kwartaal', fr: 'Trimestre' }, synonyms: ['period', 'periode', 'période'] },
  in_service_at_end: { label: { en: 'In service at the end of the quarter', nl: 'In dienst op het einde van het kwartaal', fr: 'En service à la fin du trimestre' }, synonyms: ['in service at end', 'in dienst op einde', 'in dienst', 'en service à la fin', 'en service'] },
  joined: { label: { en: 'Joined', nl: 'Ingestroomd', fr: 'Entrée' }, synonyms: ['instroom', 'entré', 'aangeworven', 'recruté'] },
  promoted: { label: { en: 'Promoted', nl: 'Bevorderd', fr: 'Promu' }, synonyms: ['bevordering', 'promotion'] },
  left_reason: { label: { en: 'Reason for leaving', nl: 'Reden van vertrek', fr: 'Motif de départ' }, synonyms: ['left reason', 'reason left', 'reden uitstroom', 'uitstroom', 'départ', 'reden vertrek'] },
} as const satisfies Record<string, ColumnHeadingDef>;

/** Synonyms of classification columns, by classification code (the profile's labels are read too). */
export const DIMENSION_HEADING_SYNONYMS: Record<string, string[]> = {
  gender: ['geslacht', 'sexe', 'sex'],
  origin: ['afkomst', 'nationaliteit', 'nationalité'],
  age_band: ['leeftijd', 'âge', 'age', 'leeftijdscategorie', 'classe d’âge'],
  disability: ['beperking', 'functiebeperking'],
};

/** Folds a heading or a value for comparison: `Catégorie ` → `categorie`, `Belge d’origine` → `belge_d_origine`. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-/_.’'`]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The heading of a template column (or classification) in a language: the label, or the code when it has none. */
export function columnHeading(profile: ClassificationProfile, column: string, locale: Locale): string {
  const fixed = (COLUMN_HEADINGS as Record<string, ColumnHeadingDef>)[column];
  if (fixed) return fixed.label[locale];
  const dimension = profile.dimensions.find((d) => d.code === column);
  if (dimension) return dimension.label[locale] ?? dimension.label.en;
  return column;
}

/** Every heading accepted for a column, the code first: label per language, then synonyms (for documentation and tests). */
export function acceptedHeadings(profile: ClassificationProfile, column: string): string[] {
  const fixed = (COLUMN_HEADINGS as Record<string, ColumnHeadingDef>)[column];
  const dimension = profile.dimensions.find((d) => d.code === column);
  const texts = fixed
    ? [column, ...Object.values(fixed.label), ...(fixed.synonyms ?? [])]
    : dimension
      ? [column, ...Object.values(dimension.label), ...(DIMENSION_HEADING_SYNONYMS[column] ?? [])]
      : [column];
  return [...new Set(texts)];
}

/**
 * Folded heading → template column, for the columns of a profile (the fixed columns and every
 * classification). Built once per profile object.
 */
const headingCache = new WeakMap<ClassificationProfile, Map<string, string>>();

export function headingIndex(profile: ClassificationProfile): Map<string, string> {
  let index = headingCache.get(profile);
  if (!index) {
    index = new Map();
    for (const column of [...Object.keys(COLUMN_HEADINGS), ...profile.dimensions.map((d) => d.code)]) {
      for (const text of acceptedHeadings(profile, column)) {
        const key = foldText(text);
        // The first column to claim a heading keeps it (a code is never taken by another's synonym).
        if (!index.has(key)) index.set(key, column);
      }
    }
    // A column's own code always wins over another column's synonym or label.
    for (const column of [...Object.keys(COLUMN_HEADINGS), ...profile.dimensions.map((d) => d.code)]) index.set(foldText(column), column);
    headingCache.set(profile, index);
  }
  return index;
}

/** The template column a heading names, or undefined when it names none. */
export function templateColumn(profile: ClassificationProfile, heading: string): string | undefined {
  return headingIndex(profile).get(foldText(heading));
}

/** A code a template column takes, with its label. */
export type ColumnCode = { code: string; label: Label };

const YES_NO: ColumnCode[] = [
  { code: 'yes', label: { en: 'Yes', nl: 'Ja', fr: 'Oui' } },
  { code: 'no', label: { en: 'No', nl: 'Nee', fr: 'Non' } },
];

/**
 * The codes a column of the templates takes, with their labels (the XLSX template's drop-down lists
 * and codes sheet, the dashboard's code list), or null for a column of numbers or free values.
 */
export function columnCodes(profile: ClassificationProfile, column: string): ColumnCode[] | null {
  const details = (measures: readonly MeasureCode[]) => measures.flatMap((m) => MEASURES[m].details);
  switch (column) {
    case 'measure':
      return MEASURE_CODES.map((code) => ({ code, label: MEASURES[code].label }));
    case 'detail':
      return details(MEASURE_CODES);
    case 'category':
      return profile.categories;
    case 'in_service_at_end':
    case 'promoted':
      return YES_NO;
    case 'joined':
      return details(['hires']);
    case 'left_reason':
      return details(['separations']);
    default:
      return profile.dimensions.find((d) => d.code === column)?.values ?? null;
  }
}
