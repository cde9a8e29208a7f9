// The independent side of the UK tests: the raw Home Office file read with nothing but string
// splitting (no product code, no CSV library), so that a mistake in the product's import cannot
// hide in the test.
import { readFileSync } from 'node:fs';

/** Officers of an ethnic minority, with a stated ethnicity, and in all. */
export interface Tally {
  minority: number;
  declared: number;
  total: number;
}

/** The file's rank descriptions and the rank codes of the uk-home-office profile. */
export const UK_RANKS: Record<string, string> = {
  Constable: 'constable',
  Sergeant: 'sergeant',
  Inspector: 'inspector',
  'Chief Inspector': 'chief_inspector',
  Superintendent: 'superintendent',
  'Chief Superintendent': 'chief_superintendent',
  'Chief Officer': 'chief_officer',
};

/** Splits one CSV line on commas outside double quotes. */
function split(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

const number = (text: string): number => (text.trim() === '-' ? 0 : Number(text.replace(/[\s,]/g, '')));

/**
 * The headcount of the file summed per key: `keyOf` reads a row's fields by column name and returns
 * its key (null: the row is left out).
 */
export function rawTallies(file: string, keyOf: (field: (column: string) => string) => string | null): Map<string, Tally> {
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = split(lines[0]!);
  const tallies = new Map<string, Tally>();
  for (const line of lines.slice(1)) {
    const f = split(line);
    const field = (column: string) => f[header.indexOf(column)] ?? '';
    const key = keyOf(field);
    if (key === null) continue;
    const t = tallies.get(key) ?? { minority: 0, declared: 0, total: 0 };
    const n = number(field('Total (headcount)'));
    const ethnicity = field('Ethnicity');
    t.total += n;
    if (ethnicity !== 'Not stated') t.declared += n;
    if (ethnicity !== 'Not stated' && ethnicity !== 'White') t.minority += n;
    tallies.set(key, t);
  }
  return tallies;
}
