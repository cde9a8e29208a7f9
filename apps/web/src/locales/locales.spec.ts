/**
 * The dictionaries are complete: every language has every key of every dictionary (plural forms
 * included), no text fakes a plural, every problem code of the API has a text in every language,
 * and problems are written in the interface's language from their code and params.
 */
import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_PROFILES, type Locale, PROBLEM_CODES, type Problem } from '@equity/shared';
import { FEATURE_DICTIONARIES, i18n, LOCALES } from '../lib/i18n';
import { problemColumnText, problemText, stockFlowCell } from '../lib/problem-text';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';
import * as problems from './problems';

type Dictionary = Record<string, string>;
const DICTIONARIES: { name: string; texts: Record<Locale, Dictionary> }[] = [
  { name: 'core (en.ts, nl.ts, fr.ts)', texts: { en, nl, fr } },
  ...FEATURE_DICTIONARIES.map((texts) => ({ name: `feature: ${Object.keys(texts.en)[0] ?? '(empty)'}…`, texts })),
];

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('covers the problem dictionary among the feature dictionaries', () => {
    expect(FEATURE_DICTIONARIES).toContain(problems);
  });

  it.each(DICTIONARIES)('$name: every language has the same keys, plural forms included', ({ texts }) => {
    const keys = Object.keys(texts.en).sort();
    for (const locale of LOCALES) {
      const other = Object.keys(texts[locale]).sort();
      expect({ locale, missing: keys.filter((k) => !other.includes(k)), extra: other.filter((k) => !keys.includes(k)) }).toEqual({ locale, missing: [], extra: [] });
    }
  });

  it.each(DICTIONARIES)('$name: a plural message has the forms each language needs (one and other)', ({ texts }) => {
    for (const locale of LOCALES) {
      const keys = Object.keys(texts[locale]);
      const bases = new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      const rules = new Intl.PluralRules(locale);
      // The categories a count of people can fall in (0, 1, 2, 5, 1 000 000); `many` falls back to `other`.
      const needed = new Set([0, 1, 2, 5, 1_000_000].map((n) => rules.select(n)).map((c) => (c === 'many' ? 'other' : c)));
      for (const base of bases) {
        const missing = [...needed].filter((c) => !keys.includes(`${base}_${c}`));
        expect({ locale, base, missing }).toEqual({ locale, base, missing: [] });
      }
    }
  });

  it.each(DICTIONARIES)('$name: no text fakes a plural with (s), (en), (n), (x) or a slash', ({ texts }) => {
    for (const locale of LOCALES) {
      const faked = Object.entries(texts[locale]).filter(([, text]) => /\w\((s|en|n|len|x|e|es)\)|\(s\)|\bprobleem\/problemen\b|\bminuut\/minuten\b/.test(text));
      expect({ locale, faked: faked.map(([k]) => k) }).toEqual({ locale, faked: [] });
    }
  });

  it.each(DICTIONARIES)('$name: every translation uses the placeholders of the English text', ({ texts }) => {
    for (const locale of LOCALES) {
      const differing = Object.keys(texts.en).filter((k) => texts[locale][k] !== undefined && placeholdersOf(texts[locale][k]!).join() !== placeholdersOf(texts.en[k]!).join());
      expect({ locale, differing }).toEqual({ locale, differing: [] });
    }
  });

  it('has a text for every problem code of the API in every language', () => {
    for (const locale of LOCALES) {
      const texts: Dictionary = problems[locale];
      const missing = PROBLEM_CODES.filter((code) => texts[`problem.${code}`] === undefined && texts[`problem.${code}_other`] === undefined);
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });
});

describe('problemText', () => {
  const profile = BUILT_IN_PROFILES.find((p) => p.code === 'belgium-police')!;
  const inLanguage = <T>(locale: Locale, run: () => T): T => {
    const before = i18n.language;
    void i18n.changeLanguage(locale);
    try {
      return run();
    } finally {
      void i18n.changeLanguage(before);
    }
  };
  const category = profile.categories[0]!;
  const gender = profile.dimensions.find((d) => d.code === 'gender')!;
  const male = gender.values.find((v) => v.code === 'male')!;
  const gap: Problem = {
    row: null,
    column: null,
    code: 'stock_flow_gap',
    message: 'English message',
    params: {
      category: category.code,
      classes: `gender:${male.code}`,
      headcount: 12,
      previousQuarter: '2025-Q4',
      previousHeadcount: 10,
      hires: 1,
      promotionsIn: 0,
      promotionsOut: 0,
      separations: 0,
      expected: 11,
      gap: 1,
    },
  };

  it('writes a stock-flow warning with the profile’s names in Dutch and French', () => {
    const nlText = inLanguage('nl', () => problemText(gap, profile));
    expect(nlText).toContain(`${category.label.nl} · ${male.label.nl}`);
    expect(nlText).toContain('uitgestroomd');
    expect(nlText).toContain('(verschil +1)');
    expect(nlText).not.toContain('English message');
    const frText = inLanguage('fr', () => problemText(gap, profile));
    expect(frText).toContain(`${category.label.fr} · ${male.label.fr}`);
    expect(frText).toContain('écart +1');
  });

  it('picks the variant of a column and names the expected categories in the language', () => {
    const required: Problem = { row: 3, column: 'category', code: 'required', message: 'x', params: { column: 'category', vocabulary: 'category', expected: profile.categories.map((c) => c.code).join(', ') } };
    const text = inLanguage('fr', () => problemText(required, profile));
    expect(text).toMatch(/^La catégorie est vide/);
    expect(text).toContain(category.label.fr);
    expect(text).not.toContain(profile.categories.slice(0, 2).map((c) => c.code).join(', '));
  });

  it('uses plural forms for refusals naming several returns', () => {
    const one: Problem = { row: null, column: null, code: 'signed_off', message: 'x', params: { zones: 'Gent 2025-Q1', count: 1 } };
    const two: Problem = { ...one, params: { zones: 'Gent 2025-Q1, Gent 2025-Q2', count: 2 } };
    expect(inLanguage('nl', () => problemText(one))).toBe('Gent 2025-Q1 is goedgekeurd. Een beheerder moet het heropenen voor het gewijzigd kan worden.');
    expect(inLanguage('nl', () => problemText(two))).toMatch(/^Gent 2025-Q1, Gent 2025-Q2 zijn goedgekeurd\./);
  });

  it('names the headcount cell of a stock-flow warning: the measure as its column, the cell from its params', () => {
    expect(stockFlowCell(gap)).toEqual({ category: category.code, classes: { gender: male.code } });
    expect(stockFlowCell({ code: 'total_mismatch', params: { category: 'x' } })).toBeNull();
    expect(inLanguage('nl', () => problemColumnText(gap, profile))).toBe('Personeelsbestand');
    expect(inLanguage('fr', () => problemColumnText(gap, profile))).toBe('Effectif');
    // Any other problem without a column stays "whole file" (null here).
    expect(problemColumnText({ row: null, column: null, code: 'no_headcount', message: '' }, profile)).toBeNull();
  });

  it('keeps the server’s message when a problem lacks the params its text needs (an older record)', () => {
    const old: Problem = { row: null, column: null, code: 'stock_flow_gap', message: 'Police agent · Male: headcount 12, …' };
    expect(inLanguage('nl', () => problemText(old, profile))).toBe('Police agent · Male: headcount 12, …');
    // A code whose text needs no params is still translated.
    expect(inLanguage('nl', () => problemText({ row: 2, column: null, code: 'inconsistent', message: 'English' }))).toMatch(/^Deze persoon heeft een reden van vertrek/);
  });

  it('keeps the server’s message only for a code it does not know', () => {
    const unknown = { row: null, column: null, code: 'brand_new_code', message: 'Something new.' } as unknown as Problem;
    expect(inLanguage('nl', () => problemText(unknown))).toBe('Something new.');
  });
});
