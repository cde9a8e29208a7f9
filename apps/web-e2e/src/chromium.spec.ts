import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, isCi } from '../chromium.mjs';

// Any existing file stands in for an installed Chromium; a path in a folder that does not exist for a missing one.
const present = fileURLToPath(import.meta.url);
const absent = path.join(os.tmpdir(), `equity-no-such-browser-${process.pid}`, 'chromium');

describe('finding Chromium for the browser tests', () => {
  it('reads CI as on unless unset, empty, 0 or false', () => {
    expect([undefined, '', '0', 'false', 'FALSE', ' '].map((CI) => isCi({ CI }))).toEqual([false, false, false, false, false, false]);
    expect(['true', '1', 'yes', 'TRUE'].map((CI) => isCi({ CI }))).toEqual([true, true, true, true]);
  });

  it('runs the tests with the Chromium that CHROMIUM_PATH names, in CI or not', () => {
    expect(findChromium({ CHROMIUM_PATH: present, CI: 'true' })).toEqual({ path: present, skipped: null });
    expect(findChromium({ CHROMIUM_PATH: present })).toEqual({ path: present, skipped: null });
  });

  it('fails under CI=true when Chromium is missing, naming where it looked', () => {
    expect(() => findChromium({ CHROMIUM_PATH: absent, CI: 'true' })).toThrow(`browser end-to-end tests (apps/web-e2e) cannot run: no Chromium at ${absent}. Under CI (CI=true) a missing browser fails the run`);
  });

  it('skips with a message outside CI when Chromium is missing', () => {
    for (const env of [{ CHROMIUM_PATH: absent }, { CHROMIUM_PATH: absent, CI: 'false' }]) {
      const found = findChromium(env);
      expect(found.path).toBe(absent);
      expect(found.skipped).toMatch(new RegExp(`^SKIPPED: browser end-to-end tests \\(apps/web-e2e\\) — no Chromium at ${absent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; install it with`));
    }
  });
});
