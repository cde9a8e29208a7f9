import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Cell, Role } from '@equity/shared';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/auth.service.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';

export const PASSWORD = 'test-password-1';

export function testDatabaseUrl(): string {
  const url = process.env['EQUITY_TEST_DATABASE_URL'];
  if (!url) throw new Error('EQUITY_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup starts PostgreSQL).');
  return url;
}

/** The real application on the test database, without demo data and without the web build. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<{ app: INestApplication; db: DataSource; http: ReturnType<typeof request> }> {
  const app = await createApp({ ...loadConfig({}), demoData: false, webDir: null, logLevel: 'error', ...overrides, databaseUrl: overrides.databaseUrl ?? testDatabaseUrl() });
  const db = app.get(DataSource);
  return { app, db, http: request(app.getHttpServer()) };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * The app of one test file (`createTestApp(overrides)`), started in a `beforeAll` and closed in an
 * `afterAll` that this registers. Call it at the top level of the file, before the file's own
 * hooks: its `app`, `db` and `http` are set when they and the tests run.
 */
export function appForFile(overrides: Partial<AppConfig> = {}): TestApp {
  const ctx = {} as TestApp;
  beforeAll(async () => {
    Object.assign(ctx, await createTestApp(overrides));
  });
  afterAll(async () => {
    await ctx.app.close();
  });
  return ctx;
}

/** Creates a database of its own for a test file (`name`, unique per process) and returns its URL. */
export async function createOwnDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`);
}

let counter = 0;
/** A code no other test uses (zones and accounts are shared across test files in one database). */
export function uniqueCode(prefix = ''): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}${randomInt(100000, 999999)}${counter}`;
}

/** How many revisions a zone-quarter has (0 when it has no return): to show a refused write wrote nothing. */
export async function countRevisions(db: DataSource, zone: string, period: string): Promise<number> {
  const [row] = (await db.query(
    'SELECT count(rv.id)::int AS n FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id WHERE z.code = $1 AND r.period = $2',
    [zone, period],
  )) as { n: number }[];
  return row?.n ?? 0;
}

export async function createZone(db: DataSource, name = 'Test zone'): Promise<string> {
  const code = uniqueCode('9');
  await db.query("INSERT INTO zone (code, name, names, profile_code) VALUES ($1, $2, $3, 'belgium-police')", [code, name, JSON.stringify({ en: name })]);
  return code;
}

/** Creates an account and logs it in through the API; returns its bearer token. */
export async function login(http: ReturnType<typeof request>, db: DataSource, role: Role, zones: string[] = []): Promise<{ token: string; username: string }> {
  const username = `${role}.${uniqueCode()}`;
  const hash = await hashPassword(PASSWORD);
  const [row] = (await db.query('INSERT INTO app_user (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id', [
    username,
    `Test ${role}`,
    hash,
    role,
  ])) as { id: number }[];
  if (zones.length) await db.query('INSERT INTO user_zone (user_id, zone_id) SELECT $1, id FROM zone WHERE code = ANY($2)', [row!.id, zones]);
  const res = await http.post('/api/v1/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { token: res.body.token as string, username };
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A headcount cell of men of one origin (the specs that sum figures by hand). */
export const hc = (category: string, origin: string, count: number): Cell => ({ measure: 'headcount', detail: '', category, classes: { gender: 'male', origin }, count });
/** A flow cell of men of one origin. */
export const flow = (measure: Cell['measure'], detail: string, category: string, origin: string, count: number): Cell => ({ measure, detail, category, classes: { gender: 'male', origin }, count });

const GENDERS = ['female', 'male'] as const;
const ORIGINS = ['be_be', 'be_non_eu', 'not_declared'] as const;

/** A small complete return: headcount for basic and middle × 2 genders × 3 origins, plus a few flows. */
export function sampleCells(base = 10): Cell[] {
  const cells: Cell[] = [];
  for (const category of ['basic', 'middle']) {
    GENDERS.forEach((gender, g) =>
      ORIGINS.forEach((origin, o) => cells.push({ measure: 'headcount', detail: '', category, classes: { gender, origin }, count: base + g * 3 + o })),
    );
  }
  cells.push({ measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_non_eu' }, count: 2 });
  cells.push({ measure: 'separations', detail: 'retirement', category: 'middle', classes: { gender: 'male', origin: 'be_be' }, count: 1 });
  return cells;
}

export function toCsv(cells: Cell[], separator = ','): string {
  const header = ['measure', 'detail', 'category', 'gender', 'origin', 'count'];
  const lines = cells.map((c) => [c.measure, c.detail, c.category, c.classes['gender'], c.classes['origin'], c.count].join(separator));
  return [header.join(separator), ...lines].join('\n') + '\n';
}

/** Current quarter minus n, as 2025-Q3. */
export function pastPeriod(n: number): string {
  const now = new Date();
  const idx = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - n;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}

/** A supertest parser that keeps a response's body as bytes (`.buffer(true).parse(asBytes)`): workbooks, archives. */
export function asBytes(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The text of every query the app sends to PostgreSQL while `work` runs (on the pool's client class). */
export async function queriesDuring(db: DataSource, work: () => Promise<unknown>): Promise<string[]> {
  const pool = (db.driver as unknown as { master: { connect(): Promise<{ release(): void }> } }).master;
  const client = await pool.connect();
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
  client.release();
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    seen.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return seen;
}
