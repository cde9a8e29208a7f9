import { BELGIUM_POLICE, type Cell, type Problem } from '@equity/shared';
import {
  aggregatePersonRows,
  cellColumns,
  jsonCellsToTable,
  normaliseToken,
  parseCount,
  personColumns,
  type RawTable,
  type ReturnContext,
  validateCellRows,
} from './return-validator.js';

const ctx: ReturnContext = { profile: BELGIUM_POLICE, zone: '5345', period: '2025-Q3' };
const CELL_COLUMNS = ['measure', 'detail', 'category', 'gender', 'origin', 'count'];
const PERSON_COLUMNS = ['category', 'gender', 'origin', 'in_service_at_end', 'joined', 'promoted', 'left_reason'];

/** A table as a spreadsheet shows it: header on row 1, data rows numbered from 2 unless given. */
function sheet(columns: string[], rows: (string[] | { row: number; cells: string[] })[]): RawTable {
  let next = 2;
  return {
    columns,
    rows: rows.map((r) => {
      const { row, cells } = Array.isArray(r) ? { row: next, cells: r } : r;
      next = row + 1;
      return { row, values: Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])) };
    }),
  };
}

const where = (errors: Problem[]) => errors.map((e) => [e.row, e.column, e.code]);

const cell = (measure: Cell['measure'], detail: string, category: string, gender: string, origin: string, count: number): Cell => ({
  measure,
  detail,
  category,
  classes: { gender, origin },
  count,
});

describe('normaliseToken', () => {
  it('lower-cases, trims and joins words with underscores', () => {
    expect(normaliseToken(' New recruit ')).toBe('new_recruit');
    expect(normaliseToken('Left reason')).toBe('left_reason');
    expect(normaliseToken('In-service / at end')).toBe('in_service_at_end');
  });
});

describe('parseCount', () => {
  it.each([
    ['12', 12],
    ['0', 0],
    [' 1 976 ', 1976],
    ['1\u00a0976', 1976],
    ['1\u202f000\u202f000', 1_000_000],
    ['12.0', 12],
    ['12,00', 12],
  ])('reads %j as %d', (raw, value) => {
    expect(parseCount(raw)).toEqual({ value });
  });

  it.each([
    ['1,5', 'not_integer'],
    ['2.25', 'not_integer'],
    ['-3', 'negative'],
    ['abc', 'not_a_number'],
    ['12a', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['-', 'not_a_number'],
    ['', 'required'],
    ['   ', 'required'],
    ['1000001', 'too_large'],
    ['2,000', 'separator'],
    ['1.000', 'separator'],
    ['12.000', 'separator'],
    ['1,976', 'separator'],
    ['1.234.567', 'separator'],
  ])('rejects %j with code %s', (raw, code) => {
    const r = parseCount(raw);
    expect('error' in r && r.code).toBe(code);
  });

  it('explains the error without quoting the value as typed (it may be anything, a name included)', () => {
    const r = parseCount('1,5');
    expect('error' in r && r.error).toMatch(/whole number/);
    expect('error' in r && r.error).not.toContain('1,5');
  });

  it.each([
    ['1e400', 'too_large'],
    ['Infinity', 'too_large'],
    ['-1e400', 'negative'],
    ['2e6', 'too_large'],
  ])('says %j is out of range (code %s), not "NaN"', (raw, code) => {
    const r = parseCount(raw);
    expect('error' in r && r.code).toBe(code);
    expect('error' in r && r.error).not.toMatch(/NaN|Infinity|1e400/);
  });
});

describe('cellColumns / personColumns', () => {
  it('lists the required and optional columns of the Belgian profile', () => {
    expect(cellColumns(BELGIUM_POLICE)).toEqual({
      required: ['measure', 'detail', 'category', 'gender', 'origin', 'count'],
      optional: ['age_band', 'disability', 'zone', 'quarter'],
    });
    expect(personColumns(BELGIUM_POLICE).required).toEqual(PERSON_COLUMNS);
  });
});

describe('validateCellRows', () => {
  it('accepts a valid return and gives its cells sorted, with no errors', () => {
    const out = validateCellRows(
      sheet(CELL_COLUMNS, [
        ['separations', 'retirement', 'basic', 'male', 'not_declared', '1'],
        ['headcount', '', 'agent', 'male', 'be_be', '30'],
        ['hires', 'new_recruit', 'agent', 'female', 'be_non_eu', '2'],
        ['headcount', '', 'agent', 'female', 'be_be', '12'],
        ['promotions', '', 'basic', 'female', 'be_be', '1'],
      ]),
      ctx,
    );
    expect(out.errors).toEqual([]);
    expect(out.rowsRead).toBe(5);
    expect(out.cells).toEqual([
      cell('headcount', '', 'agent', 'female', 'be_be', 12),
      cell('headcount', '', 'agent', 'male', 'be_be', 30),
      cell('hires', 'new_recruit', 'agent', 'female', 'be_non_eu', 2),
      cell('promotions', '', 'basic', 'female', 'be_be', 1),
      cell('separations', 'retirement', 'basic', 'male', 'not_declared', 1),
    ]);
  });

  it('accepts matching zone and quarter columns and optional dimensions', () => {
    const cols = [...CELL_COLUMNS, 'age_band', 'zone', 'quarter'];
    const out = validateCellRows(
      sheet(cols, [
        ['headcount', '', 'agent', 'female', 'be_be', '3', 'under_30', '5345', '2025-Q3'],
        ['headcount', '', 'agent', 'female', 'be_be', '4', '30_39', ' 5345 ', '2025-q3'],
      ]),
      ctx,
    );
    expect(out.errors).toEqual([]);
    expect(out.cells.map((c) => [c.classes, c.count])).toEqual([
      [{ gender: 'female', origin: 'be_be', age_band: '30_39' }, 4],
      [{ gender: 'female', origin: 'be_be', age_band: 'under_30' }, 3],
    ]);
  });

  it('reports every problem at once with its row and column', () => {
    const cols = [...CELL_COLUMNS, 'zone', 'quarter'];
    const out = validateCellRows(
      sheet(cols, [
        ['headcount', '', 'sergeant', 'female', 'be_be', '3', '5345', '2025-Q3'], // 2 unknown category
        ['headcount', '', 'agent', 'female', 'martian', '3'], // 3 unknown origin
        ['headcount', '', 'agent', '', 'be_be', '3'], // 4 empty gender
        ['headcount', '', 'agent', 'male', 'be_eu', '-2'], // 5 negative
        ['headcount', '', 'agent', 'male', 'be_non_eu', '2.5'], // 6 decimal
        ['hires', '', 'agent', 'female', 'be_be', '1'], // 7 hires without detail
        ['headcount', 'new_recruit', 'agent', 'x', 'be_be', '1'], // 8 detail on headcount
        ['headcount', '', 'basic', 'female', 'be_be', '4'], // 9 valid
        ['headcount', '', 'basic', 'female', 'be_be', '5'], // 10 repeats row 9
        ['headcount', '', 'middle', 'female', 'be_be', '2', '5330', ''], // 11 other zone
        ['headcount', '', 'middle', 'male', 'be_be', '2', '', '2025-Q2'], // 12 other quarter
        ['bonus', '', 'middle', 'male', 'be_eu', '1'], // 13 unknown measure
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [2, 'category', 'unknown_code'],
      [3, 'origin', 'unknown_code'],
      [4, 'gender', 'required'],
      [5, 'count', 'negative'],
      [6, 'count', 'not_integer'],
      [7, 'detail', 'required'],
      [8, 'detail', 'unexpected_detail'],
      [10, null, 'duplicate'],
      [11, 'zone', 'wrong_zone'],
      [12, 'quarter', 'wrong_quarter'],
      [13, 'measure', 'unknown_code'],
    ]);
    const byRow = (row: number) => out.errors.find((e) => e.row === row)!;
    // What was typed is never quoted back (it may be a name): the problem says what is expected.
    for (const e of out.errors) expect(e.value).toBeUndefined();
    expect(byRow(2).message).not.toContain('sergeant');
    expect(byRow(2).message).toMatch(/Use one of: .*basic/);
    expect(byRow(3).message).not.toContain('martian');
    expect(byRow(5).message).not.toContain('-2');
    expect(byRow(10).message).toContain('row 9');
    expect(byRow(11).message).not.toContain('5330');
    expect(byRow(11).message).toContain(ctx.zone);
    expect(byRow(12).message).not.toContain('2025-Q2');
    expect(byRow(12).message).toContain(ctx.period);
  });

  it('reports several problems of the same row', () => {
    const out = validateCellRows(sheet(CELL_COLUMNS, [['hires', 'promotion', 'chief', 'woman', '', 'many']]), ctx);
    expect(where(out.errors)).toEqual([
      [2, 'detail', 'unknown_code'],
      [2, 'category', 'unknown_code'],
      [2, 'gender', 'unknown_code'],
      [2, 'origin', 'required'],
      [2, 'count', 'not_a_number'],
    ]);
    expect(out.cells).toEqual([]);
  });

  it('uses the row numbers it is given (blank spreadsheet rows in between)', () => {
    const out = validateCellRows(
      sheet(CELL_COLUMNS, [
        { row: 2, cells: ['headcount', '', 'agent', 'female', 'be_be', '3'] },
        { row: 7, cells: ['headcount', '', 'agent', 'female', 'be_be', '3'] },
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([[7, null, 'duplicate']]);
    expect(out.errors[0]!.message).toContain('row 2');
  });

  it('reports missing columns on row 1 and reads no cells', () => {
    const out = validateCellRows(
      sheet(['measure', 'detail', 'category', 'gender', 'count'], [['headcount', '', 'agent', 'female', '3']]),
      ctx,
    );
    expect(where(out.errors)).toEqual([[1, 'origin', 'missing_column']]);
    expect(out.cells).toEqual([]);
    expect(out.rowsRead).toBe(1);
  });

  it('refuses an unknown column, a name column as personal data, along with missing ones', () => {
    const extra = validateCellRows(sheet([...CELL_COLUMNS, 'shoe_size'], [['headcount', '', 'agent', 'female', 'be_be', '1', '42']]), ctx);
    expect(where(extra.errors)).toEqual([[1, 'shoe_size', 'unknown_column']]);
    expect(extra.errors[0]!.message).toContain('counts only');

    const withName = validateCellRows(sheet([...CELL_COLUMNS, 'name'], [['headcount', '', 'agent', 'female', 'be_be', '1', 'Jan Peeters']]), ctx);
    expect(where(withName.errors)).toEqual([[1, 'name', 'personal_data_column']]);
    expect(withName.errors[0]!.message).toContain('holds names');
    expect(withName.cells).toEqual([]);

    const both = validateCellRows(sheet(['measure', 'detail', 'category', 'gender', 'count', 'name'], [['headcount', '', 'agent', 'female', '1', 'x']]), ctx);
    expect(where(both.errors)).toEqual([
      [1, 'name', 'personal_data_column'],
      [1, 'origin', 'missing_column'],
    ]);
  });

  it('reports a duplicated column and an empty file', () => {
    expect(where(validateCellRows(sheet([...CELL_COLUMNS, 'count'], [['headcount', '', 'agent', 'female', 'be_be', '1', '1']]), ctx).errors)).toEqual([
      [1, 'count', 'duplicate_column'],
    ]);
    expect(where(validateCellRows(sheet(CELL_COLUMNS, []), ctx).errors)).toEqual([[null, null, 'empty']]);
  });

  it('requires at least one headcount row', () => {
    const out = validateCellRows(sheet(CELL_COLUMNS, [['hires', 'new_recruit', 'agent', 'female', 'be_be', '1']]), ctx);
    expect(where(out.errors)).toEqual([[null, 'measure', 'no_headcount']]);
  });

  describe('totals rows', () => {
    const parts = [
      ['headcount', '', 'agent', 'female', 'be_be', '12'],
      ['headcount', '', 'agent', 'female', 'be_eu', '3'],
      ['headcount', '', 'agent', 'male', 'be_be', '30'],
      ['headcount', '', 'basic', 'female', 'be_be', '5'],
      ['hires', 'new_recruit', 'agent', 'female', 'be_be', '2'],
      ['hires', 'transfer_in', 'agent', 'female', 'be_be', '1'],
    ];
    const partCells = [
      cell('headcount', '', 'agent', 'female', 'be_be', 12),
      cell('headcount', '', 'agent', 'female', 'be_eu', 3),
      cell('headcount', '', 'agent', 'male', 'be_be', 30),
      cell('headcount', '', 'basic', 'female', 'be_be', 5),
      cell('hires', 'new_recruit', 'agent', 'female', 'be_be', 2),
      cell('hires', 'transfer_in', 'agent', 'female', 'be_be', 1),
    ];

    it('accepts totals rows that add up and does not store them', () => {
      const out = validateCellRows(
        sheet(CELL_COLUMNS, [
          ...parts,
          ['headcount', '', 'agent', 'female', 'total', '15'], // 12 + 3
          ['headcount', '', 'agent', 'Total', 'TOTAL', '45'], // 12 + 3 + 30
          ['headcount', '', 'total', 'female', 'be_be', '17'], // 12 + 5
          ['headcount', '', 'Totaal', 'alle', 'tous', '50'], // everything
          ['hires', 'total', 'agent', 'female', 'be_be', '3'], // 2 + 1 over entry types
          ['hires', 'new_recruit', 'total', 'total', 'total', '2'],
        ]),
        ctx,
      );
      expect(out.errors).toEqual([]);
      expect(out.cells).toEqual(partCells);
      expect(out.rowsRead).toBe(12);
    });

    it('reports total_mismatch with the difference on the totals row', () => {
      const out = validateCellRows(
        sheet(CELL_COLUMNS, [
          ...parts,
          ['headcount', '', 'agent', 'female', 'total', '16'], // row 8: 15 expected
          ['headcount', '', 'total', 'total', 'total', '48'], // row 9: 50 expected
          ['hires', 'total', 'agent', 'female', 'be_be', '3'], // row 10: fine
        ]),
        ctx,
      );
      expect(where(out.errors)).toEqual([
        [8, 'count', 'total_mismatch'],
        [9, 'count', 'total_mismatch'],
      ]);
      expect(out.errors[0]!.message).toContain('add up to 15');
      expect(out.errors[0]!.message).toContain('difference of 1');
      expect(out.errors[0]!.value).toBe('16');
      expect(out.errors[1]!.message).toContain('add up to 50');
      expect(out.errors[1]!.message).toContain('difference of -2');
      expect(out.cells).toEqual(partCells);
    });

    it('checks a totals row that covers no cell against 0', () => {
      const out = validateCellRows(sheet(CELL_COLUMNS, [...parts, ['separations', 'total', 'total', 'total', 'total', '1']]), ctx);
      expect(where(out.errors)).toEqual([[8, 'count', 'total_mismatch']]);
      expect(out.errors[0]!.message).toContain('add up to 0');
    });
  });

  describe('labels', () => {
    it('accepts codes and EN/NL/FR labels whatever their case', () => {
      const out = validateCellRows(
        sheet(CELL_COLUMNS, [
          ['Headcount', '', 'AGENT', 'Vrouw', 'be_be', '1'],
          ['personeelsbestand', '', 'Agent van politie', 'Male', 'Belg van Belgische herkomst', '2'],
          ['Recrutements', 'Nouvelle recrue', 'agent', 'femme', 'Niet-Belg, niet-EU', '3'],
          ['hires', 'New Recruit', 'Basiskader (inspecteur)', ' X ', 'NOT DECLARED', '4'],
          ['Uitstroom', 'Pensioen', 'officer', 'Non déclaré', 'Non-Belge, UE', '5'],
        ]),
        ctx,
      );
      expect(out.errors).toEqual([]);
      expect(out.cells).toEqual([
        cell('headcount', '', 'agent', 'female', 'be_be', 1),
        cell('headcount', '', 'agent', 'male', 'be_be', 2),
        cell('hires', 'new_recruit', 'agent', 'female', 'non_be_non_eu', 3),
        cell('hires', 'new_recruit', 'basic', 'x', 'not_declared', 4),
        cell('separations', 'retirement', 'officer', 'not_declared', 'non_be_eu', 5),
      ]);
    });

    it('treats "Vrouw" and "Female" as the same value, so the second row is a duplicate', () => {
      const out = validateCellRows(
        sheet(CELL_COLUMNS, [
          ['headcount', '', 'agent', 'Vrouw', 'be_be', '1'],
          ['headcount', '', 'agent', 'Female', 'be_be', '1'],
        ]),
        ctx,
      );
      expect(where(out.errors)).toEqual([[3, null, 'duplicate']]);
    });
  });

  describe('JSON cells', () => {
    it('jsonCellsToTable numbers cells from 1 and defaults detail to empty', () => {
      const { table, errors } = jsonCellsToTable([{ measure: 'headcount', category: 'agent', classes: { gender: 'female', origin: 'be_be' }, count: 12 }]);
      expect(errors).toEqual([]);
      expect(table).toEqual({
        columns: [],
        rows: [{ row: 1, values: { measure: 'headcount', category: 'agent', gender: 'female', origin: 'be_be', count: '12', detail: '' } }],
      });
    });

    it('validates cells with optional dimensions per cell', () => {
      const { table, errors } = jsonCellsToTable([
        { measure: 'headcount', category: 'agent', classes: { gender: 'female', origin: 'be_be' }, count: 12 },
        { measure: 'headcount', detail: '', category: 'agent', classes: { gender: 'male', origin: 'be_be', age_band: 'under_30' }, count: 3 },
        { measure: 'hires', detail: 'transfer_in', category: 'basic', classes: { gender: 'male', origin: 'be_eu' }, count: '2', zone: '5345', quarter: '2025-Q3' },
      ]);
      expect(errors).toEqual([]);
      const out = validateCellRows(table, ctx, { checkHeader: false });
      expect(out.errors).toEqual([]);
      // Sorted by cell key: "age_band=…" sorts before "gender=…".
      expect(out.cells).toEqual([
        { measure: 'headcount', detail: '', category: 'agent', classes: { gender: 'male', origin: 'be_be', age_band: 'under_30' }, count: 3 },
        cell('headcount', '', 'agent', 'female', 'be_be', 12),
        cell('hires', 'transfer_in', 'basic', 'male', 'be_eu', 2),
      ]);
    });

    it('reports unknown fields, non-object classes, bad counts and non-object cells by position', () => {
      const { table, errors } = jsonCellsToTable([
        { measure: 'headcount', category: 'agent', classes: { gender: 'female', origin: 'be_be' }, count: 12, colour: 'blue' }, // 1
        42, // 2
        { measure: 'headcount', category: 'agent', classes: 'female', count: 1 }, // 3
        { measure: 'headcount', category: 'agent', classes: { gender: 'male', origin: 'be_be' }, count: 1.5 }, // 4
        { measure: 'headcount', category: 'basic', classes: { gender: 'male', origin: 'be_be', eyes: 'blue' }, count: null }, // 5
      ]);
      expect(where(errors)).toEqual([
        [2, null, 'not_an_object'],
        [3, 'classes', 'not_an_object'],
      ]);
      expect(table.rows.map((r) => r.row)).toEqual([1, 3, 4, 5]);
      const out = validateCellRows(table, ctx, { checkHeader: false });
      expect(where(out.errors)).toEqual([
        [1, 'colour', 'unknown_field'],
        [3, 'gender', 'required'],
        [3, 'origin', 'required'],
        [4, 'count', 'not_integer'],
        [5, 'eyes', 'unknown_field'],
        [5, 'count', 'required'],
      ]);
    });

    it('does not report a missing optional dimension or require header columns', () => {
      const { table } = jsonCellsToTable([{ measure: 'headcount', detail: '', category: 'officer', classes: { gender: 'x', origin: 'not_declared' }, count: 0 }]);
      const out = validateCellRows(table, ctx, { checkHeader: false });
      expect(out.errors).toEqual([]);
      expect(out.cells).toEqual([cell('headcount', '', 'officer', 'x', 'not_declared', 0)]);
    });
  });
});

describe('aggregatePersonRows', () => {
  it('aggregates a small extract to the exact cells', () => {
    const out = aggregatePersonRows(
      sheet(PERSON_COLUMNS, [
        ['agent', 'female', 'be_be', 'yes', 'new_recruit', 'no', ''], // headcount + hire
        ['agent', 'female', 'be_be', 'ja', '', '', ''], // headcount
        ['agent', 'male', 'be_non_eu', 'oui', 'transfer_in', '', ''], // headcount + hire (transfer)
        ['basic', 'male', 'be_non_eu', 'yes', '', 'yes', ''], // headcount + promotion
        ['basic', 'female', 'not_declared', 'non', '', 'nee', 'retirement'], // separation
        ['agent', 'male', 'be_non_eu', 'no', 'new_recruit', 'no', 'resignation'], // hire + separation
        ['Agent', 'Vrouw', 'be_be', 'Yes', 'New recruit', 'N', ''], // headcount + hire
      ]),
      ctx,
    );
    expect(out.errors).toEqual([]);
    expect(out.rowsRead).toBe(7);
    expect(out.cells).toEqual([
      cell('headcount', '', 'agent', 'female', 'be_be', 3),
      cell('headcount', '', 'agent', 'male', 'be_non_eu', 1),
      cell('headcount', '', 'basic', 'male', 'be_non_eu', 1),
      cell('hires', 'new_recruit', 'agent', 'female', 'be_be', 2),
      cell('hires', 'new_recruit', 'agent', 'male', 'be_non_eu', 1),
      cell('hires', 'transfer_in', 'agent', 'male', 'be_non_eu', 1),
      cell('promotions', '', 'basic', 'male', 'be_non_eu', 1),
      cell('separations', 'resignation', 'agent', 'male', 'be_non_eu', 1),
      cell('separations', 'retirement', 'basic', 'female', 'not_declared', 1),
    ]);
  });

  it('keeps optional dimensions present in the extract', () => {
    const out = aggregatePersonRows(
      sheet([...PERSON_COLUMNS, 'age_band', 'zone'], [
        ['officer', 'male', 'be_be', 'yes', '', '', '', '50_plus', '5345'],
        ['officer', 'male', 'be_be', 'yes', '', '', '', '50+', '5345'],
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([[3, 'age_band', 'unknown_code']]);
    const ok = aggregatePersonRows(
      sheet([...PERSON_COLUMNS, 'age_band'], [
        ['officer', 'male', 'be_be', 'yes', '', '', '', '50_plus'],
        ['officer', 'male', 'be_be', 'yes', '', '', '', '50 en ouder'],
      ]),
      ctx,
    );
    expect(ok.errors).toEqual([]);
    expect(ok.cells).toEqual([{ measure: 'headcount', detail: '', category: 'officer', classes: { gender: 'male', origin: 'be_be', age_band: '50_plus' }, count: 2 }]);
  });

  it('reports inconsistent and invalid rows with row and column', () => {
    const out = aggregatePersonRows(
      sheet([...PERSON_COLUMNS, 'zone'], [
        ['agent', 'female', 'be_be', 'yes', '', 'no', 'retirement'], // 2 reason but in service
        ['agent', 'female', 'be_be', 'no', '', 'no', ''], // 3 not in service, no reason
        ['agent', 'female', 'be_be', 'maybe', '', '', ''], // 4 not yes/no
        ['agent', 'female', 'be_be', '', '', '', ''], // 5 empty in service
        ['agent', 'female', 'be_be', 'yes', 'promotion', '', ''], // 6 unknown entry type
        ['agent', 'female', 'be_be', 'no', '', '', 'fired'], // 7 unknown reason
        ['agent', 'female', 'be_be', 'yes', '', 'perhaps', ''], // 8 promoted not yes/no
        ['cadet', 'female', '', 'yes', '', '', ''], // 9 unknown category, empty origin
        ['agent', 'female', 'be_be', 'yes', '', '', '', '5330'], // 10 other zone
        ['agent', 'male', 'be_be', 'yes', '', '', ''], // 11 fine
      ]),
      ctx,
    );
    expect(where(out.errors)).toEqual([
      [2, 'left_reason', 'inconsistent'],
      [3, 'left_reason', 'required'],
      [4, 'in_service_at_end', 'not_yes_no'],
      [5, 'in_service_at_end', 'required'],
      [6, 'joined', 'unknown_code'],
      [7, 'left_reason', 'unknown_code'],
      [8, 'promoted', 'not_yes_no'],
      [9, 'category', 'unknown_code'],
      [9, 'origin', 'required'],
      [10, 'zone', 'wrong_zone'],
    ]);
  });

  it('refuses a name column and reports missing columns', () => {
    const named = aggregatePersonRows(sheet([...PERSON_COLUMNS, 'name'], [['agent', 'female', 'be_be', 'yes', '', '', '', 'Jan']]), ctx);
    expect(where(named.errors)).toEqual([[1, 'name', 'personal_data_column']]);
    const missing = aggregatePersonRows(sheet(['category', 'gender', 'origin', 'in_service_at_end'], [['agent', 'female', 'be_be', 'yes']]), ctx);
    expect(where(missing.errors)).toEqual([
      [1, 'joined', 'missing_column'],
      [1, 'promoted', 'missing_column'],
      [1, 'left_reason', 'missing_column'],
    ]);
    expect(missing.cells).toEqual([]);
  });

  it('reports an extract where nobody is in service at the end', () => {
    const out = aggregatePersonRows(sheet(PERSON_COLUMNS, [['agent', 'female', 'be_be', 'no', '', '', 'transfer_out']]), ctx);
    expect(where(out.errors)).toEqual([[null, 'in_service_at_end', 'no_headcount']]);
  });
});
