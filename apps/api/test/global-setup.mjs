// Starts one real PostgreSQL (embedded, free port, throw-away folder) for the whole run and
// migrates it once. Tests create their own zones and accounts and never rely on demo data.
// Plain ESM on the compiled API (jest loads globalSetup outside its ESM transform):
// the test script runs `tsc -b` first.
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../dist/db/data-source.js';
import { startEmbeddedPostgres } from '../dist/db/embedded-postgres.js';

export default async function globalSetup() {
  const started = Date.now();
  const pg = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `equity-test-${process.pid}-${Date.now()}`), persistent: false, unsafeFast: true });
  const ds = createDataSource(pg.url);
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  process.env.EQUITY_TEST_DATABASE_URL = pg.url;
  globalThis.__equityPg = pg;
  console.log(`\nEmbedded PostgreSQL for tests on ${pg.url.replace(/\/\/.*@/, '//')} (${Date.now() - started} ms)`);
}
