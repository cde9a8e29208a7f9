import type { ZoneDto } from '@equity/shared';
import { useId } from 'react';
import { label, t } from '../lib/i18n';

/** A labelled select of police zones: "5415 — Gent". */
export function ZoneSelect({
  zones,
  value,
  onChange,
}: {
  zones: ZoneDto[];
  value: string | undefined;
  onChange: (zone: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('picker.zone')}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        {zones.map((zone) => (
          <option key={zone.code} value={zone.code}>
            {zone.code} — {label(zone.names) || zone.name}
          </option>
        ))}
      </select>
    </div>
  );
}
