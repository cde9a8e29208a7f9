import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCi, skipUnlessPresent } from './required-files.js';

const here = fileURLToPath(import.meta.url);
const absent = path.join(os.tmpdir(), `equity-no-such-dataset-${process.pid}`, 'officers.csv');

describe('files a test needs from outside the repository', () => {
  it('reads CI as on unless unset, empty, 0 or false', () => {
    expect([undefined, '', '0', 'false', 'FALSE', ' '].map((CI) => isCi({ CI }))).toEqual([false, false, false, false, false, false]);
    expect(['true', '1', 'yes', 'TRUE'].map((CI) => isCi({ CI }))).toEqual([true, true, true, true]);
  });

  it('lets the test run when every file is there, in CI or not', () => {
    expect(skipUnlessPresent('this test', [here], 'hint', { CI: 'true' })).toBeNull();
    expect(skipUnlessPresent('this test', [here], 'hint', {})).toBeNull();
  });

  it('fails under CI=true when a file is missing, naming it', () => {
    expect(() => skipUnlessPresent('UK import test', [here, absent], 'see docs/exports.md', { CI: 'true' })).toThrow(
      `UK import test cannot run: missing ${absent}. Under CI (CI=true) a missing file fails the run instead of skipping; see docs/exports.md.`,
    );
  });

  it('skips with a message naming the missing file outside CI', () => {
    for (const env of [{}, { CI: 'false' }]) {
      expect(skipUnlessPresent('UK import test', [here, absent], 'see docs/exports.md', env)).toBe(`SKIPPED: UK import test — missing ${absent} (see docs/exports.md).`);
    }
  });
});
