import { createHash, randomInt } from 'node:crypto';
import { SURVEY_CODE_ALPHABET, SURVEY_CODE_LENGTH } from '@equity/shared';

/** A new invitation code: 12 symbols drawn uniformly (crypto.randomInt) from the unambiguous alphabet. */
export function generateSurveyCode(): string {
  let code = '';
  for (let i = 0; i < SURVEY_CODE_LENGTH; i++) code += SURVEY_CODE_ALPHABET[randomInt(SURVEY_CODE_ALPHABET.length)];
  return code;
}

/**
 * What is stored of a code: SHA-256 of its normalised form. A code has about 59 bits of entropy, so
 * the hash cannot be turned back into it by trying codes, and a code is useless without the slip.
 */
export function hashSurveyCode(normalised: string): Buffer {
  return createHash('sha256').update(normalised, 'utf8').digest();
}
