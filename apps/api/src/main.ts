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
    // Supervised: started again when it dies (requests get 503 meanwhile, health says "restarting").
    embedded = await startEmbeddedPostgres({
      dataDir,
      restart: { firstDelayMs: config.embeddedRestartMs, maxDelayMs: Math.max(config.embeddedRestartMs, 10000) },
      onEvent: (message) => logger.warn(message),
    });
    databaseUrl = embedded.url;
  }
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    app = await createApp({ ...config, databaseUrl }, { database: embedded ?? undefined });
    await app.listen(config.port, config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${config.port} is already in use: stop the program using it, or start with another PORT (e.g. PORT=3001 npm start).`);
    }
    throw err;
  }
  const running = app;
  let stopping = false;
  const stop = async (signal: string) => {
    // Once: Ctrl-C reaches both the supervisor and this process, and the supervisor passes it on.
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await running.close();
    await embedded?.stop();
    process.exit(0);
  };
  ownShutdownSignals();
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  superviseBy(() => void stop('Supervisor gone'));
  if (config.disclosureWarmup) {
    running.get(ProtectionWorker).start();
  }
  logger.log(`Equity Monitor is ready on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`);
}

/**
 * Once serving, main() shuts down itself on a signal: the app, then the embedded server, exit 0.
 * The handlers registered before go: embedded-postgres' (through async-exit-hook, even with
 * DATABASE_URL) stop its servers and exit with 128 + the signal at once, cutting requests in
 * flight; NestJS's (enableShutdownHooks) close the app a second time and kill the process again.
 * During start-up they still apply.
 */
function ownShutdownSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
}

/**
 * Started by the supervisor (supervisor.ts, through `fork`): tells it when serving, and shuts down
 * cleanly when it is gone (its IPC channel closes, even when it was killed).
 */
function superviseBy(onGone: () => void): void {
  if (!process.send) return;
  process.once('disconnect', onGone);
  process.send({ type: 'ready' });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
