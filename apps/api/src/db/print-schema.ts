/**
 * Developer tool: prints the SQL the entities need on an empty database, to help write a migration.
 * Run after a build: `node apps/api/dist/db/print-schema.js`.
 */
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const pg = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `equity-schema-${process.pid}`), persistent: false, unsafeFast: true });
const ds = createDataSource(pg.url);
await ds.initialize();
try {
  await ds.runMigrations();
  const log = await ds.driver.createSchemaBuilder().log();
  for (const q of log.upQueries) console.log(`${q.query};`);
} finally {
  await ds.destroy();
  await pg.stop();
}
