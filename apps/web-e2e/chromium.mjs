// The browser the tests drive: Debian's Chromium, or the one CHROMIUM_PATH names. Where it is
// missing, a developer's run skips the browser tests saying so; a run under CI fails, so that CI
// never passes without having run them.
import { existsSync } from 'node:fs';

const HINT = 'install it with "apt-get install -y chromium" (or set CHROMIUM_PATH); .ci/run installs it';

/**
 * True under CI: `CI` set to anything but empty, `0` or `false` (`.ci/run` sets `CI=true`).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {boolean}
 */
export function isCi(env = process.env) {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * Where Chromium is, and the `SKIPPED: …` line to print instead of running the tests when it is
 * missing (`null` when it is there). Under CI a missing Chromium throws.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ path: string, skipped: string | null }}
 */
export function findChromium(env = process.env) {
  const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return { path, skipped: null };
  if (isCi(env)) {
    throw new Error(`browser end-to-end tests (apps/web-e2e) cannot run: no Chromium at ${path}. Under CI (CI=${env.CI}) a missing browser fails the run instead of skipping; ${HINT}.`);
  }
  return { path, skipped: `SKIPPED: browser end-to-end tests (apps/web-e2e) — no Chromium at ${path}; ${HINT}.` };
}
