/** A text in the three interface languages; English is always present. */
export interface Label {
  en: string;
  nl?: string;
  fr?: string;
}

export type Locale = 'en' | 'nl' | 'fr';

export function labelText(label: Label, locale: Locale = 'en'): string {
  return label[locale] ?? label.en;
}
