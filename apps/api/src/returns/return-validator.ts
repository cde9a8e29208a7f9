/**
 * Validation of a quarterly return, from any source (JSON cells, a cells file, a per-person
 * extract). Pure functions: no database, every problem reported at once with row and column.
 */
import {
  type Cell,
  type ClassificationProfile,
  cellKey,
  type DimensionDef,
  foldText,
  isMeasureCode,
  MEASURE_CODES,
  MEASURES,
  type MeasureCode,
  type Problem,
  type ProblemCode,
  type ProblemParams,
} from '@equity/shared';
import { applyScan, jsonValueProblem, tableScanner } from './pii-guard.js';

/** One data row: its row number as the user sees it, and its values by (normalised) column name. */
export interface RawRow {
  row: number;
  values: Record<string, string>;
  /**
   * Values `values` cannot show (cells beyond the last heading, cells of a repeated heading, a
   * JSON field that is not an object): never validated, but checked for personal data.
   */
  hidden?: { column: string | null; index?: number; text: string }[];
}

export interface RawTable {
  columns: string[];
  rows: RawRow[];
}

export interface ReturnContext {
  profile: ClassificationProfile;
  zone: string;
  period: string;
}

export interface ValidationOutcome {
  cells: Cell[];
  errors: Problem[];
  rowsRead: number;
  /** Problems found but not kept (beyond `keep`, see RowChecker): counted, never listed. */
  dropped?: number;
}

/**
 * Validates rows one at a time (an upload is never held whole): `add` each row in file order, then
 * `end` with the number of rows read. At most about `keep` problems are held; the others are
 * counted in `dropped` (rows come in order, so those kept are the first by row).
 */
export interface RowChecker {
  add(row: RawRow): void;
  end(rowsRead: number): ValidationOutcome;
}

/** Keeps at most `keep` problems in `list` (called between rows); returns how many it dropped. */
export function trimProblems(list: Problem[], keep: number): number {
  if (list.length <= keep) return 0;
  const dropped = list.length - keep;
  list.length = keep;
  return dropped;
}

export const TOTAL = 'total';
const TOTAL_WORDS = new Set(['total', 'totaal', 'all', 'tous', 'alle']);
const YES = new Set(['yes', 'y', 'ja', 'j', 'oui', 'o', 'true', '1']);
const NO = new Set(['no', 'n', 'nee', 'non', 'false', '0']);

/** Normalises a header or a code typed by a person: `New recruit ` → `new_recruit`. */
export function normaliseToken(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_');
}

/**
 * Looks values up by code, by any of their labels (EN/NL/FR) or synonyms, case-insensitively;
 * failing that, folded (accents, apostrophes and punctuation ignored: `Belge d'origine belge`).
 */
class Vocabulary {
  private readonly map = new Map<string, string>();
  private readonly folded = new Map<string, string>();
  constructor(
    readonly name: string,
    entries: { code: string; label?: { en: string; nl?: string; fr?: string }; synonyms?: string[] }[],
  ) {
    for (const e of entries) {
      for (const text of [e.code, ...Object.values(e.label ?? {}), ...(e.synonyms ?? [])]) {
        if (!text) continue;
        if (!this.map.has(normaliseToken(text))) this.map.set(normaliseToken(text), e.code);
        if (!this.folded.has(foldText(text))) this.folded.set(foldText(text), e.code);
      }
    }
    // A code is never shadowed by another entry's label or synonym.
    for (const e of entries) {
      this.map.set(normaliseToken(e.code), e.code);
      this.folded.set(foldText(e.code), e.code);
    }
    this.codes = entries.map((e) => e.code);
  }
  readonly codes: string[];
  lookup(value: string): string | undefined {
    // Codes as sent by forms and APIs are already normalised: one map look-up, no regex.
    return this.map.get(value) ?? this.map.get(normaliseToken(value)) ?? this.folded.get(foldText(value));
  }
  /** The code of a value written exactly as a normalised code or label (no normalising). */
  exact(value: string): string | undefined {
    return this.map.get(value);
  }
  hint(): string {
    return this.codes.join(', ');
  }
}

/** A problem with the parameters its message is built from (codes, limits, row numbers: never a typed value). */
function problem(row: number | null, column: string | null, code: ProblemCode, message: string, params?: ProblemParams, value?: string): Problem {
  return { row, column, code, message, ...(params ? { params } : {}), ...(value !== undefined && value !== '' ? { value } : {}) };
}

/** The largest count of people a cell may hold. */
export const MAX_COUNT = 1_000_000;

/**
 * Parses a count: a whole number ≥ 0, spaces allowed as thousands separators. Messages say what is
 * expected and never quote what was typed (it may be anything, a name included).
 */
export function parseCount(raw: string): { value: number } | { error: string; code: ProblemCode; params?: ProblemParams } {
  // Fast path: a plain number of at most six digits (every count of a form or an API client).
  if (raw.length > 0 && raw.length <= 6 && /^\d+$/.test(raw)) return { value: Number(raw) };
  const text = raw.replace(/[\s\u00a0\u202f]/g, '');
  const tooLarge = { code: 'too_large' as const, params: { max: MAX_COUNT }, error: `The count is larger than any zone employs: a count is a whole number from 0 to ${MAX_COUNT.toLocaleString('en')}.` };
  const negative = { code: 'negative' as const, error: 'A count cannot be negative: write a whole number from 0 (nobody) upwards.' };
  const notInteger = { code: 'not_integer' as const, error: 'A count is a whole number of people: write it without decimals.' };
  if (text === '') return { code: 'required', error: 'The count is empty. Write 0 when there is nobody.' };
  if (/^-\d+([.,]\d+)?$/.test(text)) return negative;
  if (/^\d{1,3}([.,]\d{3})+$/.test(text)) {
    return { code: 'separator', error: 'Write the count without a thousands separator (1234, not 1.234 or 1,234), so it cannot be read as a decimal.' };
  }
  if (/^\d+[.,]\d+$/.test(text) && !/^\d+[.,]0{1,2}$/.test(text)) return notInteger;
  // Scientific notation (JSON 1e400, Excel's 1E+21): out of range when it is; else, as any other
  // text that is not digits, not a number.
  if (/^[+-]?(\d+([.,]\d*)?|[.,]\d+)e[+-]?\d+$/i.test(text) || /^[+-]?infinity$/i.test(text)) {
    const n = Number(text.replace(',', '.'));
    if (n < 0) return negative;
    if (!Number.isFinite(n) || n > MAX_COUNT) return tooLarge;
  }
  const whole = text.replace(/[.,]0{1,2}$/, '');
  if (!/^\d+$/.test(whole)) return { code: 'not_a_number', error: 'The count is not a number: write a whole number of people with digits only (0 when there is nobody).' };
  const value = Number(whole);
  if (value > MAX_COUNT) return tooLarge;
  return { value };
}

interface Vocabularies {
  measure: Vocabulary;
  category: Vocabulary;
  details: Map<MeasureCode, Vocabulary>;
  dimensions: Map<string, { def: DimensionDef; vocab: Vocabulary }>;
}

/** Vocabularies of a profile, built once per profile object (profiles are cached by ProfilesService). */
const vocabularyCache = new WeakMap<ClassificationProfile, Vocabularies>();

function vocabularies(profile: ClassificationProfile): Vocabularies {
  let v = vocabularyCache.get(profile);
  if (!v) {
    v = buildVocabularies(profile);
    vocabularyCache.set(profile, v);
  }
  return v;
}

function buildVocabularies(profile: ClassificationProfile): Vocabularies {
  return {
    measure: new Vocabulary('measure', MEASURE_CODES.map((code) => ({ code, label: MEASURES[code].label, synonyms: MEASURES[code].synonyms }))),
    category: new Vocabulary('category', profile.categories),
    details: new Map(MEASURE_CODES.map((m) => [m, new Vocabulary('detail', MEASURES[m].details)])),
    dimensions: new Map(profile.dimensions.map((d) => [d.code, { def: d, vocab: new Vocabulary(d.code, d.values) }])),
  };
}

const CONTEXT_COLUMNS = ['zone', 'quarter'] as const;

/** Checks the optional zone/quarter columns of a row against the return being entered. */
function checkContext(row: RawRow, ctx: ReturnContext, errors: Problem[]): void {
  const zone = row.values['zone'];
  if (zone !== undefined && zone !== '' && zone.trim() !== ctx.zone) {
    errors.push(problem(row.row, 'zone', 'wrong_zone', `The zone of this row is not ${ctx.zone}, the zone you are entering data for. Write ${ctx.zone} or leave "zone" empty.`, { zone: ctx.zone }));
  }
  const quarter = row.values['quarter'];
  if (quarter !== undefined && quarter !== '' && quarter.trim().toUpperCase() !== ctx.period) {
    errors.push(problem(row.row, 'quarter', 'wrong_quarter', `The quarter of this row is not ${ctx.period}, the quarter you are entering data for. Write ${ctx.period} or leave "quarter" empty.`, { quarter: ctx.period }));
  }
}

function checkColumns(tableColumns: string[], required: string[], allowed: Set<string>, expected: string[]): Problem[] {
  const errors: Problem[] = [];
  const present = new Set(tableColumns);
  for (const c of required) {
    if (!present.has(c)) errors.push(problem(1, c, 'missing_column', `The file has no "${c}" column. Expected columns: ${expected.join(', ')}.`, { expected: expected.join(', ') }));
  }
  const seen = new Set<string>();
  for (const c of tableColumns) {
    if (c === '') continue;
    if (seen.has(c)) errors.push(problem(1, c, 'duplicate_column', `The column "${c}" appears twice.`));
    seen.add(c);
    if (!allowed.has(c)) {
      errors.push(
        problem(1, c, 'unknown_column', `The column "${c}" is not part of the template. Returns hold counts only: remove it. Expected columns: ${expected.join(', ')}.`, { expected: expected.join(', ') }),
      );
    }
  }
  return errors;
}

const noRows = () => problem(null, null, 'empty', 'The file has no data rows.');

type Field = { kind: 'value'; code: string } | { kind: 'total' } | { kind: 'invalid' };

/** `emptyHint` is a function: the hint is only written when there is a problem (validation runs per cell). */
function readCode(
  row: RawRow,
  column: string,
  vocab: Vocabulary,
  errors: Problem[],
  opts: { allowTotal: boolean; emptyHint: () => string; emptyParams?: () => ProblemParams },
): Field {
  const raw = row.values[column] ?? '';
  if (raw.trim() === '') {
    errors.push(problem(row.row, column, 'required', `"${column}" is empty. ${opts.emptyHint()}`, { column, ...opts.emptyParams?.() }));
    return { kind: 'invalid' };
  }
  if (opts.allowTotal && TOTAL_WORDS.has(raw)) return { kind: 'total' };
  // A value found as it is was already normalised (the map holds normalised tokens only), so it
  // cannot be a total word written differently: the common case needs no normalising.
  const exact = vocab.exact(raw);
  if (exact) return { kind: 'value', code: exact };
  if (opts.allowTotal && TOTAL_WORDS.has(normaliseToken(raw))) return { kind: 'total' };
  const code = vocab.lookup(raw);
  if (!code) {
    errors.push(problem(row.row, column, 'unknown_code', `The ${column.replace('_', ' ')} is not one of the known codes or labels. Use one of: ${vocab.hint()}.`, { column, vocabulary: vocab.name, expected: vocab.hint() }));
    return { kind: 'invalid' };
  }
  return { kind: 'value', code };
}

/** Cells in the order of their keys (each key computed once, not at every comparison). */
function sortCells(cells: Cell[], keys?: string[]): Cell[] {
  const keyed = cells.map((cell, i) => ({ cell, key: keys?.[i] ?? cellKey(cell) }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.cell);
}

/** The columns of the cells template for a profile, in order. */
export function cellColumns(profile: ClassificationProfile): { required: string[]; optional: string[] } {
  return {
    required: ['measure', 'detail', 'category', ...profile.dimensions.filter((d) => !d.optional).map((d) => d.code), 'count'],
    optional: [...profile.dimensions.filter((d) => d.optional).map((d) => d.code), ...CONTEXT_COLUMNS],
  };
}

/**
 * Validates rows of the cells format (one row per count). Rows with `total` in the category or a
 * classification are totals rows: checked against the rows they cover, then not stored. A table
 * with personal data (see pii-guard.ts) is refused with no cells, whatever else it holds.
 */
export function validateCellRows(table: RawTable, ctx: ReturnContext, opts: { checkHeader: boolean } = { checkHeader: true }): ValidationOutcome {
  return runChecker(cellRowChecker(table.columns, ctx, { ...opts, keep: Number.MAX_SAFE_INTEGER }), table);
}

function runChecker(checker: RowChecker, table: RawTable): ValidationOutcome {
  for (const row of table.rows) checker.add(row);
  return checker.end(table.rows.length);
}

/** The checker of an upload once its header is read: per-person extract or cells format. */
export function uploadChecker(tableColumns: string[], ctx: ReturnContext, perPerson: boolean, keep: number): RowChecker {
  return perPerson ? personRowChecker(tableColumns, ctx, keep) : cellRowChecker(tableColumns, ctx, { checkHeader: true, keep });
}

/** Rows of the cells format, checked one at a time, with the personal-data guard (see validateCellRows). */
export function cellRowChecker(tableColumns: string[], ctx: ReturnContext, opts: { checkHeader: boolean; keep: number }): RowChecker {
  const columns = cellColumns(ctx.profile);
  const scanner = tableScanner(tableColumns, { allowed: new Set([...columns.required, ...columns.optional]), json: !opts.checkHeader });
  const checker = checkCellRows(tableColumns, ctx, opts);
  return {
    add(row) {
      scanner.add(row, opts.keep);
      checker.add(row);
    },
    end(rowsRead) {
      const outcome = checker.end(rowsRead);
      const scan = scanner.scan();
      return { ...applyScan(outcome, scan), dropped: (outcome.dropped ?? 0) + scan.dropped };
    },
  };
}

function checkCellRows(tableColumns: string[], ctx: ReturnContext, opts: { checkHeader: boolean; keep: number }): RowChecker {
  const { profile } = ctx;
  const v = vocabularies(profile);
  const columns = cellColumns(profile);
  const expected = [...columns.required, ...columns.optional];
  const errors: Problem[] = opts.checkHeader ? checkColumns(tableColumns, columns.required, new Set(expected), expected) : [];
  let dropped = 0;
  if (errors.some((e) => e.code === 'missing_column')) {
    return {
      add: () => undefined,
      end: (rowsRead) => ({ cells: [], errors: rowsRead === 0 ? [...errors, noRows()] : errors, rowsRead }),
    };
  }

  const presentOptional = profile.dimensions.filter((d) => d.optional && tableColumns.includes(d.code));
  const requiredDims = profile.dimensions.filter((d) => !d.optional);
  const optionalDims = profile.dimensions.filter((d) => d.optional);
  const dims = [...requiredDims, ...presentOptional];
  // cellKey without sorting each cell's classification names: the profile's, sorted once.
  const sortedDims = profile.dimensions.map((d) => d.code).sort();
  const keyOf = (cell: Cell): string => {
    let classes = '';
    for (const code of sortedDims) {
      const value = cell.classes[code];
      if (value !== undefined) classes += `${classes === '' ? '' : ';'}${code}=${value}`;
    }
    return `${cell.measure}|${cell.detail}|${cell.category}|${classes}`;
  };
  const cells: Cell[] = [];
  const keys: string[] = [];
  const expectedSet = new Set(expected);
  const firstRow = new Map<string, number>();
  const totals: { row: number; measure: MeasureCode; detail: string | null; category: string | null; classes: Record<string, string | null>; count: number }[] = [];

  // readCode options built once, not per row.
  const measureOpts = { allowTotal: false, emptyHint: () => `Use one of: ${MEASURE_CODES.join(', ')}.`, emptyParams: () => ({ vocabulary: 'measure', expected: MEASURE_CODES.join(', ') }) };
  const categoryOpts = { allowTotal: true, emptyHint: () => `Use one of: ${v.category.hint()}.`, emptyParams: () => ({ vocabulary: 'category', expected: v.category.hint() }) };
  const dimOpts = new Map(
    profile.dimensions.map((d) => [
      d.code,
      {
        allowTotal: true,
        emptyHint: () => `Use "${d.values.find((x) => x.notDeclared)?.code}" when the person did not declare.`,
        emptyParams: () => ({ dimension: d.code, notDeclared: d.values.find((x) => x.notDeclared)?.code ?? '' }),
      },
    ]),
  );
  const add = (row: RawRow) => {
    dropped += trimProblems(errors, opts.keep);
    const before = errors.length;
    let rowDims = dims;
    if (!opts.checkHeader) {
      // JSON cells: fields are checked per cell, and optional classifications are per cell.
      for (const key of Object.keys(row.values)) {
        if (!expectedSet.has(key)) errors.push(problem(row.row, key, 'unknown_field', `"${key}" is not a field of a cell. Fields: ${expected.join(', ')}.`, { expected: expected.join(', ') }));
      }
      rowDims = optionalDims.some((d) => row.values[d.code] !== undefined) ? profile.dimensions.filter((d) => !d.optional || row.values[d.code] !== undefined) : requiredDims;
    }
    checkContext(row, ctx, errors);
    const measureField = readCode(row, 'measure', v.measure, errors, measureOpts);
    const measure = measureField.kind === 'value' && isMeasureCode(measureField.code) ? measureField.code : null;

    let detail: string | null = '';
    const rawDetail = (row.values['detail'] ?? '').trim();
    if (measure) {
      const def = MEASURES[measure];
      if (def.details.length === 0) {
        if (rawDetail !== '') {
          errors.push(problem(row.row, 'detail', 'unexpected_detail', `${def.label.en} rows take no detail: leave "detail" empty.`, { measure }));
        }
      } else {
        const vocab = v.details.get(measure) as Vocabulary;
        const f = readCode(row, 'detail', vocab, errors, {
          allowTotal: true,
          emptyHint: () => `${def.label.en} rows need a detail: ${vocab.hint()}.`,
          emptyParams: () => ({ measure, vocabulary: 'detail', expected: vocab.hint() }),
        });
        detail = f.kind === 'value' ? f.code : f.kind === 'total' ? null : '';
        if (f.kind === 'invalid') detail = '';
      }
    }
    const cat = readCode(row, 'category', v.category, errors, categoryOpts);
    const classes: Record<string, string | null> = {};
    let isTotal = detail === null || cat.kind === 'total';
    for (const d of rowDims) {
      const entry = v.dimensions.get(d.code);
      if (!entry) continue;
      const f = readCode(row, d.code, entry.vocab, errors, dimOpts.get(d.code)!);
      if (f.kind === 'total') isTotal = true;
      classes[d.code] = f.kind === 'value' ? f.code : null;
    }
    const count = parseCount(row.values['count'] ?? '');
    if ('error' in count) errors.push(problem(row.row, 'count', count.code, count.error, count.params));
    if (errors.length > before || !measure || 'error' in count) return;

    if (isTotal) {
      totals.push({ row: row.row, measure, detail, category: cat.kind === 'value' ? cat.code : null, classes, count: count.value });
      return;
    }
    const cell: Cell = {
      measure,
      detail: detail ?? '',
      category: cat.kind === 'value' ? cat.code : '',
      classes: classes as Record<string, string>,
      count: count.value,
    };
    const key = keyOf(cell);
    const first = firstRow.get(key);
    if (first !== undefined) {
      errors.push(
        problem(row.row, null, 'duplicate', `This row repeats row ${first} (same measure, detail, category and classification). Give each count once.`, { firstRow: first }),
      );
      return;
    }
    firstRow.set(key, row.row);
    cells.push(cell);
    keys.push(key);
  };

  const end = (rowsRead: number): ValidationOutcome => {
  dropped += trimProblems(errors, opts.keep);
  if (opts.checkHeader && rowsRead === 0) {
    errors.push(noRows());
    return { cells: [], errors, rowsRead, dropped };
  }
  if (errors.length === 0) {
    for (const t of totals) {
      const covered = cells.filter(
        (c) =>
          c.measure === t.measure &&
          (t.detail === null || c.detail === t.detail) &&
          (t.category === null || c.category === t.category) &&
          Object.entries(t.classes).every(([k, val]) => val === null || c.classes[k] === val),
      );
      const sum = covered.reduce((s, c) => s + c.count, 0);
      if (sum !== t.count) {
        errors.push(
          problem(t.row, 'count', 'total_mismatch', `This total row says ${t.count}, but the ${covered.length} rows it covers add up to ${sum} (a difference of ${t.count - sum}).`,
            { total: t.count, rows: covered.length, sum, difference: t.count - sum },
            String(t.count),
          ),
        );
      }
    }
    if (!cells.some((c) => c.measure === 'headcount')) {
      errors.push(problem(null, 'measure', 'no_headcount', 'The return has no headcount rows. Every return gives the headcount at the end of the quarter.'));
    }
  }
  return { cells: sortCells(cells, keys), errors, rowsRead, dropped };
  };
  return { add, end };
}

/** Cells sent as JSON: each becomes a row (row = its 1-based position in `cells`). */
export function jsonCellsToTable(cells: unknown[]): { table: RawTable; errors: Problem[] } {
  const errors: Problem[] = [];
  const rows: RawRow[] = [];
  cells.forEach((cell, i) => {
    const row = i + 1;
    if (typeof cell !== 'object' || cell === null || Array.isArray(cell)) {
      errors.push(problem(row, null, 'not_an_object', 'Each cell must be an object with measure, detail, category, classes and count.'));
      const personal = jsonValueProblem(row, null, scalar(cell));
      if (personal) errors.push(personal);
      return;
    }
    const values: Record<string, string> = {};
    const hidden: NonNullable<RawRow['hidden']> = [];
    // for…in over own properties: no entries arrays per cell (this runs for every cell of a load).
    const object = cell as Record<string, unknown>;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = object[key];
      if (key === 'classes') {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          errors.push(problem(row, 'classes', 'not_an_object', '"classes" must be an object such as {"gender": "female", "origin": "be_be"}.'));
          if (value !== null && value !== undefined) hidden.push({ column: 'classes', text: scalar(value) });
          continue;
        }
        const classes = value as Record<string, unknown>;
        for (const dim in classes) if (Object.hasOwn(classes, dim)) values[dim] = scalar(classes[dim]);
      } else if (key === 'count') {
        // A JSON number beyond double precision (1e400) arrives as Infinity: parseCount says it is too large.
        values['count'] = scalar(value);
      } else {
        values[key] = scalar(value);
      }
    }
    values['detail'] ??= '';
    rows.push({ row, values, ...(hidden.length ? { hidden } : {}) });
  });
  return { table: { columns: [], rows }, errors };
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The columns of the per-person extract template. */
export function personColumns(profile: ClassificationProfile): { required: string[]; optional: string[] } {
  return {
    required: ['category', ...profile.dimensions.filter((d) => !d.optional).map((d) => d.code), 'in_service_at_end', 'joined', 'promoted', 'left_reason'],
    optional: [...profile.dimensions.filter((d) => d.optional).map((d) => d.code), ...CONTEXT_COLUMNS],
  };
}

/**
 * Aggregates a per-person anonymised extract (one row per staff member in service at some point of
 * the quarter, no names) into cells. The rows themselves are never stored or logged. An extract
 * with personal data (see pii-guard.ts) is refused with no cells, whatever else it holds.
 */
export function aggregatePersonRows(table: RawTable, ctx: ReturnContext): ValidationOutcome {
  return runChecker(personRowChecker(table.columns, ctx, Number.MAX_SAFE_INTEGER), table);
}

/**
 * A per-person extract checked and counted one row at a time: each person is added to the counts
 * of their cells and forgotten; the personal-data guard looks at every row as it passes.
 */
export function personRowChecker(tableColumns: string[], ctx: ReturnContext, keep: number): RowChecker {
  const columns = personColumns(ctx.profile);
  const scanner = tableScanner(tableColumns, { allowed: new Set([...columns.required, ...columns.optional]) });
  const checker = checkPersonRows(tableColumns, ctx, keep);
  return {
    add(row) {
      scanner.add(row, keep);
      checker.add(row);
    },
    end(rowsRead) {
      const outcome = checker.end(rowsRead);
      const scan = scanner.scan();
      return { ...applyScan(outcome, scan), dropped: (outcome.dropped ?? 0) + scan.dropped };
    },
  };
}

function checkPersonRows(tableColumns: string[], ctx: ReturnContext, keep: number): RowChecker {
  const { profile } = ctx;
  const v = vocabularies(profile);
  const columns = personColumns(profile);
  const expected = [...columns.required, ...columns.optional];
  const errors = checkColumns(tableColumns, columns.required, new Set(expected), expected);
  let dropped = 0;
  if (errors.some((e) => e.code === 'missing_column')) {
    return {
      add: () => undefined,
      end: (rowsRead) => ({ cells: [], errors: rowsRead === 0 ? [...errors, noRows()] : errors, rowsRead }),
    };
  }
  const dims = profile.dimensions.filter((d) => !d.optional || tableColumns.includes(d.code));
  const hires = v.details.get('hires') as Vocabulary;
  const reasons = v.details.get('separations') as Vocabulary;
  const counts = new Map<string, Cell>();
  const count = (measure: MeasureCode, detail: string, category: string, classes: Record<string, string>) => {
    const cell: Cell = { measure, detail, category, classes, count: 1 };
    const key = cellKey(cell);
    const existing = counts.get(key);
    if (existing) existing.count += 1;
    else counts.set(key, cell);
  };

  const add = (row: RawRow) => {
    dropped += trimProblems(errors, keep);
    const before = errors.length;
    checkContext(row, ctx, errors);
    const cat = readCode(row, 'category', v.category, errors, { allowTotal: false, emptyHint: () => `Use one of: ${v.category.hint()}.`, emptyParams: () => ({ vocabulary: 'category', expected: v.category.hint() }) });
    const classes: Record<string, string> = {};
    for (const d of dims) {
      const entry = v.dimensions.get(d.code);
      if (!entry) continue;
      const f = readCode(row, d.code, entry.vocab, errors, {
        allowTotal: false,
        emptyHint: () => `Use "${d.values.find((x) => x.notDeclared)?.code}" when the person did not declare.`,
        emptyParams: () => ({ dimension: d.code, notDeclared: d.values.find((x) => x.notDeclared)?.code ?? '' }),
      });
      if (f.kind === 'value') classes[d.code] = f.code;
    }
    const yesNo = (column: string, emptyMeans: boolean | null): boolean | null => {
      const raw = (row.values[column] ?? '').trim();
      if (raw === '') {
        if (emptyMeans === null) errors.push(problem(row.row, column, 'required', `"${column}" is empty. Write yes or no.`, { column, expected: 'yes, no' }));
        return emptyMeans;
      }
      const t = normaliseToken(raw);
      if (YES.has(t)) return true;
      if (NO.has(t)) return false;
      errors.push(problem(row.row, column, 'not_yes_no', `"${column}" must be yes or no (ja/nee, oui/non and 1/0 are read too).`, { column }));
      return null;
    };
    const inService = yesNo('in_service_at_end', null);
    const promoted = yesNo('promoted', false);
    const joinedRaw = (row.values['joined'] ?? '').trim();
    let joined: string | null = null;
    if (joinedRaw !== '' && !NO.has(normaliseToken(joinedRaw))) {
      joined = hires.lookup(joinedRaw) ?? null;
      if (!joined) errors.push(problem(row.row, 'joined', 'unknown_code', `"joined" is not a known entry type. Use one of: ${hires.hint()}, or leave it empty.`, { column: 'joined', vocabulary: 'detail', measure: 'hires', expected: hires.hint() }));
    }
    const leftRaw = (row.values['left_reason'] ?? '').trim();
    let left: string | null = null;
    if (leftRaw !== '') {
      left = reasons.lookup(leftRaw) ?? null;
      if (!left) errors.push(problem(row.row, 'left_reason', 'unknown_code', `"left_reason" is not a known reason for leaving. Use one of: ${reasons.hint()}, or leave it empty.`, { column: 'left_reason', vocabulary: 'detail', measure: 'separations', expected: reasons.hint() }));
    }
    if (inService === true && left) {
      errors.push(problem(row.row, 'left_reason', 'inconsistent', 'This person has a reason for leaving but is marked as in service at the end of the quarter.'));
    }
    if (inService === false && leftRaw === '') {
      errors.push(problem(row.row, 'left_reason', 'required', 'This person is not in service at the end of the quarter: give the reason they left.'));
    }
    if (errors.length > before || cat.kind !== 'value') return;
    if (inService) count('headcount', '', cat.code, classes);
    if (joined) count('hires', joined, cat.code, classes);
    if (promoted) count('promotions', '', cat.code, classes);
    if (left) count('separations', left, cat.code, classes);
  };
  const end = (rowsRead: number): ValidationOutcome => {
    dropped += trimProblems(errors, keep);
    if (rowsRead === 0) {
      errors.push(noRows());
      return { cells: [], errors, rowsRead, dropped };
    }
    const cells = [...counts.values()];
    if (errors.length === 0 && !cells.some((c) => c.measure === 'headcount')) {
      errors.push(problem(null, 'in_service_at_end', 'no_headcount', 'Nobody in this extract is in service at the end of the quarter.'));
    }
    return { cells: sortCells(cells), errors, rowsRead, dropped };
  };
  return { add, end };
}
