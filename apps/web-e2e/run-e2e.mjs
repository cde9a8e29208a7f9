// Runs the browser tests when Chromium is installed. Without it: says plainly that it skipped them,
// or, under CI, fails (chromium.mjs).
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

let chromium;
try {
  chromium = findChromium();
} catch (error) {
  console.error(`\nFAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
if (chromium.skipped) {
  console.log(`\n${chromium.skipped}\n`);
  process.exit(0);
}
const result = spawnSync(process.execPath, ['--experimental-vm-modules', '../../node_modules/jest/bin/jest.js', '--runInBand', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium.path },
});
process.exit(result.status ?? 1);
