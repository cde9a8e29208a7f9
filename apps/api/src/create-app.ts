import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { type AppConfig, JSON_MAX_BYTES } from './config/config.js';
import { HttpExceptionFilter } from './core/http-exception.filter.js';
import { AdmissionGate, applyServerTimeouts } from './core/admission.js';
import { InFlightLimiter } from './core/in-flight.js';
import { jsonDepthLimit } from './core/json-depth.js';
import { serializeJsonOnce } from './core/json-once.js';
import { setProblemLimit } from './core/problems.js';
import { type DatabaseMonitor, refuseWhileDatabaseDown } from './db/database-state.js';
import { openWithStartup } from './db/startup.js';
import { createValidationPipe } from './core/validation.pipe.js';
import { RESPONSE_SCHEMAS } from './openapi/response-schemas.js';

type Directives = Record<string, string[]>;

/**
 * Content-Security-Policy of everything but the OpenAPI UI: the dashboard is a built bundle with no
 * inline script or style, and talks only to its own origin.
 */
export const CSP_APP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};

/** Swagger UI (/api/docs) loads its scripts from /api/docs but has inline `<style>` and style attributes. */
export const CSP_DOCS: Directives = { ...CSP_APP, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Secure headers (helmet): CSP, nosniff, frame denial, no referrer, HSTS (honoured over HTTPS only). */
function secureHeaders(directives: Directives) {
  return helmet({
    // No upgrade-insecure-requests: it would break a plain-HTTP deployment on a LAN address.
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * Builds the application exactly as it runs in production: used by main.ts and by the
 * integration tests (which pass their own database URL). `database`: the embedded PostgreSQL
 * main.ts supervises, for health and for 503 while it restarts.
 *
 * The database is opened as every command opens it (`openWithStartup`, db/startup.ts): instances
 * and tools starting together take turns (the startup advisory lock) for migrations, built-in
 * profiles, demo data and the ADMIN_PASSWORD administrator.
 */
export async function createApp(config: AppConfig & { databaseUrl: string }, options: { database?: DatabaseMonitor } = {}): Promise<INestApplication> {
  return openWithStartup(config.databaseUrl, () => buildApp(config, options.database ?? null));
}

async function buildApp(config: AppConfig & { databaseUrl: string }, database: DatabaseMonitor | null): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), {
    logger: config.logLevel === 'debug' ? ['error', 'warn', 'log', 'debug'] : config.logLevel === 'log' ? ['error', 'warn', 'log'] : config.logLevel === 'warn' ? ['error', 'warn'] : ['error'],
  });
  app.disable('x-powered-by');
  // Kept answers are serialized once, not for every request (core/json-once.ts).
  serializeJsonOnce(app.getHttpAdapter().getInstance() as Express);
  // Slow clients: headers and whole request within their timeouts (the same for main.ts and tests).
  applyServerTimeouts(app.getHttpServer(), config);
  // While the embedded PostgreSQL restarts: 503 at once, before a body is waited for or buffered
  // (health still answers, with the state).
  if (database) app.use(refuseWhileDatabaseDown(database));
  // A request counts against MAX_IN_FLIGHT only once its body has arrived (core/admission.ts)...
  app.use(app.get(AdmissionGate).middleware);
  // ...then waits its turn before any work: a bounded number of API requests in flight per instance.
  app.use(app.get(InFlightLimiter).middleware);
  if (config.trustProxy > 0) app.set('trust proxy', config.trustProxy);
  const appHeaders = secureHeaders(CSP_APP);
  const docsHeaders = secureHeaders(CSP_DOCS);
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path === '/api/docs' || req.path.startsWith('/api/docs/') ? docsHeaders : appHeaders)(req, res, next),
  );
  // CORS is closed unless CORS_ORIGINS lists the origins that may call the API from a browser.
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'If-None-Match'],
      exposedHeaders: ['Content-Disposition', 'Retry-After', 'X-Export-Rows', 'ETag'],
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: JSON_MAX_BYTES });
  // Right after the JSON parser: a deep body is refused before pipes and handlers recurse into it.
  app.use(jsonDepthLimit(config.uploads.maxJsonDepth));
  setProblemLimit(config.uploads.maxProblems);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(config.uploads.maxBytes));
  app.enableShutdownHooks();

  const openapi = new DocumentBuilder()
    .setTitle('Equity Monitor API')
    .setDescription(
      'Anonymous, voluntary police workforce diversity statistics per zone and quarter. ' +
        'Log in with POST /api/v1/auth/login and send the token as `Authorization: Bearer …`. ' +
        'Every refusal (400, 403, 409, 413, 415, 422, 429…) has the same shape: `statusCode`, `error`, `message` and `errors`, each with row, column, code and message; ' +
        'a 422 adds `warnings`, and `truncated`/`more` when more problems were found than are listed (the first MAX_PROBLEMS by row). No value a person typed is quoted back.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = () => {
    const doc = SwaggerModule.createDocument(app, openapi);
    doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...(RESPONSE_SCHEMAS as Record<string, object>) } };
    return doc;
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (config.webDir && existsSync(path.join(config.webDir, 'index.html'))) {
    const index = path.join(config.webDir, 'index.html');
    // The dashboard's files; API paths skip it (serving a file costs a file-system look-up).
    const assets = express.static(config.webDir, { index: false, maxAge: '1h' });
    app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : assets(req, res, next)));
    // Client-side routes: any other GET outside /api serves the dashboard's index.html.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'GET' && !req.path.startsWith('/api')) res.sendFile(index);
      else next();
    });
  } else if (config.webDir) {
    new Logger('Web').warn(`No built dashboard in ${config.webDir}: serving the API only (run "npm run build").`);
  }

  await app.init();
  return app;
}
