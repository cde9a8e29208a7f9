import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { passwordProblems } from '../auth/password-policy.js';

/** Settings read from the environment at start-up. A bad setting stops the process with its name. */
export interface AppConfig {
  port: number;
  /** Interface to listen on (`HOST`): an IPv4 or IPv6 address, or a host name. */
  host: string;
  /** Computed figures an instance keeps (`FIGURES_CACHE_ENTRIES`, `FiguresCache`). */
  figuresCacheEntries: number;
  /** Protections (a zone-quarter's protected tables, ≈ 240 KB each at scale L) an instance keeps in memory (`PROTECTION_CACHE_ENTRIES`, `DisclosureService`). */
  protectionCacheEntries: number;
  /** External PostgreSQL; when absent an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  demoData: boolean;
  /** Hours a login token stays valid. */
  tokenTtlHours: number;
  /** Smallest count shown to management (k_manage) and to researchers / public (k). Never below 3. */
  kManage: number;
  kResearch: number;
  /** Folder of the built dashboard served at `/`; null to serve the API only. */
  webDir: string | null;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Creates an `admin` account with this password at start-up when no administrator exists. */
  adminPassword: string | null;
  /** Origins allowed to call the API from a browser (CORS); empty = no CORS headers at all. */
  corsOrigins: string[];
  /** Researcher-level outputs (aggregated, disclosure-controlled) without a login. */
  publicAccess: boolean;
  /**
   * Protect each quarter's tables against the previous quarter through the stock-flow identity for
   * management too (by default only researcher-level outputs, which leave the police, are).
   */
  linkQuartersForManagement: boolean;
  /**
   * Run the protection worker: it polls the database for current revisions of every zone's latest
   * `disclosureQuarters` quarters that lack a stored protection (K_MANAGE and K_RESEARCH) and
   * computes them one at a time in the background.
   */
  disclosureWarmup: boolean;
  /** How many latest quarters per zone the protection worker keeps protected. */
  disclosureQuarters: number;
  /** Milliseconds between two polls of the protection worker once it has nothing left to do. */
  disclosurePollMs: number;
  /**
   * Protections a national table (every zone) may compute on the request path; zones needing more
   * are shown as pending (withheld) until the worker has stored them.
   */
  disclosureInlineMax: number;
  /** Login attempts allowed per client address per minute. */
  loginRateLimit: number;
  /** Wrong survey codes allowed per client address within 10 minutes. */
  surveyCodeRateLimit: number;
  /** Reverse proxies in front of the app whose X-Forwarded-For is trusted for the client address (0 = none). */
  trustProxy: number;
  /** OpenID Connect login through the force's identity provider; null = local accounts only. */
  oidc: OidcConfig | null;
  /** API requests at work at once per instance; more wait in a queue (core/in-flight.ts). */
  maxInFlight: number;
  /** Requests that may wait; beyond, 503 with Retry-After. */
  maxQueued: number;
  /** Milliseconds a client has to send a request's headers (Node's server.headersTimeout); then 408 and the connection is closed. */
  headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, headers and body (Node's server.requestTimeout); then 408 and closed. */
  requestTimeoutMs: number;
  /** Milliseconds a request body may go without a single byte arriving before it is answered 408 and closed (core/admission.ts). */
  bodyIdleTimeoutMs: number;
  /** File uploads (multipart requests) one client address may have under way at once; more get 429 with Retry-After. */
  uploadsPerAddress: number;
  /** Exports computed at once per instance (`EXPORTS_IN_FLIGHT`, exports/export-runner.ts). */
  exportsInFlight: number;
  /** Exports waiting for one of those places; beyond, 503 busy (`EXPORTS_QUEUED`). */
  exportsQueued: number;
  /** Memory for finished export files kept for the next identical download, in MB (`EXPORT_CACHE_MB`; 0: none). */
  exportCacheMb: number;
  /** Megabytes of request bodies the instance holds while they arrive and wait for admission; beyond, 503 with Retry-After. */
  bodyBufferMb: number;
  /**
   * How long an instance reuses a resolved session (ms; 0 = look it up on every request). Sign-out
   * and any change to accounts clear it on the instance that made them; other instances see the
   * change within this time.
   */
  sessionCacheMs: number;
  /**
   * The embedded PostgreSQL (no DATABASE_URL) is started again when it dies: first after this many
   * ms, then doubling up to 10 s while attempts fail. Requests get 503 meanwhile.
   */
  embeddedRestartMs: number;
  /** Limits of uploaded return files and JSON bodies, checked while they are read (returns/upload-limits.ts). */
  uploads: UploadLimits;
}

/** What one upload may hold; a file passing one of them is refused (413) the moment it does. */
export interface UploadLimits {
  /** Bytes of the uploaded file (UPLOAD_MAX_BYTES). */
  maxBytes: number;
  /** Data rows of a file (UPLOAD_MAX_ROWS). */
  maxRows: number;
  /** Columns of a row (UPLOAD_MAX_COLUMNS). */
  maxColumns: number;
  /** Non-empty cells of a file (UPLOAD_MAX_CELLS). */
  maxCells: number;
  /** Bytes an Excel workbook unpacks to, all parts read together (UPLOAD_MAX_UNZIPPED_BYTES). */
  maxUnzippedBytes: number;
  /** How many times larger than its packed size a part of a workbook may unpack to (UPLOAD_MAX_ZIP_RATIO). */
  maxZipRatio: number;
  /** Problems listed in a 422 or a preview; the rest are counted in `more` (MAX_PROBLEMS). */
  maxProblems: number;
  /** Nesting of arrays and objects in a JSON body (JSON_MAX_DEPTH). */
  maxJsonDepth: number;
}

/** The JSON body parser's limit (createApp, and the admission gate for every body that is not a form). */
export const JSON_MAX_BYTES = 5 * 1024 * 1024;

/** Room for the form around an uploaded file (boundaries, part headers, reason, dryRun, format). */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * The largest body one request may send: a form (an upload) of UPLOAD_MAX_BYTES plus its form
 * around it, anything else JSON_MAX_BYTES. The admission gate refuses more (413) from the
 * announced Content-Length, or the moment it has read that much; the parsers behind it use the
 * same limits, so whichever check meets a body first gives the same answer.
 */
export function maxRequestBytes(uploads: Pick<UploadLimits, 'maxBytes'>, multipart: boolean): number {
  return multipart ? uploads.maxBytes + FORM_OVERHEAD_BYTES : JSON_MAX_BYTES;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 50_000,
  maxColumns: 100,
  maxCells: 1_000_000,
  maxUnzippedBytes: 64 * 1024 * 1024,
  maxZipRatio: 100,
  maxProblems: 200,
  maxJsonDepth: 32,
};

/** OIDC settings: all four OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL, or none. */
export interface OidcConfig {
  /** Issuer URL of the identity provider (its discovery document is at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The API's callback URL as the identity provider sees it (…/api/v1/auth/oidc/callback). */
  redirectUrl: string;
  /** ID token or userinfo claim holding the local account name. */
  usernameClaim: string;
}

export class ConfigError extends Error {}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** An address or host name to listen on: letters, digits, dots, hyphens and the colons of IPv6, nothing else. */
function hostName(env: NodeJS.ProcessEnv, name: string, fallback: string, problems: string[]): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^(\[?[0-9a-fA-F:.]+\]?|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/.test(raw)) {
    problems.push(`${name} must be an IP address or a host name such as 127.0.0.1, :: or localhost (got "${raw}")`);
    return fallback;
  }
  return raw.replace(/^\[(.*)\]$/, '$1');
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
}

/** `https://a.example, http://localhost:5173` → exact origins (scheme://host[:port], nothing after). */
function origins(env: NodeJS.ProcessEnv, name: string, problems: string[]): string[] {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return [];
  const out: string[] = [];
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '').toLowerCase()) {
      problems.push(`${name} must be a comma-separated list of origins such as https://equity.example.be or http://localhost:5173, without path or wildcard (got "${item}")`);
      continue;
    }
    out.push(url.origin);
  }
  return [...new Set(out)];
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** An absolute http(s) URL; plain http only for a loopback address (development and tests). */
function httpsUrl(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | null {
  const raw = env[name]?.trim() ?? '';
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) || url.username || url.password || url.hash) {
    problems.push(`${name} must be an https:// URL (http:// only for localhost), without user, password or #fragment (got "${raw}")`);
    return null;
  }
  return raw;
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

/** All of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL, or none of them (then null). */
function oidc(env: NodeJS.ProcessEnv, problems: string[]): OidcConfig | null {
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  const present = OIDC_REQUIRED.filter(set);
  if (present.length === 0) {
    if (set('OIDC_USERNAME_CLAIM')) problems.push('OIDC_USERNAME_CLAIM is set but OpenID Connect is not: set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL too');
    return null;
  }
  const missing = OIDC_REQUIRED.filter((n) => !set(n));
  if (missing.length) {
    problems.push(`OpenID Connect needs all of ${OIDC_REQUIRED.join(', ')}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  }
  const issuer = set('OIDC_ISSUER') ? httpsUrl(env, 'OIDC_ISSUER', problems) : null;
  const redirectUrl = set('OIDC_REDIRECT_URL') ? httpsUrl(env, 'OIDC_REDIRECT_URL', problems) : null;
  if (redirectUrl && new URL(redirectUrl).search) problems.push(`OIDC_REDIRECT_URL must not have a ?query (got "${redirectUrl}")`);
  const usernameClaim = env['OIDC_USERNAME_CLAIM']?.trim() || 'preferred_username';
  if (!/^[A-Za-z0-9_.:/-]{1,100}$/.test(usernameClaim)) problems.push(`OIDC_USERNAME_CLAIM must be a claim name such as preferred_username or email (got "${usernameClaim}")`);
  if (missing.length || !issuer || !redirectUrl) return null;
  return { issuer, clientId: env['OIDC_CLIENT_ID']!.trim(), clientSecret: env['OIDC_CLIENT_SECRET']!.trim(), redirectUrl, usernameClaim };
}

function uploadLimits(env: NodeJS.ProcessEnv, problems: string[]): UploadLimits {
  const d = DEFAULT_UPLOAD_LIMITS;
  return {
    maxBytes: integer(env, 'UPLOAD_MAX_BYTES', d.maxBytes, 1024, 100 * 1024 * 1024, problems),
    maxRows: integer(env, 'UPLOAD_MAX_ROWS', d.maxRows, 1, 1_000_000, problems),
    maxColumns: integer(env, 'UPLOAD_MAX_COLUMNS', d.maxColumns, 10, 10_000, problems),
    maxCells: integer(env, 'UPLOAD_MAX_CELLS', d.maxCells, 10, 50_000_000, problems),
    maxUnzippedBytes: integer(env, 'UPLOAD_MAX_UNZIPPED_BYTES', d.maxUnzippedBytes, 1024 * 1024, 1024 * 1024 * 1024, problems),
    maxZipRatio: integer(env, 'UPLOAD_MAX_ZIP_RATIO', d.maxZipRatio, 10, 10_000, problems),
    maxProblems: integer(env, 'MAX_PROBLEMS', d.maxProblems, 1, 100_000, problems),
    maxJsonDepth: integer(env, 'JSON_MAX_DEPTH', d.maxJsonDepth, 4, 1000, problems),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const databaseUrl = env['DATABASE_URL']?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = (env['LOG_LEVEL'] ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) problems.push(`LOG_LEVEL must be error, warn, log or debug (got "${logLevel}")`);
  const webDir = env['WEB_DIR'] === '' ? null : path.resolve(env['WEB_DIR'] ?? path.join(projectRoot, 'apps/web/dist'));
  const config: AppConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    host: hostName(env, 'HOST', '0.0.0.0', problems),
    figuresCacheEntries: integer(env, 'FIGURES_CACHE_ENTRIES', 2000, 10, 1_000_000, problems),
    protectionCacheEntries: integer(env, 'PROTECTION_CACHE_ENTRIES', 100, 2, 100_000, problems),
    databaseUrl,
    dataDir: path.resolve(env['DATA_DIR'] ?? path.join(projectRoot, '.data')),
    demoData: boolean(env, 'DEMO_DATA', true, problems),
    tokenTtlHours: integer(env, 'TOKEN_TTL_HOURS', 12, 1, 24 * 30, problems),
    kManage: integer(env, 'K_MANAGE', 5, 3, 1000, problems),
    kResearch: integer(env, 'K_RESEARCH', 10, 3, 1000, problems),
    webDir,
    logLevel,
    adminPassword: env['ADMIN_PASSWORD'] || null,
    corsOrigins: origins(env, 'CORS_ORIGINS', problems),
    publicAccess: boolean(env, 'PUBLIC_ACCESS', true, problems),
    linkQuartersForManagement: boolean(env, 'LINK_QUARTERS_FOR_MANAGEMENT', false, problems),
    disclosureWarmup: boolean(env, 'DISCLOSURE_WARMUP', true, problems),
    disclosureQuarters: integer(env, 'DISCLOSURE_QUARTERS', 8, 1, 400, problems),
    disclosurePollMs: integer(env, 'DISCLOSURE_POLL_MS', 5000, 100, 3600000, problems),
    disclosureInlineMax: integer(env, 'DISCLOSURE_INLINE_MAX', 8, 0, 100000, problems),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 20, 1, 100000, problems),
    surveyCodeRateLimit: integer(env, 'SURVEY_CODE_RATE_LIMIT', 10, 1, 100000, problems),
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 10, problems),
    oidc: oidc(env, problems),
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', 32, 1, 10000, problems),
    maxQueued: integer(env, 'MAX_QUEUED', 5000, 0, 1000000, problems),
    sessionCacheMs: integer(env, 'SESSION_CACHE_MS', 2000, 0, 60000, problems),
    embeddedRestartMs: integer(env, 'EMBEDDED_PG_RESTART_MS', 250, 10, 60000, problems),
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10000, 1000, 600000, problems),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 120000, 1000, 3600000, problems),
    bodyIdleTimeoutMs: integer(env, 'BODY_IDLE_TIMEOUT_MS', 15000, 1000, 600000, problems),
    uploadsPerAddress: integer(env, 'UPLOADS_PER_ADDRESS', 4, 1, 1000, problems),
    exportsInFlight: integer(env, 'EXPORTS_IN_FLIGHT', 2, 1, 1000, problems),
    exportsQueued: integer(env, 'EXPORTS_QUEUED', 16, 0, 100000, problems),
    exportCacheMb: integer(env, 'EXPORT_CACHE_MB', 16, 0, 4096, problems),
    bodyBufferMb: integer(env, 'BODY_BUFFER_MB', 64, 16, 65536, problems),
    uploads: uploadLimits(env, problems),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not be longer than REQUEST_TIMEOUT_MS (${config.requestTimeoutMs}): the headers are part of the request`);
  }
  // The admission gate holds a whole body before the request goes on: one largest upload must fit.
  if (config.bodyBufferMb * 1024 * 1024 < maxRequestBytes(config.uploads, true)) {
    problems.push(
      `BODY_BUFFER_MB (${config.bodyBufferMb}) must hold at least one largest upload: UPLOAD_MAX_BYTES (${config.uploads.maxBytes}) plus ${FORM_OVERHEAD_BYTES / 1024} KiB for its form`,
    );
  }
  if (config.adminPassword !== null) {
    for (const p of passwordProblems(config.adminPassword, 'admin')) problems.push(`ADMIN_PASSWORD ${p.rule}`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
