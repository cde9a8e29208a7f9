import {
  classesKey,
  isSuppressed,
  MEASURES,
  requiredDimensions,
  type CellInput,
  type Classes,
  type ClassificationProfile,
  type DimensionDef,
  type MeasureCode,
  type ReturnDto,
} from '@equity/shared';
import { label } from '../../../lib/i18n';
import { categoryLabel, classesText, combinations } from '../../../lib/profile-utils';

/** The measures entered as lines (measure, detail, category, values, count): the flows and the selection funnel (by stage). */
export type FlowMeasure = Extract<MeasureCode, 'hires' | 'promotions' | 'separations' | 'funnel'>;
export const FLOW_MEASURES: readonly FlowMeasure[] = ['hires', 'promotions', 'separations', 'funnel'];

const isFlowMeasure = (m: MeasureCode): m is FlowMeasure => (FLOW_MEASURES as readonly string[]).includes(m);

export interface FlowLine {
  id: string;
  measure: FlowMeasure;
  detail: string;
  category: string;
  /** One value per required dimension; '' while not chosen. */
  classes: Classes;
  count: string;
}

export interface FormModel {
  /** Headcount input text per `headcountKey(category, classes)`; missing or '' means 0. */
  headcount: Record<string, string>;
  flows: FlowLine[];
  /** Cells of measures the form does not edit (none of the built-in ones), sent back unchanged. */
  preserved: CellInput[];
  /** Optional dimensions (age band, disability) the current revision breaks counts down by. */
  droppedDimensions: string[];
}

/** How the headcount grid is laid out: the dimension with most values across, the others down. */
export interface GridLayout {
  columnDimension: DimensionDef | undefined;
  rowDimensions: DimensionDef[];
  rowCombinations: Classes[];
  columnCombinations: Classes[];
}

export function gridLayout(profile: ClassificationProfile): GridLayout {
  const required = requiredDimensions(profile);
  const columnDimension = [...required].sort((a, b) => b.values.length - a.values.length)[0];
  const rowDimensions = required.filter((d) => d !== columnDimension);
  return {
    columnDimension,
    rowDimensions,
    rowCombinations: combinations(rowDimensions),
    columnCombinations: columnDimension ? combinations([columnDimension]) : [{}],
  };
}

export const headcountKey = (category: string, classes: Classes): string => `${category}|${classesKey(classes)}`;

let lineSeq = 0;
export const newLineId = (): string => `line-${++lineSeq}`;

export function newFlowLine(profile: ClassificationProfile): FlowLine {
  const classes: Classes = {};
  for (const d of requiredDimensions(profile)) classes[d.code] = '';
  return { id: newLineId(), measure: 'hires', detail: MEASURES.hires.details[0]?.code ?? '', category: '', classes, count: '' };
}

/** Keeps only the required dimensions of a cell's classes (optional ones are summed over). */
function requiredClasses(profile: ClassificationProfile, classes: Classes): Classes {
  const out: Classes = {};
  for (const d of requiredDimensions(profile)) out[d.code] = classes[d.code] ?? '';
  return out;
}

/** The form's starting values: the current revision, summed over optional dimensions. */
export function modelFromReturn(profile: ClassificationProfile, current: ReturnDto | null): FormModel {
  const model: FormModel = { headcount: {}, flows: [], preserved: [], droppedDimensions: [] };
  if (!current) return model;
  const required = new Set(requiredDimensions(profile).map((d) => d.code));
  const dropped = new Set<string>();
  const headcount = new Map<string, number>();
  const flows = new Map<string, FlowLine & { total: number }>();
  for (const cell of current.cells) {
    if (isSuppressed(cell.count)) continue; // HR and admin see full counts; nothing to prefill otherwise
    for (const [dim, value] of Object.entries(cell.classes)) if (!required.has(dim) && value !== '') dropped.add(dim);
    const classes = requiredClasses(profile, cell.classes);
    if (cell.measure === 'headcount') {
      const key = headcountKey(cell.category, classes);
      headcount.set(key, (headcount.get(key) ?? 0) + cell.count);
    } else if (isFlowMeasure(cell.measure)) {
      const key = `${cell.measure}|${cell.detail}|${cell.category}|${classesKey(classes)}`;
      const line = flows.get(key);
      if (line) line.total += cell.count;
      else
        flows.set(key, {
          id: newLineId(),
          measure: cell.measure,
          detail: cell.detail,
          category: cell.category,
          classes,
          count: '',
          total: cell.count,
        });
    } else {
      model.preserved.push({ measure: cell.measure, detail: cell.detail, category: cell.category, classes: cell.classes, count: cell.count });
    }
  }
  for (const [key, count] of headcount) model.headcount[key] = String(count);
  const categoryOrder = new Map(profile.categories.map((c, i) => [c.code, i]));
  model.flows = [...flows.values()]
    .sort(
      (a, b) =>
        FLOW_MEASURES.indexOf(a.measure) - FLOW_MEASURES.indexOf(b.measure) ||
        (categoryOrder.get(a.category) ?? 99) - (categoryOrder.get(b.category) ?? 99) ||
        a.detail.localeCompare(b.detail),
    )
    .map(({ total, ...line }) => ({ ...line, count: String(total) }));
  model.droppedDimensions = [...dropped];
  return model;
}

/** Where a submitted cell came from in the form, to point at it when the API reports a problem. */
export interface CellOrigin {
  /** `h:<headcountKey>` for a grid input, `f:<line id>` for a flow line, `p:<n>` for a preserved cell. */
  ref: string;
  description: string;
}

export function describeCell(profile: ClassificationProfile, cell: Pick<CellInput, 'measure' | 'detail' | 'category' | 'classes'>): string {
  const measure = MEASURES[cell.measure];
  const detail = measure?.details.find((d) => d.code === cell.detail);
  const parts = [measure ? label(measure.label) : cell.measure];
  if (cell.detail) parts[0] += ` (${detail ? label(detail.label) : cell.detail})`;
  if (cell.category) parts.push(categoryLabel(profile, cell.category));
  const classes = classesText(profile, cell.classes);
  if (classes) parts.push(classes);
  return parts.join(' · ');
}

/** Parses an input: '' is 0; anything else is sent as typed so the API can say what is wrong. */
function parseCount(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isNaN(value) ? null : value;
}

/**
 * The cells to submit, in order, with where each came from (`origins[i]` is API row i + 1).
 * Zero and empty headcount inputs are left out: a missing cell counts 0.
 */
export function cellsFromModel(profile: ClassificationProfile, model: FormModel): { cells: CellInput[]; origins: CellOrigin[] } {
  const cells: CellInput[] = [];
  const origins: CellOrigin[] = [];
  const layout = gridLayout(profile);
  for (const category of profile.categories) {
    for (const rowClasses of layout.rowCombinations) {
      for (const columnClasses of layout.columnCombinations) {
        const classes = { ...rowClasses, ...columnClasses };
        const key = headcountKey(category.code, classes);
        const count = parseCount(model.headcount[key] ?? '');
        if (count === null || count === 0) continue;
        const cell: CellInput = { measure: 'headcount', detail: '', category: category.code, classes, count };
        cells.push(cell);
        origins.push({ ref: `h:${key}`, description: describeCell(profile, cell) });
      }
    }
  }
  for (const line of model.flows) {
    const count = parseCount(line.count);
    if (count === null && line.category === '') continue; // an untouched new line
    const cell: CellInput = { measure: line.measure, detail: line.detail, category: line.category, classes: { ...line.classes }, count: count ?? 0 };
    cells.push(cell);
    origins.push({ ref: `f:${line.id}`, description: describeCell(profile, cell) });
  }
  model.preserved.forEach((cell, i) => {
    cells.push(cell);
    origins.push({ ref: `p:${i}`, description: describeCell(profile, cell) });
  });
  return { cells, origins };
}
