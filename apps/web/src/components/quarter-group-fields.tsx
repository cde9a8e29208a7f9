import { type ClassificationProfile, defaultPeriod } from '@equity/shared';
import { useId } from 'react';
import { DEFAULT_GROUP, groupOptionSets, type GroupOptionSet } from '../lib/group-options';
import { t } from '../lib/i18n';
import { useParam } from '../lib/use-param';

/**
 * The quarter and group a zone's page shows, from the address (`period`, `group`): a quarter with a
 * return (else the default: the latest ended one), a group of the zone's profile (else migration
 * background, else the first). `update` changes the address.
 */
export function useQuarterAndGroup(periods: string[], profile: ClassificationProfile | undefined) {
  const [params, update] = useParam();
  const period = periods.find((p) => p === params.get('period')) ?? defaultPeriod(periods);
  const sets = profile ? groupOptionSets(profile) : [];
  const groups = sets.flatMap((s) => s.options.map((o) => o.code));
  const group = groups.find((g) => g === params.get('group')) ?? (groups.includes(DEFAULT_GROUP) ? DEFAULT_GROUP : groups[0]);
  return { period, group, periods, sets, update };
}

/** The quarter and group pickers of a zone's page (zone page, quarterly report). */
export function QuarterGroupFields({
  periods,
  period,
  sets,
  group,
  update,
}: {
  periods: string[];
  period: string;
  sets: GroupOptionSet[];
  group: string;
  update: (key: string, value: string) => void;
}) {
  const quarterId = useId();
  const groupId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={quarterId}>{t('picker.quarter')}</label>
        <select id={quarterId} value={period} onChange={(e) => update('period', e.target.value)}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={groupId}>{t('overview.group')}</label>
        <select id={groupId} value={group} onChange={(e) => update('group', e.target.value)}>
          <GroupOptgroups sets={sets} />
        </select>
      </div>
    </>
  );
}

/** The groups of a profile as the options of a select, one optgroup per classification. */
export function GroupOptgroups({ sets }: { sets: GroupOptionSet[] }) {
  return (
    <>
      {sets.map((set) => (
        <optgroup key={set.dimension} label={set.label}>
          {set.options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
