import type { INestApplicationContext } from '@nestjs/common';
import { SeedService } from '../demo/seed.service.js';
import { withStartupLock } from './leadership.js';

/**
 * The one way every command opens the database: the API (`createApp`) and the command-line tools
 * (`tools/import.ts`). Under the startup advisory lock, `create` builds the Nest application or
 * context (TypeORM runs the migrations as it starts), then `SeedService.run` installs the built-in
 * profiles, loads the demo into an empty database when DEMO_DATA is on, and creates the
 * administrator `admin` from ADMIN_PASSWORD when there is no administrator. So whichever command
 * runs first on a new database leaves it in the same state, and instances or tools started
 * together take turns instead of racing.
 */
export async function openWithStartup<T extends INestApplicationContext>(databaseUrl: string, create: () => Promise<T>): Promise<T> {
  return withStartupLock(databaseUrl, async () => {
    const app = await create();
    try {
      await app.get(SeedService).run();
    } catch (err) {
      await app.close().catch(() => undefined);
      throw err;
    }
    return app;
  });
}
