/**
 * Keeps the API running: `npm start` and the Docker image run this file, which runs the API
 * (main.js) as a child process and starts it again when it exits without being asked to (a crash,
 * "JavaScript heap out of memory", a kill), after RESTART_DELAY_MS, doubling up to
 * RESTART_MAX_DELAY_MS while it keeps failing within a minute of its start. SIGINT, SIGTERM and
 * SIGHUP are passed to the API, which shuts down cleanly (and stops its embedded PostgreSQL); then
 * the supervisor exits with the API's exit code. An exit with code 2 (invalid configuration) is
 * not retried: no restart can fix it. When the supervisor itself dies, the API notices (its IPC
 * channel closes) and shuts down too.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
/** A child that ran this long before exiting starts the next one after the first delay again. */
const STABLE_MS = 60000;
/** After a stop signal, the API has this long to shut down before it is killed. */
const STOP_TIMEOUT_MS = 30000;
/** main.ts exits with 2 on an invalid configuration. */
const CONFIG_ERROR = 2;

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`Invalid configuration:\n  - ${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    process.exit(CONFIG_ERROR);
  }
  return value;
}

const firstDelayMs = setting('RESTART_DELAY_MS', 1000, 0, 600000);
const maxDelayMs = Math.max(firstDelayMs, setting('RESTART_MAX_DELAY_MS', 30000, 0, 3600000));
const heapMb = setting('API_HEAP_MB', 192, 32, 65536);

const say = (message: string) => console.log(`[supervisor] ${message}`);

let child: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;
let delay = firstDelayMs;
let pending: NodeJS.Timeout | null = null;

function start(): void {
  pending = null;
  const startedAt = Date.now();
  // The API's heap limit, with V8's default young generation (16 MB semi-spaces: 8 MB cost half
  // the throughput at scale L, docs/performance.md, "L runs of 7 December 2026, morning"); the
  // supervisor's own flags (e.g. a larger heap or young generation for an import) are not passed on.
  const execArgv = [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size') && !a.startsWith('--max-semi-space-size')), `--max-old-space-size=${heapMb}`];
  const api = fork(MAIN, process.argv.slice(2), { execArgv, stdio: 'inherit' });
  child = api;
  say(`API process ${api.pid} started`);
  api.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready') say(`API process ${api.pid} is serving`);
  });
  api.on('exit', (code, signal) => {
    child = null;
    if (stopping) {
      say(`API process ${api.pid} stopped (${signal ?? `code ${code}`})`);
      process.exit(code ?? 0);
    }
    if (code === CONFIG_ERROR) {
      say('The API stopped on its configuration: fix it and start again.');
      process.exit(CONFIG_ERROR);
    }
    if (Date.now() - startedAt >= STABLE_MS) delay = firstDelayMs;
    say(`API process ${api.pid} exited (${signal ?? `code ${code}`}); starting it again in ${delay} ms`);
    pending = setTimeout(start, delay);
    delay = Math.min(delay * 2, maxDelayMs);
  });
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = signal;
  if (pending) clearTimeout(pending);
  if (!child) process.exit(0);
  say(`${signal}: stopping the API process ${child.pid}`);
  // The API shuts down cleanly on SIGINT and SIGTERM; a hang-up asks for the same.
  child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  setTimeout(() => {
    say(`The API did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`);
    child?.kill('SIGKILL');
  }, STOP_TIMEOUT_MS).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
start();
