import { describe, expect, it } from '@jest/globals';
import type { CellDto } from '@equity/shared';
import { changedCells } from './revision-diff';

const cell = (category: string, gender: string, count: number, measure: CellDto['measure'] = 'headcount', detail = ''): CellDto => ({
  measure,
  detail,
  category,
  classes: { origin: 'be_be', gender },
  count,
});

describe('changedCells', () => {
  it('lists only cells whose count differs, with the count before and after', () => {
    const earlier = [cell('basic', 'male', 10), cell('basic', 'female', 4), cell('middle', 'male', 3)];
    const later = [cell('basic', 'male', 10), cell('basic', 'female', 5), cell('middle', 'male', 3)];
    expect(changedCells(earlier, later)).toEqual([{ ...cell('basic', 'female', 5), before: 4 }]);
  });

  it('a stored zero and a missing cell are the same count: no change', () => {
    expect(changedCells([cell('basic', 'male', 10), cell('agent', 'male', 0)], [cell('basic', 'male', 10)])).toEqual([]);
  });

  it('a cell added or removed counts 0 on the side without it', () => {
    const added = cell('officer', 'female', 2);
    const removed = cell('basic', 'male', 7, 'separations', 'retirement');
    expect(changedCells([removed], [added])).toEqual([
      { ...removed, count: 0, before: 7 },
      { ...added, before: 0 },
    ]);
  });

  it('matches cells whatever the order of their classes', () => {
    const a: CellDto = { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_eu' }, count: 3 };
    const b: CellDto = { measure: 'headcount', detail: '', category: 'basic', classes: { origin: 'be_eu', gender: 'male' }, count: 3 };
    expect(changedCells([a], [b])).toEqual([]);
  });
});
