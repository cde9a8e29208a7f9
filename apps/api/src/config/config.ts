import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Settings read from the environment at start-up. A bad setting stops the process with its name. */
export interface AppConfig {
  port: number;
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

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${env[name]}")`);
  return fallback;
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
    databaseUrl,
    dataDir: path.resolve(env['DATA_DIR'] ?? path.join(projectRoot, '.data')),
    demoData: boolean(env, 'DEMO_DATA', true, problems),
    tokenTtlHours: integer(env, 'TOKEN_TTL_HOURS', 12, 1, 24 * 30, problems),
    kManage: integer(env, 'K_MANAGE', 5, 3, 1000, problems),
    kResearch: integer(env, 'K_RESEARCH', 10, 3, 1000, problems),
    webDir,
    logLevel,
    adminPassword: env['ADMIN_PASSWORD'] || null,
  };
  if (config.adminPassword !== null && config.adminPassword.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters long');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
