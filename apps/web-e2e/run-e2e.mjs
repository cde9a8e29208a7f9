// Runs the browser tests when Chromium is installed, and says plainly that it skipped them when not.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`\nSKIPPED: browser end-to-end tests (apps/web-e2e) — no Chromium at ${chromium}.`);
  console.log('Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH); .ci/run installs it in CI.\n');
  process.exit(0);
}
const result = spawnSync(process.execPath, ['--experimental-vm-modules', '../../node_modules/jest/bin/jest.js', '--runInBand', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
