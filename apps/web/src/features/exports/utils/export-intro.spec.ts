/** The export page names every symbol the files use, in every language: withheld, no data, too few to conclude. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { NO_DATA_SYMBOL, SUPPRESSION_SYMBOL, TOO_FEW_SYMBOL } from '@equity/shared';
import { i18n, LOCALES } from '../../../lib/i18n';
import { exportIntroText } from './export-intro';

afterEach(() => void i18n.changeLanguage('en'));

describe('the export page’s introduction', () => {
  it.each(LOCALES)('%s: says [c], [x] and [u], each once', (locale) => {
    void i18n.changeLanguage(locale);
    const text = exportIntroText();
    for (const symbol of [SUPPRESSION_SYMBOL, NO_DATA_SYMBOL, TOO_FEW_SYMBOL]) expect(text.split(symbol)).toHaveLength(2);
    expect(text).not.toMatch(/\{\w+\}/);
  });
});
