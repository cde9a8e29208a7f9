import { NO_DATA_SYMBOL, SUPPRESSION_SYMBOL, TOO_FEW_SYMBOL } from '@equity/shared';
import { t } from '../../../lib/i18n';

/** The export page's introduction, with the symbols the files use: withheld, no data, too few to conclude. */
export function exportIntroText(): string {
  return t('exports.intro', { symbol: SUPPRESSION_SYMBOL, noData: NO_DATA_SYMBOL, tooFew: TOO_FEW_SYMBOL });
}
