// What a test needs from outside the repository (the shared datasets in ../shared/datasets): when
// it is missing, a run on a developer's machine skips that test with a message saying so, but a run
// under CI fails, so that CI never passes without having run it.
import { existsSync } from 'node:fs';

/** True under CI: `CI` set to anything but empty, `0` or `false` (`.ci/run` sets `CI=true`). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env['CI'] ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * `null` when every file exists. When some are missing: under CI an error naming them (thrown while
 * the test file loads, so jest reports the suite as failed); elsewhere the `SKIPPED: …` line to
 * print in place of the test.
 */
export function skipUnlessPresent(what: string, files: readonly string[], hint: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length === 0) return null;
  if (isCi(env)) {
    throw new Error(`${what} cannot run: missing ${missing.join(', ')}. Under CI (CI=${env['CI']}) a missing file fails the run instead of skipping; ${hint}.`);
  }
  return `SKIPPED: ${what} — missing ${missing.join(', ')} (${hint}).`;
}
