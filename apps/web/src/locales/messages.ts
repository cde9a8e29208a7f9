import type { en } from './en';

export type MessageId = keyof typeof en;
/** A complete dictionary: the type checker refuses a language that misses an id. */
export type Messages = Record<MessageId, string>;
