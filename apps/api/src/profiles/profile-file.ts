/**
 * Reads an administrator's classification profile file (JSON or YAML): the file's type, size and
 * syntax (a syntax error by line and column), then every problem of its content at once
 * (`profileFileProblems`: shape and consistency, each by its path in the file).
 */
import { type ClassificationProfile, normaliseProfile, type Problem, PROFILE_FILE_MAX_BYTES, profileFileProblems } from '@equity/shared';
import { load as loadYaml, YAMLException } from 'js-yaml';
import { ValidationProblemsException } from '../core/problems.js';
import { AdminFileTooLargeException } from '../zones/admin-file.js';

const SUMMARY = (n: number) => `${n === 1 ? 'There is 1 problem' : `There are ${n} problems`} in the profile file; nothing was stored. Correct the file and check it again.`;

const refuse = (problems: Problem[]): never => {
  throw new ValidationProblemsException(problems, [], SUMMARY(problems.length));
};

/** Line and column (from 1) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function syntaxProblem(kind: 'json' | 'yaml', detail: string, at: { line: number; column: number } | null): Problem {
  const where = at ? ` at line ${at.line}, column ${at.column}` : '';
  const what = kind === 'json' ? 'JSON' : 'YAML';
  return {
    row: at?.line ?? null,
    column: 'file',
    code: 'profile_syntax',
    message: `The file is not valid ${what}${where}: ${detail}.`,
    params: { format: what, ...(at ? { line: at.line, col: at.column } : {}) },
  };
}

/** The JSON parser's complaint, without the text it quotes ("Unexpected token } in JSON at position 42"). */
function jsonError(text: string, err: Error): Problem {
  const position = /position (\d+)/.exec(err.message);
  const lineCol = /line (\d+) column (\d+)/.exec(err.message);
  const at = lineCol ? { line: Number(lineCol[1]), column: Number(lineCol[2]) } : position ? lineColumn(text, Number(position[1])) : text.trim() ? lineColumn(text, text.length) : null;
  const detail = /Unexpected end/i.test(err.message) ? 'it ends too early (a bracket or quote is not closed)' : 'a comma, colon, quote or bracket is missing or out of place';
  return syntaxProblem('json', detail, at);
}

/**
 * The profile a file holds, checked: its content when every check passes, else a 422 listing
 * every problem (413 for a file over PROFILE_FILE_MAX_BYTES). Labels are kept as given; unknown
 * fields are refused rather than dropped.
 */
export function readProfileFile(file: { originalname: string; buffer: Buffer } | undefined): ClassificationProfile {
  if (!file) refuse([{ row: null, column: 'file', code: 'file_required', message: 'Choose a profile file to check: JSON (.json) or YAML (.yaml, .yml).' }]);
  const { originalname, buffer } = file!;
  const format = /\.json$/i.test(originalname) ? 'json' : /\.ya?ml$/i.test(originalname) ? 'yaml' : null;
  if (!format) {
    refuse([{ row: null, column: 'file', code: 'profile_file_type', message: 'A profile file is JSON (.json) or YAML (.yaml, .yml): save it with one of those extensions.' }]);
  }
  if (buffer.length > PROFILE_FILE_MAX_BYTES) {
    const kb = PROFILE_FILE_MAX_BYTES / 1024;
    throw new AdminFileTooLargeException({
      row: null,
      column: 'file',
      code: 'file_too_large',
      params: { reason: 'profile', maxKb: kb },
      message: `The profile file is larger than ${kb} KB. A profile fits well within that: remove anything that is not part of it.`,
    });
  }
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') refuse([{ row: null, column: 'file', code: 'empty_file', message: 'The file is empty: it must hold one classification profile.' }]);
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : loadYaml(text, { maxAliases: 0, maxDepth: 20 });
  } catch (err) {
    if (format === 'json' && err instanceof SyntaxError) refuse([jsonError(text, err)]);
    if (err instanceof YAMLException) {
      const mark = err.mark;
      const reason = (err as YAMLException & { reason?: string }).reason ?? err.message.split('\n')[0] ?? 'unreadable';
      refuse([syntaxProblem('yaml', reason.slice(0, 120), mark ? { line: mark.line + 1, column: mark.column + 1 } : null)]);
    }
    refuse([syntaxProblem(format!, 'it cannot be read', null)]);
  }
  const problems = profileFileProblems(raw);
  if (problems.length) refuse(problems);
  return normaliseProfile(raw as ClassificationProfile);
}
