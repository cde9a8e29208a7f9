/**
 * A translation of a feature's English texts: the same ids, each with a text. Checked by the compiler
 * so that no id of the English is missing or extra in Dutch and French.
 */
export type Translation<English> = Record<keyof English, string>;
