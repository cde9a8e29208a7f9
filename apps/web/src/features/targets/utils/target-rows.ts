import { periodIndex, type ClassificationProfile, type TargetProgressDto, type TargetStatus, type ZoneDto } from '@equity/shared';
import { label, t } from '../../../lib/i18n';
import { categoryLabel } from '../../../lib/profile-utils';
import { metricName, projectionText, targetFigureText, targetValueText } from '../../../lib/target-text';

/** One line of the targets table, with the texts it shows (the filter and the CSV use the same). */
export interface TargetRow {
  target: TargetProgressDto;
  zoneName: string;
  group: string;
  metric: string;
  categories: string;
  status: TargetStatus;
  texts: {
    baseline: string;
    value: string;
    current: string;
    projection: string;
  };
}

/** Worst first when sorted ascending: off track, at risk, on track, achieved, then without a value (withheld, too few, no data). */
export const STATUS_RANK: Record<TargetStatus, number> = { off_track: 0, at_risk: 1, on_track: 2, achieved: 3, suppressed: 4, too_few_to_conclude: 5, no_data: 6 };

export function targetRows(targets: TargetProgressDto[], zones: ZoneDto[], profiles: Map<string, ClassificationProfile>): TargetRow[] {
  const byCode = new Map(zones.map((z) => [z.code, z]));
  return targets.map((target) => {
    const zone = byCode.get(target.zone);
    const profile = zone ? profiles.get(zone.profile) : undefined;
    const baselineValue = target.baselineValue === null ? t('targets.value.unavailable') : targetFigureText(target.baselineValue, target.metric);
    return {
      target,
      zoneName: zone ? label(zone.names) || zone.name : target.zoneName,
      group: label(target.group.label),
      metric: metricName(target.metric),
      categories: target.categories.length === 0 ? t('targets.categories.all') : target.categories.map((c) => (profile ? categoryLabel(profile, c) : c)).join(', '),
      // Without a quarter that has a value, the latest quarter says why: withheld is not "no data".
      status: target.current?.status ?? target.points.at(-1)?.status ?? 'no_data',
      texts: {
        baseline: baselineValue,
        value: targetValueText(target),
        current: target.current ? targetFigureText(target.current.actual, target.metric) : targetFigureText(null, target.metric, target.points.at(-1)?.unavailable ?? null),
        projection: projectionText(target.projection),
      },
    };
  });
}

/** Sort key of a projection: the quarter reached; "not at this pace" and none last. */
export function projectionKey(target: TargetProgressDto): number | undefined {
  const p = target.projection;
  if (p === null || p.period === null) return undefined;
  return periodIndex(p.period);
}

/** Exactly the table as shown (order and filter), for the CSV. */
export function targetsCsv(rows: TargetRow[]): string[][] {
  const header = [
    t('overview.csv.zoneCode'),
    t('targets.col.zone'),
    t('targets.col.group'),
    t('targets.col.metric'),
    t('targets.col.categories'),
    t('targets.col.baseline'),
    t('targets.csv.baselineValue'),
    t('targets.col.value'),
    t('targets.col.deadline'),
    t('targets.csv.currentPeriod'),
    t('targets.col.current'),
    t('targets.csv.status'),
    t('targets.col.projection'),
    t('targets.form.field.note'),
  ];
  return [
    header,
    ...rows.map((r) => [
      r.target.zone,
      r.zoneName,
      r.group,
      r.metric,
      r.categories,
      r.target.baselinePeriod,
      r.texts.baseline,
      r.texts.value,
      r.target.deadlinePeriod,
      r.target.current?.period ?? '',
      r.texts.current,
      t(`target.${r.status}`),
      r.texts.projection,
      r.target.note,
    ]),
  ];
}
