// Reading one figure on each path (zone metrics, national row, target, export row) and comparing the
// readings: shared by figure-paths.e2e-spec.ts (demo-like data) and uk-national.e2e-spec.ts (the UK
// file, per rank). The zone's figure is read field by field, not with the API's reader
// (`figureValue`), so that the tests do not share its mistakes.
import {
  type Count,
  EXPORT_METRICS,
  type ExportRow,
  FIGURES,
  type FigureCode,
  type FigureKind,
  figuresOfferedIn,
  NATIONAL_METRICS,
  type NationalDto,
  type NationalRow,
  type NoValueReason,
  type RateDto,
  TARGET_METRICS,
  type TargetProgressDto,
  type ZoneMetricsDto,
} from '@equity/shared';
import type request from 'supertest';
import { auth } from './utils.js';

/** One figure as a path shows it: its value, the counts of the rate behind it (when the path shows them) and why it has none. */
export interface Reading {
  value: number | null;
  numerator?: Count | null;
  denominator?: Count | null;
  reason: NoValueReason | null;
}

export const isCount = (c: unknown): c is number => typeof c === 'number';
const REASONS: readonly string[] = ['no_data', 'suppressed', 'too_few_to_conclude'];
const asReason = (verdict: string | null | undefined): NoValueReason | null => (verdict && REASONS.includes(verdict) ? (verdict as NoValueReason) : null);
const rateReason = (r: RateDto): NoValueReason | null => (r.noData ? 'no_data' : !isCount(r.numerator) || !isCount(r.denominator) ? 'suppressed' : null);
const ofRate = (r: RateDto, value: number | null = r.value): Reading => ({ value, numerator: r.numerator, denominator: r.denominator, reason: rateReason(r) });

/** The figures that are a rate of the zone's metrics as it stands, each with where it stands. */
type RateFigure = 'representation' | 'representation_of_total' | 'declaration_rate' | 'hiring_share' | 'promotion_rate' | 'retention';
const RATE_FIGURES: Record<RateFigure, (m: ZoneMetricsDto) => RateDto> = {
  representation: (m) => m.representation.ofDeclared,
  representation_of_total: (m) => m.representation.ofTotal,
  declaration_rate: (m) => m.representation.declaration,
  hiring_share: (m) => m.hiring.share,
  promotion_rate: (m) => m.promotion.group,
  retention: (m) => m.separation.retention.group,
};

const isRateFigure = (code: FigureCode): code is RateFigure => code in RATE_FIGURES;

/** A figure read from the zone's metrics, written out field by field. */
export function zoneReading(m: ZoneMetricsDto, code: FigureCode): Reading {
  if (isRateFigure(code)) return ofRate(RATE_FIGURES[code](m));
  switch (code) {
    case 'hiring_ratio': {
      const h = m.hiring;
      const reason = h.noData ? 'no_data' : h.withheld ? 'suppressed' : h.ratio === null && h.tooFewToConclude ? 'too_few_to_conclude' : null;
      return { value: h.ratio, numerator: h.share.numerator, denominator: h.share.denominator, reason };
    }
    case 'promotion_impact_ratio': {
      const p = m.promotion;
      return { value: p.impactRatio, numerator: p.group.numerator, denominator: p.group.denominator, reason: p.impactRatio === null ? asReason(p.verdict) : null };
    }
    case 'separations_per_1000':
      return ofRate(m.separation.group, m.separation.groupPer1000);
    case 'availability_gap': {
      const r = m.representation.ofTotal;
      const reason = r.noData ? 'no_data' : m.availability === null ? null : rateReason(r);
      return { value: m.availability?.gap ?? null, numerator: r.numerator, denominator: r.denominator, reason };
    }
  }
}

/** A zone's (or the total's) row of the national comparison. */
export function nationalReading(row: Pick<NationalRow, 'value' | 'rate' | 'verdict' | 'benchmark'>, code: FigureCode): Reading {
  const r = row.rate!;
  const counts = { numerator: r.numerator, denominator: r.denominator };
  if (code === 'hiring_ratio' || code === 'promotion_impact_ratio') return { value: row.value, ...counts, reason: row.value === null ? asReason(row.verdict) : null };
  if (code === 'availability_gap') return { value: row.value, ...counts, reason: r.noData ? 'no_data' : !row.benchmark ? null : rateReason(r) };
  return { value: row.value, ...counts, reason: rateReason(r) };
}

/** A target's value for the quarter: no counts. */
export const targetReading = (p: { actual: number | null; unavailable: NoValueReason | null }): Reading => ({ value: p.actual, reason: p.unavailable });

/** An export row: `{noData: true}`, `{suppressed: true}` and `{tooFew: true}` are the reasons; counts only for rate figures. */
export function exportReading(row: ExportRow, code: FigureCode): Reading {
  const v = row.value as unknown;
  const reason = typeof v === 'object' && v !== null ? ('noData' in v ? 'no_data' : 'tooFew' in v ? 'too_few_to_conclude' : 'suppressed') : null;
  const counts = FIGURES[code].value === 'rate' ? { numerator: row.numerator as Count | null, denominator: row.denominator as Count | null } : {};
  return { value: isCount(v) ? v : null, ...counts, reason };
}

/**
 * What a target shows of a zone's figure: the same, except that a promotion impact ratio "too few
 * to conclude" has no value there (`conclusiveOnly`, docs/metrics.md).
 */
export function forTarget(expected: Reading, code: FigureCode, m: ZoneMetricsDto): Reading {
  if (code === 'promotion_impact_ratio' && m.promotion.verdict === 'too_few_to_conclude') return { value: null, reason: 'too_few_to_conclude' };
  return { value: expected.value, reason: expected.reason };
}

/** Tolerance of a value, by kind: 0.1 percentage point for shares and points, 0.001 for ratios, 0.1 per 1,000. */
const TOLERANCE: Record<FigureKind, number> = { share: 0.001, percentage_points: 0.001, ratio: 0.001, rate_per_1000: 0.1 };

/**
 * The differences between a path's reading and the zone's (empty when they agree): the same reason,
 * a value within the kind's tolerance (or none on both), and the same counts where both show them.
 */
export function differences(where: string, code: FigureCode, expected: Reading, actual: Reading): string[] {
  const out: string[] = [];
  const say = (what: string, e: unknown, a: unknown) => out.push(`${where} ${code} ${what}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  if (expected.reason !== actual.reason) say('reason', expected.reason, actual.reason);
  if ((expected.value === null) !== (actual.value === null)) say('value', expected.value, actual.value);
  else if (expected.value !== null && actual.value !== null && !(Math.abs(expected.value - actual.value) <= TOLERANCE[FIGURES[code].kind])) say('value', expected.value, actual.value);
  if (expected.reason === null && actual.reason === null) {
    for (const side of ['numerator', 'denominator'] as const) {
      const [e, a] = [expected[side], actual[side]];
      if (e !== undefined && a !== undefined && JSON.stringify(e) !== JSON.stringify(a)) say(side, e, a);
    }
  }
  return out;
}


export interface Tally {
  /** Readings compared with the zone's. */
  compared: number;
  /** How many of the zone's readings had a value, or each reason. */
  reasons: Record<string, number>;
  differences: string[];
}

export interface PathsQuery {
  token: string;
  /** Who asks, in the differences' text. */
  who: string;
  zones: string[];
  period: string;
  /** `classification:group`. */
  group: string;
  /** Category selections: '' for all staff, else one category code (per rank). */
  selections: readonly string[];
  /** Targets by `${zone}|${selection}|${metric}`: the target path is compared where there is one. */
  targets: Map<string, number>;
  /** The zones' classification profile, for the national comparison and the export (default: theirs, or the default profile). */
  profile?: string;
}

/**
 * Every figure of every zone asked for, on every path that offers it (national row, target,
 * export), against the zone path (`GET /zones/:code/metrics`), for each category selection.
 */
export async function compareFigurePaths(http: ReturnType<typeof request>, q: PathsQuery): Promise<Tally> {
  const get = async <T>(url: string): Promise<T> => (await http.get(url).set(auth(q.token)).expect(200)).body as T;
  const [classification, groupCode] = q.group.split(':') as [string, string];
  const tally: Tally = { compared: 0, reasons: {}, differences: [] };
  const check = (where: string, code: FigureCode, expected: Reading, actual: Reading) => {
    tally.compared += 1;
    tally.reasons[expected.reason ?? 'value'] = (tally.reasons[expected.reason ?? 'value'] ?? 0) + 1;
    tally.differences.push(...differences(where, code, expected, actual));
  };
  const ranks = q.selections.filter(Boolean);
  const profile = q.profile ? `&profile=${q.profile}` : '';
  const exported = (
    await get<{ rows: ExportRow[] }>(
      `/api/v1/exports?format=json&zones=${q.zones.join(',')}&from=${q.period}&to=${q.period}${ranks.length ? `&categories=${ranks.join(',')}` : ''}&classifications=${classification}&measures=headcount&metrics=${EXPORT_METRICS.join(',')}&groups=${q.group}${profile}`,
    )
  ).rows;
  const targetList = q.targets.size ? await get<TargetProgressDto[]>('/api/v1/targets') : [];
  for (const selection of q.selections) {
    const categories = selection ? `&categories=${selection}` : '';
    const nationals = new Map<string, NationalDto>();
    for (const metric of NATIONAL_METRICS) nationals.set(metric, await get<NationalDto>(`/api/v1/national?period=${q.period}&metric=${metric}&group=${q.group}${categories}${profile}`));
    for (const zone of q.zones) {
      const m = await get<ZoneMetricsDto>(`/api/v1/zones/${zone}/metrics?period=${q.period}&group=${q.group}${categories}`);
      const where = (path: string) => `${q.who} ${path} zone ${zone}${selection ? ` categories=${selection}` : ''}`;
      for (const code of figuresOfferedIn('exports')) {
        const expected = zoneReading(m, code);
        if ((NATIONAL_METRICS as readonly string[]).includes(code)) {
          const row = nationals.get(code)!.rows.find((r) => r.zone === zone);
          if (!row) tally.differences.push(`${where('national')} ${code}: no row`);
          else check(where('national'), code, expected, nationalReading(row, code));
        }
        const targetId = q.targets.get(`${zone}|${selection}|${code}`);
        if ((TARGET_METRICS as readonly string[]).includes(code) && targetId !== undefined) {
          const point = targetList.find((x) => x.id === targetId)?.points.find((p) => p.period === q.period);
          if (!point) tally.differences.push(`${where('target')} ${code}: no point for ${q.period}`);
          else check(where('target'), code, forTarget(expected, code, m), targetReading(point));
        }
        const group = code === 'declaration_rate' ? 'declared' : groupCode;
        const rows = exported.filter((r) => r.zone === zone && r.statistic === code && r.category === (selection || 'total') && r.group === group);
        if (rows.length !== 1) tally.differences.push(`${where('export')} ${code}: ${rows.length} rows`);
        else check(where('export'), code, expected, exportReading(rows[0]!, code));
      }
    }
  }
  return tally;
}
