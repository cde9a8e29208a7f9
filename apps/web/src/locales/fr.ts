import type { Messages } from './messages';

/** French. Placeholders in braces ({period}) stay as they are. */
export const fr: Partial<Messages> = {
};
