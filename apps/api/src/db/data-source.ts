import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Logs failed queries WITHOUT their parameters: parameters can hold what must never reach a log
 * (a survey answer, the hash of a survey code, a user name). TypeORM's own logger prints them.
 */
export class ParameterFreeLogger implements TypeOrmLogger {
  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    console.error(`query failed: ${message}\n  ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(String(message));
  }
}

/** The one description of the database: entities, migrations, never `synchronize`. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    logger: new ParameterFreeLogger(),
    extra: { max: 10 },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/**
 * SQL the entities would need beyond what the migrations create. Empty when entities and migrations
 * agree; used by a test and by `npm run migration:check -w @equity/api`.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
