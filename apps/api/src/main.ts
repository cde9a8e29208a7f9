import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './create-app.js';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded-postgres.js';
import { ProtectionWorker } from './disclosure/protection-worker.js';
import path from 'node:path';

async function main(): Promise<void> {
  const logger = new Logger('Equity Monitor');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'pg');
    logger.log(`Starting embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir });
    databaseUrl = embedded.url;
  }
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    app = await createApp({ ...config, databaseUrl });
    await app.listen(config.port, process.env['HOST'] ?? '0.0.0.0');
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} is already in use: stop the program using it, or start with another PORT (e.g. PORT=3001 npm start).`);
    }
    throw err;
  }
  const running = app;
  const stop = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await running.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (config.disclosureWarmup) {
    running.get(ProtectionWorker).start();
  }
  logger.log(`Equity Monitor is ready on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
