import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';

/**
 * PostgreSQL advisory locks of the application (two-int keys: a namespace, then the lock). Session
 * locks, each on a connection of its own outside the pool: held until released or until the
 * connection ends, so a process that dies (or loses its database) gives its locks up at once.
 * Advisory locks are per database: instances on different databases never meet.
 */
export const LOCK_NAMESPACE = 0x45514d; // "EQM"
export const LOCKS = {
  /** Migrations, built-in profiles, seeding and the admin bootstrap (`openWithStartup`: the app and the tools). */
  startup: 1,
  /** The protection worker's leadership (`ProtectionLeadership`). */
  protectionWorker: 2,
} as const;

/** Like @nestjs/typeorm's own first connection: 10 attempts, 3 s apart, while PostgreSQL starts. */
async function connect(url: string, attempts = 10, delayMs = 3000): Promise<pg.Client> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    // A lost connection must not crash the process: the lock is gone with it, and that is all.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      if (attempt >= attempts) throw err;
      new Logger('Database').warn(`Cannot connect to the database yet (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/**
 * Runs `work` holding the startup lock, waiting for it while another instance starts: instances
 * started together on one (possibly empty) database migrate, install profiles and seed one after
 * the other instead of racing (two `CREATE TABLE`s of the first migration collide in PostgreSQL's
 * catalogue; two admin bootstraps in the unique user name).
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.startup]);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Which instance runs the protection worker when several share one database: the one holding the
 * `protectionWorker` advisory lock. `acquire()` (every poll of the worker) keeps the lock, or tries
 * to take it; when the holder stops or dies its connection ends, the lock is free, and another
 * instance's next poll takes it.
 */
@Injectable()
export class ProtectionLeadership implements OnApplicationShutdown {
  private readonly logger = new Logger('ProtectionLeadership');
  private client: pg.Client | null = null;
  private held = false;
  private readonly url: string;

  constructor(@InjectDataSource() db: DataSource) {
    this.url = (db.options as { url?: string }).url ?? '';
  }

  /** Whether this instance holds the leadership (checked on its connection), taking it when free. */
  async acquire(): Promise<boolean> {
    try {
      if (this.client && this.held) {
        // Still connected is still holding: a lost connection released the lock.
        await this.client.query('SELECT 1');
        return true;
      }
      this.client ??= await this.open();
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_NAMESPACE, LOCKS.protectionWorker]);
      this.held = rows[0]?.ok === true;
      if (this.held) this.logger.log('This instance now runs the protection worker (advisory lock taken).');
      return this.held;
    } catch (err) {
      if (this.held) this.logger.warn(`Protection worker leadership lost: ${err instanceof Error ? err.message : String(err)}`);
      await this.release();
      return false;
    }
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = null;
      this.held = false;
    });
    await client.connect();
    return client;
  }

  /** Gives the leadership up (closes the lock's connection). */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  onApplicationShutdown(): Promise<void> {
    return this.release();
  }
}
