// The real server for browser tests: the built API and dashboard on a free port, with its embedded
// PostgreSQL in a fresh temporary folder. globalSetup starts the shared one (with the demo data);
// a test that needs another deployment (DEMO_DATA=false, say) starts its own with startServer(env).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Problems the browser tests' server lists in an answer (its default is 200); the rest are counted. */
export const E2E_MAX_PROBLEMS = 25;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts the built server on a free port; resolves to it once healthy. */
async function start(env) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'equity-e2e-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as user postgres and must enter it
  const server = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    // MAX_PROBLEMS low: a file of a few dozen bad rows shows a capped list ("…and n more problems").
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_DATA: 'true', DATABASE_URL: '', LOG_LEVEL: 'warn', MAX_PROBLEMS: String(E2E_MAX_PROBLEMS), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  while (true) {
    if (server.exitCode !== null) {
      const error = new Error(`The server exited (${server.exitCode}):\n${log}`);
      // The port was free when chosen, but something (the embedded PostgreSQL picking its own free
      // port, say) took it before the server listened: another port is tried.
      error.portTaken = /EADDRINUSE/.test(log);
      throw error;
    }
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`The server did not become healthy within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { server, base, dataDir };
}

/**
 * Starts a server with the demo data unless `env` says otherwise (`{ DEMO_DATA: 'false',
 * ADMIN_PASSWORD: … }` for an empty deployment); tries another port up to twice when the one
 * chosen was taken before the server listened.
 */
export async function startServer(env = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(env);
    } catch (error) {
      if (!error.portTaken || attempt >= 3) throw error;
      console.log(`\nThe port chosen for a browser tests' server was taken before it listened; trying another (attempt ${attempt + 1} of 3).`);
    }
  }
}

/** Stops a server gracefully (its embedded PostgreSQL too), forcibly after 10 s; removes its data folder when given. */
export async function stopServer(server, dataDir) {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  server?.stdout?.destroy();
  server?.stderr?.destroy();
  server?.unref();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
