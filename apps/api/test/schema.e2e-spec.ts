// Entities and migrations must describe the same schema: a change to an entity without a
// migration fails here (the database was migrated in globalSetup, never synchronised).
import { createDataSource, pendingSchemaChanges } from '../src/db/data-source.js';
import { testDatabaseUrl } from './utils.js';

it('the migrated database matches the entities (no pending schema changes)', async () => {
  const ds = createDataSource(testDatabaseUrl());
  await ds.initialize();
  try {
    expect(await ds.showMigrations()).toBe(false);
    expect(await pendingSchemaChanges(ds)).toEqual([]);
  } finally {
    await ds.destroy();
  }
});
