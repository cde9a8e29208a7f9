// Recovery without an operator, on the built API in child processes (as `npm start` runs it):
// (a) the embedded PostgreSQL killed with SIGKILL → requests answered 503 `database_unavailable`
//     with Retry-After (never 500) until the app has restarted it, then served again;
// (b) the API process killed → the supervisor (dist/supervisor.js, what `npm start` runs) starts
//     it again, and a SIGTERM to the supervisor stops everything cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/db/embedded-postgres.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const ADMIN_PASSWORD = 'recovery-test-password-1';

interface Running {
  child: ChildProcess;
  base: string;
  dataDir: string;
  output: () => string;
}

const started: Running[] = [];

async function launch(script: string): Promise<Running> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'equity-recovery-'));
  // As root, PostgreSQL runs as "postgres", which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [path.join(dist, script)], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'false',
      DISCLOSURE_WARMUP: 'false',
      WEB_DIR: '',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD,
      RESTART_DELAY_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const running = { child, base: `http://127.0.0.1:${port}`, dataDir, output: () => output };
  started.push(running);
  const serving = async () => {
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode}:\n${output.slice(-3000)}`);
    return (await get(running, '/api/health'))?.status === 200;
  };
  await until(`${script} to serve`, serving, 45000, () => output);
  return running;
}

async function get(r: Running, url: string, token?: string): Promise<Response | null> {
  try {
    return await fetch(r.base + url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5000) });
  } catch {
    return null;
  }
}

async function until(what: string, check: () => Promise<boolean>, ms: number, log?: () => string): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}${log ? `\n--- output ---\n${log().slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const postmasterPid = (r: Running) => Number(readFileSync(path.join(r.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

async function adminToken(r: Running): Promise<string> {
  const res = await fetch(`${r.base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function stop(r: Running): Promise<number | null> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return r.child.exitCode;
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', (code) => resolve(code)));
  r.child.kill('SIGTERM');
  return exited;
}

afterAll(async () => {
  for (const r of started) {
    await stop(r);
    // A failed test may leave its PostgreSQL running: stop it before deleting its folder.
    const pidFile = path.join(r.dataDir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0 && alive(pid)) process.kill(pid, 'SIGINT');
      await until('PostgreSQL to stop', async () => !alive(pid), 10000).catch(() => undefined);
    }
    rmSync(r.dataDir, { recursive: true, force: true });
  }
}, 30000);

it('a killed embedded PostgreSQL is restarted by the app: 503 database_unavailable meanwhile, never 500', async () => {
  const app = await launch('main.js');
  const token = await adminToken(app);
  expect((await get(app, '/api/v1/users', token))?.status).toBe(200);
  const pid = postmasterPid(app);
  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  // A signal is delivered, not obeyed, at once: the requests below must meet a dead server, not one
  // still answering for a few milliseconds (on an idle machine the first request was once served
  // by it). The app notices the exit at once (its child's exit event) and says so in its health.
  await until('PostgreSQL to die', async () => !alive(pid), 5000);
  await until(
    'the API to notice',
    async () => {
      const h = await get(app, '/api/health');
      return h !== null && ((await h.json()) as { database: string }).database !== 'ok';
    },
    5000,
    app.output,
  );

  const statuses: number[] = [];
  let unavailable: { retryAfter: string | null; body: { statusCode: number; errors: { code: string }[] } } | null = null;
  let health: { status: number; body: { database: string } } | null = null;
  const recoveredMs = await until(
    'the API to serve again',
    async () => {
      const res = await get(app, '/api/v1/users', token);
      if (!res) return false;
      statuses.push(res.status);
      if (res.status === 503 && !unavailable) unavailable = { retryAfter: res.headers.get('retry-after'), body: (await res.json()) as never };
      if (res.status === 503 && !health) {
        const h = await get(app, '/api/health');
        if (h) health = { status: h.status, body: (await h.json()) as never };
      }
      return res.status === 200;
    },
    20000,
    app.output,
  );
  console.log(`Embedded PostgreSQL killed: served again after ${Date.now() - killedAt} ms (${statuses.length} requests meanwhile)`);
  expect(recoveredMs).toBeLessThan(20000);
  expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
  expect(statuses).toContain(503);
  expect(unavailable).not.toBeNull();
  const u = unavailable!;
  expect(Number(u.retryAfter)).toBeGreaterThan(0);
  expect(u.body.statusCode).toBe(503);
  expect(u.body.errors.map((e) => e.code)).toEqual(['database_unavailable']);
  if (health) {
    const h = health as { status: number; body: { database: string } };
    expect(h.status).toBe(503);
    expect(h.body.database).not.toBe('ok');
  }
  // A new postmaster, the same data: the account and its session survived.
  expect(postmasterPid(app)).not.toBe(pid);
  const after = await get(app, '/api/health');
  expect(after?.status).toBe(200);
  expect(((await after!.json()) as { database: string; databaseRestarts?: number }).databaseRestarts).toBe(1);

  // A clean stop afterwards: exit code 0, PostgreSQL stopped.
  expect(await stop(app)).toBe(0);
  expect(existsSync(path.join(app.dataDir, 'pg', 'postmaster.pid'))).toBe(false);
}, 60000);

it('the supervisor starts a killed API process again, and stops it cleanly on SIGTERM', async () => {
  const supervised = await launch('supervisor.js');
  const pids = () => [...supervised.output().matchAll(/API process (\d+) started/g)].map((m) => Number(m[1]));
  expect(pids()).toHaveLength(1);
  const first = pids()[0]!;
  process.kill(first, 'SIGKILL');
  const killedAt = Date.now();
  await until('the supervisor to start the API again', async () => pids().length === 2 && (await get(supervised, '/api/health'))?.status === 200, 30000, supervised.output);
  console.log(`API process killed: served again after ${Date.now() - killedAt} ms`);
  const second = pids()[1]!;
  expect(second).not.toBe(first);
  expect(alive(second)).toBe(true);
  const token = await adminToken(supervised);
  expect((await get(supervised, '/api/v1/users', token))?.status).toBe(200);

  expect(await stop(supervised)).toBe(0);
  expect(alive(second)).toBe(false);
  expect(existsSync(path.join(supervised.dataDir, 'pg', 'postmaster.pid'))).toBe(false);
}, 60000);
