import { describe, expect, it } from '@jest/globals';
import { summaryItems } from './field-problems';

type Field = 'name' | 'code';
interface P {
  column: string | null;
  message: string;
}

const fieldOf = (p: P): Field | null => (p.column === 'name' || p.column === 'code' ? p.column : null);
const ids: Record<Field, string> = { name: 'f-name', code: 'f-code' };
const labelOf = (field: Field | null) => (field ? `Label of ${field}` : 'The whole form');

describe('summaryItems', () => {
  it('links a field’s problem to its control, named by the field’s label', () => {
    expect(summaryItems([{ column: 'code', message: 'too long' }], fieldOf, ids, labelOf, (p) => p.message)).toEqual([
      { target: 'f-code', field: 'Label of code', text: 'too long' },
    ]);
  });

  it('gives a problem of no field no target and the whole form’s name', () => {
    expect(summaryItems([{ column: 'active', message: 'last administrator' }], fieldOf, ids, labelOf, (p) => p.message)).toEqual([
      { target: null, field: 'The whole form', text: 'last administrator' },
    ]);
  });

  it('keeps the problems’ order, one item each, the text written by `text`', () => {
    const items = summaryItems(
      [
        { column: 'name', message: 'a' },
        { column: null, message: 'b' },
        { column: 'name', message: 'c' },
      ],
      fieldOf,
      ids,
      labelOf,
      (p) => p.message.toUpperCase(),
    );
    expect(items.map((i) => [i.target, i.text])).toEqual([
      ['f-name', 'A'],
      [null, 'B'],
      ['f-name', 'C'],
    ]);
  });

  it('lists nothing when there is no problem', () => {
    expect(summaryItems([], fieldOf, ids, labelOf, (p: P) => p.message)).toEqual([]);
  });
});
