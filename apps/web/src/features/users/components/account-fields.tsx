import { ROLES, type Role, type ZoneDto } from '@equity/shared';
import { useId, useState } from 'react';
import { controlAria, describedBy, FormField, TextField } from '../../../components/form-field';
import { label, t, tCount } from '../../../lib/i18n';
import type { FieldForm } from '../../../lib/use-field-form';
import type { UserField, UserForm } from '../utils/user-form';

/**
 * Name shown, role and (for HR officers) zones: the fields a new account and an existing one share.
 * `ids` are the controls' ids (the problem summary links to them), `errorsOf` their problems.
 */
export function AccountFields({ fields, zones }: { fields: FieldForm<UserField, UserForm>; zones: ZoneDto[] }) {
  const { form, set, ids, errorsOf, textField } = fields;
  return (
    <>
      <TextField {...textField('displayName')} label={t('users.field.displayName')} help={t('users.displayNameHelp')} required maxLength={200} autoComplete="off" />
      <FormField id={ids.role} label={t('users.field.role')} help={t(`users.roleHelp.${form.role}`)} errors={errorsOf('role')} required>
        <select
          id={ids.role}
          value={form.role}
          {...controlAria(ids.role, true, errorsOf('role'))}
          onChange={(e) => set('role', e.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </FormField>
      {form.role === 'hr' && <ZonePicker id={ids.zones} zones={zones} chosen={form.zones} errors={errorsOf('zones')} onChange={(z) => set('zones', z)} />}
    </>
  );
}

/**
 * The zones of an HR officer: a checkbox per zone, with a filter for long lists (a real deployment
 * has ~180 zones). Ticked zones stay listed whatever the filter, so none is ticked out of sight.
 */
function ZonePicker({ id, zones, chosen, errors, onChange }: { id: string; zones: ZoneDto[]; chosen: string[]; errors: string[]; onChange: (zones: string[]) => void }) {
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = zones.filter((z) => chosen.includes(z.code) || !needle || z.code.toLowerCase().includes(needle) || (label(z.names) || z.name).toLowerCase().includes(needle));
  const toggle = (code: string, on: boolean) => onChange(on ? zones.map((z) => z.code).filter((c) => c === code || chosen.includes(c)) : chosen.filter((c) => c !== code));
  return (
    <fieldset className="plain-fieldset zone-picker" aria-describedby={describedBy(id, true, errors)}>
      <legend id={id} tabIndex={-1}>
        {t('users.field.zones')}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p className="help" id={`${id}-help`}>
        {t('users.zonesHelp')} {tCount('users.zonesChosen', chosen.length, { count: chosen.length })}
      </p>
      {zones.length === 0 ? (
        <p className="help">{t('users.zonesNone')}</p>
      ) : (
        <>
          {zones.length > 8 && (
            <div className="field zone-picker__filter">
              <label htmlFor={filterId}>{t('users.zonesFilter')}</label>
              <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </div>
          )}
          <ul className="zone-picker__list">
            {shown.map((z) => (
              <li key={z.code}>
                <label className="checkbox">
                  <input type="checkbox" checked={chosen.includes(z.code)} onChange={(e) => toggle(z.code, e.target.checked)} /> {z.code} — {label(z.names) || z.name}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {errors.map((message, i) => (
        <p key={i} className="field__error" id={i === 0 ? `${id}-error` : undefined}>
          {message}
        </p>
      ))}
    </fieldset>
  );
}
