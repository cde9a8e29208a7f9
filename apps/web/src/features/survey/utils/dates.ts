import { localeTag } from '../../../lib/i18n';

/** A day (2026-05-29) in words, in the current language: 29 May 2026 / 29 mei 2026 / 29 mai 2026. */
export function formatDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(localeTag(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}
