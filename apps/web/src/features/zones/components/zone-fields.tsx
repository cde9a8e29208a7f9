import { describedBy, FormField } from '../../../components/form-field';
import { t } from '../../../lib/i18n';
import type { ZoneField, ZoneForm } from '../utils/zone-form';

/**
 * The fields a zone has beside its code: the names in three languages, the classification profile
 * and the communes. `profileLocked` explains why the profile cannot change (the zone has returns).
 */
export function ZoneFields({
  form,
  set,
  ids,
  errorsOf,
  profiles,
  profileLocked,
}: {
  form: ZoneForm;
  set: <K extends ZoneField>(field: K, value: ZoneForm[K]) => void;
  ids: Record<ZoneField, string>;
  errorsOf: (field: ZoneField) => string[];
  profiles: string[];
  profileLocked?: string | null;
}) {
  const text = (field: 'nameNl' | 'nameFr' | 'nameEn', required: boolean, help?: string) => (
    <FormField id={ids[field]} label={t(`zones.field.${field}`)} help={help} errors={errorsOf(field)} required={required}>
      <input
        id={ids[field]}
        type="text"
        autoComplete="off"
        value={form[field]}
        aria-invalid={errorsOf(field).length > 0 || undefined}
        aria-describedby={describedBy(ids[field], help !== undefined, errorsOf(field))}
        onChange={(e) => set(field, e.target.value)}
      />
    </FormField>
  );
  const profileHelp = profileLocked ?? t('zones.profileHelp');
  return (
    <>
      {text('nameNl', true)}
      {text('nameFr', true)}
      {text('nameEn', false, t('zones.nameEnHelp'))}
      <FormField id={ids.profile} label={t('zones.field.profile')} help={profileHelp} errors={errorsOf('profile')} required>
        <select
          id={ids.profile}
          value={form.profile}
          disabled={Boolean(profileLocked)}
          aria-invalid={errorsOf('profile').length > 0 || undefined}
          aria-describedby={describedBy(ids.profile, true, errorsOf('profile'))}
          onChange={(e) => set('profile', e.target.value)}
        >
          {profiles.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={ids.communes} label={t('zones.field.communes')} help={t('zones.communesHelp')} errors={errorsOf('communes')}>
        <textarea
          id={ids.communes}
          rows={4}
          value={form.communes}
          aria-invalid={errorsOf('communes').length > 0 || undefined}
          aria-describedby={describedBy(ids.communes, true, errorsOf('communes'))}
          onChange={(e) => set('communes', e.target.value)}
        />
      </FormField>
    </>
  );
}
