import { controlAria, FormField, TextField } from '../../../components/form-field';
import { t } from '../../../lib/i18n';
import type { FieldForm } from '../../../lib/use-field-form';
import type { ZoneField, ZoneForm } from '../utils/zone-form';

/**
 * The fields a zone has beside its code: the names in three languages, the classification profile
 * and the communes. `profileLocked` explains why the profile cannot change (the zone has returns).
 */
export function ZoneFields({ fields, profiles, profileLocked }: { fields: FieldForm<ZoneField, ZoneForm>; profiles: string[]; profileLocked?: string | null }) {
  const { form, set, ids, errorsOf, textField } = fields;
  const text = (field: 'nameNl' | 'nameFr' | 'nameEn', required: boolean, help?: string) => (
    <TextField {...textField(field)} label={t(`zones.field.${field}`)} help={help} required={required} autoComplete="off" />
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
          {...controlAria(ids.profile, true, errorsOf('profile'))}
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
          {...controlAria(ids.communes, true, errorsOf('communes'))}
          onChange={(e) => set('communes', e.target.value)}
        />
      </FormField>
    </>
  );
}
