import type { Locale } from '@equity/shared';
import { useId } from 'react';
import { getLocale, LOCALE_NAMES, LOCALES, setLocale, t } from '../lib/i18n';

/** The interface language: Dutch, French or English, remembered in this browser. */
export function LanguagePicker() {
  const id = useId();
  return (
    <div className="language-picker">
      <label htmlFor={id}>{t('app.language')}</label>
      <select id={id} value={getLocale()} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
