/**
 * Generic long-format import from the command line, against the configured database:
 *
 *   node apps/api/dist/tools/import.js --mapping examples/uk-police-workforce/mapping.json \
 *     --file ../shared/datasets/uk-police-workforce/officers-by-rank-2003-2006.csv [--user admin] [--dry-run]
 *
 * DATABASE_URL (else the embedded PostgreSQL in DATA_DIR, which the app must not be using at the
 * same time). The database is opened as the app opens it (`openWithStartup`): migrations, built-in
 * profiles, demo data when DEMO_DATA, and the administrator `admin` from ADMIN_PASSWORD when there
 * is none, so the tool can be the first command run on a new database. Everything goes through
 * the product's validation and write path, in one transaction, as the named administrator (audit
 * log); nothing is written when anything is wrong.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { Problem } from '@equity/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../db/embedded-postgres.js';
import { openWithStartup } from '../db/startup.js';
import { ImportsService } from '../imports/imports.service.js';
import { MappingError } from '../imports/mapping.js';

const USAGE = 'Usage: node apps/api/dist/tools/import.js --mapping <mapping.json|.yaml> --file <data.csv|.xlsx> [--user <administrator>] [--dry-run]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { mapping: { type: 'string' }, file: { type: 'string' }, user: { type: 'string', default: 'admin' }, 'dry-run': { type: 'boolean', default: false } } }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (!args.mapping || !args.file) {
    console.error(USAGE);
    return 2;
  }
  const [mappingText, content] = await Promise.all([readFile(args.mapping, 'utf8'), readFile(args.file)]);
  const config = loadConfig();
  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg') });
    databaseUrl = embedded.url;
  }
  const url = databaseUrl;
  let app;
  try {
    app = await openWithStartup(url, () => NestFactory.createApplicationContext(AppModule.forRoot({ ...config, databaseUrl: url }), { logger: ['error', 'warn'] }));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  try {
    const db = app.get(DataSource);
    const [row] = (await db.query("SELECT id, username, display_name FROM app_user WHERE username = $1 AND role = 'admin' AND active", [args.user])) as {
      id: number;
      username: string;
      display_name: string;
    }[];
    if (!row) {
      const [admins] = (await db.query("SELECT count(*)::int AS n FROM app_user WHERE role = 'admin'")) as { n: number }[];
      console.error(
        admins?.n
          ? `There is no active administrator "${args.user}": name one with --user.`
          : 'There is no administrator yet: set ADMIN_PASSWORD (at least 12 characters, not only letters, not containing "admin", not a common password) ' +
              'and run this again (or start the app once with it): the account "admin" is created with that password.',
      );
      return 2;
    }
    const user: AuthUser = { id: row.id, username: row.username, displayName: row.display_name, role: 'admin', zones: [] };
    const started = Date.now();
    const summary = await app
      .get(ImportsService)
      .run(user, { name: args.mapping, text: mappingText }, { name: args.file, content }, { dryRun: args['dry-run'] ?? false });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const verb = summary.dryRun ? 'would write' : 'wrote';
    if (summary.returns) {
      const r = summary.returns;
      const zones = new Set(r.returns.map((x) => x.zone)).size;
      console.log(
        `${summary.dryRun ? 'Dry run: ' : ''}${summary.rowsRead} rows read; ${r.returns.length} returns of ${zones} zones (${summary.profile}); ` +
          `${verb} ${summary.dryRun ? r.returns.length - r.unchanged : r.written} new revisions, ${r.unchanged} unchanged; ` +
          `zones ${summary.dryRun ? 'to create' : 'created'}: ${summary.zonesCreated.length}; ${seconds} s.`,
      );
    } else {
      console.log(`${summary.dryRun ? 'Dry run: ' : ''}${summary.rowsRead} rows read; ${verb} ${summary.benchmarks} availability benchmarks (${summary.profile}); ${seconds} s.`);
    }
    return 0;
  } catch (err) {
    const body = (err as { getResponse?: () => unknown }).getResponse?.() as { message?: string; errors?: Problem[] } | undefined;
    if (body?.errors) {
      console.error(`${body.message ?? 'The import was refused'} Nothing was imported.`);
      for (const p of body.errors.slice(0, 100)) console.error(`  row ${p.row ?? '-'}, column ${p.column ?? '-'}: ${p.message} [${p.code}]`);
      if (body.errors.length > 100) console.error(`  … and ${body.errors.length - 100} more.`);
      return 1;
    }
    if (err instanceof MappingError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    const message = (err as { message?: string }).message ?? String(err);
    console.error(`The import stopped: ${message} Nothing was imported.`);
    return 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
