import type { Messages } from './messages';

/** Dutch. Placeholders in braces ({period}) stay as they are. */
export const nl: Partial<Messages> = {
};
