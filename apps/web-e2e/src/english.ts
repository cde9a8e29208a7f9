// English left in a Dutch or French page: a text of the page that is one of the dashboard's English
// texts and none of the page's language. The dictionaries in apps/web/src/locales are read as files
// (the browser tests import no code of the dashboard); templates with `{name}` placeholders become
// patterns.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_PROFILES, FIGURES, MEASURES } from '@equity/shared';
import type { Page } from 'playwright-core';

export type Lang = 'en' | 'nl' | 'fr';
const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/locales');

/** Every text of the dictionaries, by language: exact texts, and templates (`{name}` placeholders) as patterns. */
function readDictionaries(): Record<Lang, { exact: Set<string>; patterns: RegExp[]; read: number }> {
  const out: Record<Lang, { exact: Set<string>; patterns: RegExp[]; read: number }> = {
    en: { exact: new Set(), patterns: [], read: 0 },
    nl: { exact: new Set(), patterns: [], read: 0 },
    fr: { exact: new Set(), patterns: [], read: 0 },
  };
  const files = readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && f !== 'messages.ts');
  for (const file of files) {
    let lang: Lang | null = null;
    const lines = readFileSync(path.join(LOCALES_DIR, file), 'utf8').split('\n');
    // Each dictionary starts with `export const nl…`, `const enTexts…` or, nested, `  nl: {`.
    const text = lines
      .map((line) => {
        const start = /^(?:export )?const (en|nl|fr)(?:Texts)?\b|^ {2}(en|nl|fr): \{/.exec(line);
        if (start) lang = (start[1] ?? start[2]) as Lang;
        return `${lang ?? '-'}\u0000${line}`;
      })
      .join('\n');
    for (const m of text.matchAll(/^(en|nl|fr)\u0000\s*'[\w.-]+':\s*(?:\n(?:en|nl|fr)\u0000\s*)?'((?:[^'\\]|\\.)*)'/gm)) {
      const value = m[2]!.replace(/\\(.)/g, '$1');
      const into = out[m[1] as Lang];
      into.read += 1;
      if (!/\{\w+\}/.test(value)) into.exact.add(value.trim());
      else if (value.replace(/\{\w+\}/g, '').trim().length >= 8) {
        into.patterns.push(new RegExp(`^${value.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 's'));
      }
    }
  }
  // The classification profiles' labels (categories, classifications, values, roll-ups), the
  // measures' (with their details) and the figures' names (the registry of figures), which pages
  // show from the API and the shared library: an English label on a Dutch page is English left too.
  // A label without a Dutch or French text is shown in English there (the profile's fallback).
  const labels: { en: string; nl?: string; fr?: string }[] = [];
  for (const profile of BUILT_IN_PROFILES) {
    labels.push(profile.name);
    for (const c of profile.categories) labels.push(c.label);
    for (const g of profile.categoryGroups) labels.push(g.label);
    for (const d of profile.dimensions) {
      labels.push(d.label);
      for (const v of d.values) labels.push(v.label);
      for (const r of d.rollups ?? []) labels.push(r.label);
    }
  }
  for (const measure of Object.values(MEASURES)) labels.push(measure.label, ...measure.details.map((d) => d.label));
  for (const figure of Object.values(FIGURES)) labels.push(figure.label);
  for (const label of labels) for (const lang of ['en', 'nl', 'fr'] as const) out[lang].exact.add((label[lang] ?? label.en).trim());
  return out;
}

export const DICTIONARIES = readDictionaries();
export const inDictionary = (lang: Lang, text: string) => DICTIONARIES[lang].exact.has(text) || DICTIONARIES[lang].patterns.some((p) => p.test(text));

/** Texts a reader of the page meets: text nodes and the labels assistive technology reads, outside elements marked as another language or as code. */
export async function pageTexts(page: Page, lang: Lang): Promise<string[]> {
  return page.evaluate((pageLang) => {
    const texts: string[] = [];
    const outside = (el: Element | null) => !el?.closest(`[lang]:not([lang="${pageLang}"]):not(html), code, script, style`);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim();
      if (text && outside(node.parentElement)) texts.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title], [alt]'))) {
      for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(attribute)?.replace(/\s+/g, ' ').trim();
        if (value && outside(el)) texts.push(value);
      }
    }
    texts.push(document.title);
    return texts;
  }, lang);
}

/**
 * Words no Dutch or French sentence of the interface has, but nearly every English one does: they
 * find English the dictionaries do not hold (a message written by the server, a label built in code).
 */
const ENGLISH_WORDS = /\b(?:the|and|with|your|this|from|which|were|been|should|would|there|quarters?|revisions?|hires|promotions|separations|headcount|withheld|suppressed|signed off|not declared|too few)\b/i;

export const looksEnglish = (text: string) => ENGLISH_WORDS.test(text);

/**
 * English on the page that is not also a text of the page's language (such as "Zones" or "Code"):
 * a text of the dashboard's English dictionary, or a text with English words in it.
 */
export async function englishLeft(page: Page, lang: Lang): Promise<string[]> {
  return [...new Set(await pageTexts(page, lang))].filter((text) => /[a-z]{2}/i.test(text) && (inDictionary('en', text) || looksEnglish(text)) && !inDictionary(lang, text));
}

