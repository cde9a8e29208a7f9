import { t } from '../lib/i18n';
import { SelectField } from './select-field';

/**
 * The classification profile to work in, on a deployment whose zones use several (the UK file
 * beside the Belgian zones): zones are compared and exported within one profile, whose groups and
 * categories differ from another's. Shown only when there is a choice.
 */
export function ProfilePicker({ profiles, value, onChange }: { profiles: string[]; value: string; onChange: (code: string) => void }) {
  if (profiles.length < 2) return null;
  return <SelectField label={t('picker.profile')} value={value} options={profiles.map((p) => ({ code: p, label: p }))} onChange={onChange} />;
}
