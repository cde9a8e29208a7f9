import type { MeasureCode } from './measures.js';
import type { ClassificationProfile } from './profiles/profile.js';

/** Values of the profile's dimensions for one cell, e.g. `{ gender: 'female', origin: 'be_be' }`. */
export type Classes = Record<string, string>;

/** One count of a quarterly return: measure × detail × staff category × classification values. */
export interface Cell {
  measure: MeasureCode;
  /** Entry type for hires, reason for separations, stage for the funnel; '' otherwise. */
  detail: string;
  category: string;
  classes: Classes;
  count: number;
}

/** Canonical text of a cell's classes, independent of key order. */
export function classesKey(classes: Classes): string {
  // Called per cell by validation and the stock-flow check: a loop, not sort/map/join chains.
  const keys = Object.keys(classes);
  if (keys.length > 1) keys.sort();
  let key = '';
  for (let i = 0; i < keys.length; i++) key += `${i === 0 ? '' : ';'}${keys[i]}=${classes[keys[i]!]}`;
  return key;
}

/** Identity of a cell within a return: two cells with the same key are duplicates. */
export function cellKey(cell: Pick<Cell, 'measure' | 'detail' | 'category' | 'classes'>): string {
  return `${cell.measure}|${cell.detail}|${cell.category}|${classesKey(cell.classes)}`;
}

export interface StockFlowGap {
  category: string;
  classes: Classes;
  previousHeadcount: number;
  hires: number;
  promotionsIn: number;
  promotionsOut: number;
  separations: number;
  /** Headcount the flows imply: previous + hires + promotions in − promotions out − separations. */
  expected: number;
  actual: number;
  /** actual − expected. */
  gap: number;
}

/**
 * Stock-flow consistency of a return against the previous quarter's headcount:
 * end = previous end + hires + promotions in − promotions out − separations, per category and classes.
 * Promotions out of a category are the promotions into the categories whose single feeder it is.
 * Returns only the cells where the identity does not hold. A gap is a warning, not an error: people
 * may change their declaration between quarters.
 */
export function stockFlowGaps(profile: ClassificationProfile, previous: Cell[], current: Cell[]): StockFlowGap[] {
  /** A gap being summed: everything but what is derived from the sums. */
  type Acc = Omit<StockFlowGap, 'expected' | 'gap'>;
  const acc = new Map<string, Acc>();
  const get = (category: string, classes: Classes): Acc => {
    const key = `${category}|${classesKey(classes)}`;
    let a = acc.get(key);
    if (!a) {
      a = { category, classes, previousHeadcount: 0, hires: 0, promotionsIn: 0, promotionsOut: 0, separations: 0, actual: 0 };
      acc.set(key, a);
    }
    return a;
  };
  const singleFeeder = new Map(profile.categories.filter((c) => c.feeders.length === 1).map((c) => [c.code, c.feeders[0]]));
  for (const cell of previous) if (cell.measure === 'headcount') get(cell.category, cell.classes).previousHeadcount += cell.count;
  for (const cell of current) {
    switch (cell.measure) {
      case 'headcount':
        get(cell.category, cell.classes).actual += cell.count;
        break;
      case 'hires':
        get(cell.category, cell.classes).hires += cell.count;
        break;
      case 'separations':
        get(cell.category, cell.classes).separations += cell.count;
        break;
      case 'promotions': {
        get(cell.category, cell.classes).promotionsIn += cell.count;
        const feeder = singleFeeder.get(cell.category);
        if (feeder) get(feeder, cell.classes).promotionsOut += cell.count;
        break;
      }
      case 'funnel':
        break;
    }
  }
  const gaps: StockFlowGap[] = [];
  for (const a of acc.values()) {
    const expected = a.previousHeadcount + a.hires + a.promotionsIn - a.promotionsOut - a.separations;
    if (expected !== a.actual) gaps.push({ ...a, expected, gap: a.actual - expected });
  }
  return gaps.sort((x, y) => x.category.localeCompare(y.category) || classesKey(x.classes).localeCompare(classesKey(y.classes)));
}
