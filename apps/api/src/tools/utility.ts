/**
 * The utility report (issue 14): how much of what disclosure control could publish to management
 * and researchers it does publish. `npm run utility [-- --check] [-- --out file.json]`; docs/utility.md.
 *
 *   node apps/api/dist/tools/utility.js [--out docs/bench/utility.json] [--check] [--uk <folder>] [--samples 40]
 *
 * Starts a throw-away embedded PostgreSQL, the real application on it with the demo data, imports
 * the UK police workforce file (../shared/datasets/uk-police-workforce) through the generic import
 * when it is there, measures every headline figure for both protected roles (tools/utility-report.ts),
 * then compares a sample of them and the Antwerpen line with what the endpoints answer over HTTP to
 * the demo accounts. Prints a table and writes JSON. Exit 0 (a report, not a test) unless --check is
 * given and a goal is missed (1); 2 when the measurement itself is wrong (the endpoint disagrees).
 */
import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { SeriesDto, Served, ZoneMetrics } from '@equity/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { loadConfig } from '../config/config.js';
import { createApp } from '../create-app.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { DEMO_PASSWORD } from '../demo/seed.service.js';
import { ImportsService } from '../imports/imports.service.js';
import { type DatasetResult, type Family, formatReport, GOAL_SHARE, goals, type MeasureOptions, measureDataset, mergeResults, readFigures } from './utility-report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const USAGE = 'Usage: node apps/api/dist/tools/utility.js [--out <file.json>] [--check] [--uk <folder>] [--samples <n per role>] [--jobs <processes>]';
/** The issue's line: Antwerpen's figures as management sees them on the zone page. */
const WATCH = { zone: '5345', role: 'management' as const, families: ['hiring ratio', 'promotion impact ratio', 'retention'] as Family[] };

const log = (...m: unknown[]) => console.log(`[utility ${new Date().toISOString().slice(11, 19)}]`, ...m);

type DatasetSpec = Omit<MeasureOptions, 'part' | 'samples' | 'log'>;
const DEMO: DatasetSpec = { dataset: 'demo', profile: 'belgium-police', watch: WATCH };
const UK: DatasetSpec = { dataset: 'uk', profile: 'uk-home-office' };

/** Part `index` of `of` of every dataset (its zones in code order, every `of`-th). */
async function measureParts(app: INestApplicationContext, datasets: DatasetSpec[], index: number, of: number, samples: number): Promise<DatasetResult[]> {
  const out: DatasetResult[] = [];
  for (const d of datasets) {
    const r = await measureDataset(app, { ...d, part: { index, of }, samples: Math.ceil(samples / of), log });
    log(`${d.dataset}, part ${index + 1}/${of}: ${r.zones} zones, ${r.figures} figures in ${r.seconds} s`);
    out.push(r);
  }
  return out;
}

/**
 * The measurement is CPU work in one JavaScript thread (mostly computing disclosure protections), so
 * the zones are shared among `--jobs` processes, each running the application on the same database:
 * the other parts run in children of this command (`--part`), which write their results to a file.
 */
function measureInChild(databaseUrl: string, datasets: DatasetSpec[], index: number, of: number, samples: number, dir: string): Promise<DatasetResult[]> {
  const result = path.join(dir, `part-${index}.json`);
  const child = fork(fileURLToPath(import.meta.url), ['--part', `${index}/${of}`, '--database-url', databaseUrl, '--result', result, '--datasets', datasets.map((d) => d.dataset).join(','), '--samples', String(samples)], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`part ${index + 1}/${of} of the measurement stopped with exit code ${code}`));
      else resolve(JSON.parse(readFileSync(result, 'utf8')) as DatasetResult[]);
    });
  });
}

/** A child's part: the application on the parent's database (seeded and imported already). */
async function childPart(databaseUrl: string, part: string, result: string, datasets: string, samples: number): Promise<number> {
  const [index, of] = part.split('/').map(Number) as [number, number];
  const app = await createApp({ ...appConfig(), demoData: false, databaseUrl });
  try {
    const specs = [DEMO, UK].filter((d) => datasets.split(',').includes(d.dataset));
    writeFileSync(result, JSON.stringify(await measureParts(app, specs, index, of, samples)));
    return 0;
  } finally {
    await app.close();
  }
}

/** Thresholds as a deployment sets them (K_MANAGE, K_RESEARCH; defaults 5 and 10); nothing else from the environment. */
function appConfig() {
  return {
    ...loadConfig({ K_MANAGE: process.env['K_MANAGE'], K_RESEARCH: process.env['K_RESEARCH'] }),
    demoData: true,
    webDir: null,
    logLevel: 'error' as const,
    disclosureWarmup: false,
    adminPassword: null,
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        out: { type: 'string', default: path.join(ROOT, 'docs/bench/utility.json') },
        check: { type: 'boolean', default: false },
        uk: { type: 'string', default: path.resolve(ROOT, '../shared/datasets/uk-police-workforce') },
        samples: { type: 'string', default: '40' },
        jobs: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
        // A child's part (measureInChild).
        part: { type: 'string' },
        'database-url': { type: 'string' },
        result: { type: 'string' },
        datasets: { type: 'string', default: 'demo,uk' },
      },
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (args.part) return childPart(args['database-url']!, args.part, args.result!, args.datasets!, Number(args.samples));
  const started = performance.now();
  const jobs = Math.max(1, Math.floor(Number(args.jobs)) || 1);
  const outFile = path.resolve(args.out!);
  const ukDir = path.resolve(args.uk!);
  const ukFile = path.join(ukDir, 'officers-by-rank-2003-2006.csv');
  const samples = Number(args.samples);
  const config = appConfig();
  const tmp = path.join(os.tmpdir(), `equity-utility-${process.pid}-${Date.now()}`);
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false, unsafeFast: true });
  let app: INestApplication | null = null;
  const cleanup = async () => {
    await app?.close().catch(() => undefined);
    await pgServer.stop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    app = await createApp({ ...config, databaseUrl: pgServer.url });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const setupSeconds = (performance.now() - started) / 1000;
    log(`application with demo data on ${base} in ${setupSeconds.toFixed(1)} s`);

    // The UK file, through the generic import as `npm run import` does it.
    let ukSkipped: string | null = null;
    let importSeconds = 0;
    if (!existsSync(ukFile)) {
      ukSkipped = `UK dataset not found at ${ukDir}: skipped`;
      console.log(ukSkipped);
    } else {
      const t = performance.now();
      const [admin] = (await app.get(DataSource).query("SELECT id, username, display_name FROM app_user WHERE username = 'admin'")) as { id: number; username: string; display_name: string }[];
      const user: AuthUser = { id: admin!.id, username: admin!.username, displayName: admin!.display_name, role: 'admin', zones: [] };
      const mappingPath = path.join(ROOT, 'examples/uk-police-workforce/mapping.json');
      const summary = await app
        .get(ImportsService)
        .run(user, { name: mappingPath, text: readFileSync(mappingPath, 'utf8') }, { name: ukFile, content: readFileSync(ukFile) }, { dryRun: false });
      importSeconds = (performance.now() - t) / 1000;
      log(`UK import: ${summary.rowsRead} rows, ${summary.returns?.returns.length ?? 0} returns in ${importSeconds.toFixed(1)} s`);
    }

    const datasets = ukSkipped ? [DEMO] : [DEMO, UK];
    const t0 = performance.now();
    const children = Array.from({ length: jobs - 1 }, (_, i) => measureInChild(pgServer.url, datasets, i + 1, jobs, samples, tmp));
    const parts = [await measureParts(app, datasets, 0, jobs, samples), ...(await Promise.all(children))];
    const results = datasets.map((_, j) => mergeResults(parts.map((p) => p[j]!)));
    const measureSeconds = (performance.now() - t0) / 1000;
    log(`measured ${results.map((r) => `${r.dataset} ${r.figures} figures`).join(', ')} in ${measureSeconds.toFixed(1)} s (${jobs} processes)`);

    // Over HTTP, as the demo accounts: the sampled selections (zone metrics endpoint) and the
    // watched zone's line (series endpoint, as the zone page reads it) must say what was measured.
    const tokens: Record<string, string> = {};
    for (const username of ['management', 'researcher']) {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      tokens[username] = ((await res.json()) as { token: string }).token;
    }
    const get = async <T>(role: string, url: string): Promise<T> => {
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      if (res.status !== 200) throw new Error(`GET ${url} as ${role} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return (await res.json()) as T;
    };
    const mismatches: string[] = [];
    let compared = 0;
    const t = performance.now();
    for (const r of results) {
      for (const s of r.samples) {
        const q = new URLSearchParams({ period: s.period, group: s.group, ...(s.reference ? { reference: s.reference } : {}), ...(s.categories ? { categories: s.categories } : {}) });
        const body = await get<Served<ZoneMetrics>>(s.role, `/api/v1/zones/${s.zone}/metrics?${q}`);
        const isReference = s.reference !== null;
        const http = new Map(readFigures(body, { reference: isReference, declaration: isReference }).map((f) => [f.id, f.value]));
        for (const reading of s.readings) {
          compared += 1;
          const other = http.get(reading.id);
          if (!(other === reading.value || (typeof other === 'number' && typeof reading.value === 'number' && Math.abs(other - reading.value) < 1e-12))) {
            mismatches.push(`${s.role} ${s.zone} ${s.period} ${s.group} ${s.categories || 'all staff'} ${reading.id}: measured ${reading.value}, endpoint ${other}`);
          }
        }
      }
    }
    const watch = results[0]!.watch;
    if (watch) {
      const periods = watch.rows.map((w) => w.period);
      if (periods.length) {
        const series = await get<SeriesDto>(watch.role, `/api/v1/zones/${watch.zone}/metrics/series?group=${watch.group}&from=${periods[0]}&to=${periods[periods.length - 1]}`);
        for (const w of watch.rows) {
          const p = series.points.find((x) => x.period === w.period);
          const shown = { 'hiring ratio': p?.hiringRatio, 'promotion impact ratio': p?.promotionImpactRatio, retention: p?.retention.value } as Record<string, number | null | undefined>;
          for (const [family, state] of Object.entries(w.figures)) {
            compared += 1;
            const overHttp = typeof shown[family] === 'number';
            if (state !== null && overHttp !== (state === 'shown')) mismatches.push(`series ${watch.zone} ${w.period} ${family}: measured ${state}, endpoint ${shown[family]}`);
          }
        }
      }
    }
    const httpSeconds = (performance.now() - t) / 1000;
    log(`HTTP comparison: ${compared} figures, ${mismatches.length} differ (${httpSeconds.toFixed(1)} s)`);

    const goalList = goals(results);
    const watchMissed = watch ? watch.rows.flatMap((w) => Object.entries(w.figures).filter(([, s]) => s === 'withheld').map(([f]) => `${w.period} ${f}`)) : [];
    const seconds = (performance.now() - started) / 1000;
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--', 'apps/api/src', 'libs/shared/src']);
    const report = {
      generatedAt: new Date().toISOString(),
      commit,
      uncommittedSourceChanges: dirty ? dirty.split('\n').length : 0,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', node: process.version },
      thresholds: { management: config.kManage, researcher: config.kResearch },
      goalShare: GOAL_SHARE,
      processes: jobs,
      seconds: {
        total: Math.round(seconds * 10) / 10,
        setup: Math.round(setupSeconds * 10) / 10,
        ukImport: Math.round(importSeconds * 10) / 10,
        measure: Math.round(measureSeconds * 10) / 10,
        http: Math.round(httpSeconds * 10) / 10,
      },
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      ukSkipped,
      datasets: results.map(({ samples: _samples, ...r }) => r),
      goals: goalList,
      watch: watch ? { ...watch, withheld: watchMissed } : null,
      httpComparison: { figures: compared, mismatches },
    };
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

    const missed = goalList.filter((g) => !g.met);
    console.log(`\nEquity Monitor utility report — ${report.generatedAt.slice(0, 10)}, commit ${commit ?? '?'}${report.uncommittedSourceChanges ? ` + ${report.uncommittedSourceChanges} uncommitted source files` : ''}`);
    console.log(`thresholds: management k = ${config.kManage}, researcher k = ${config.kResearch}; ${results.map((r) => `${r.dataset}: ${r.zones} zones, ${r.quarters} quarters (${r.periods?.first}…${r.periods?.last}), ${r.figures} figures`).join('; ')}`);
    for (const r of results) if (r.notCollected.length) console.log(`${r.dataset}: optional classifications nobody declared, left out: ${r.notCollected.join(', ')}`);
    console.log('');
    console.log(formatReport(results));
    if (ukSkipped) console.log(`\n${ukSkipped}`);
    console.log(
      `\nGoals (≥ ${GOAL_SHARE * 100}% of the bound at all staff + category group, per role, dataset and family; ${watch?.zoneName ?? 'Antwerpen'} visible to management): ` +
        (missed.length || watchMissed.length ? `${missed.length} of ${goalList.length} missed${watchMissed.length ? `; ${watch?.zoneName} withheld: ${watchMissed.length} figure-quarters` : ''}` : 'all met'),
    );
    console.log(`HTTP comparison: ${compared} figures compared with the endpoints, ${mismatches.length} differ${mismatches.length ? `:\n  ${mismatches.slice(0, 20).join('\n  ')}` : ''}`);
    console.log(`JSON: ${path.relative(process.cwd(), outFile)}; run time ${seconds.toFixed(1)} s (${jobs} processes; load average ${report.loadAverage.join(' ')} on ${os.cpus().length} cores)`);
    if (mismatches.length) return 2;
    return args.check && (missed.length || watchMissed.length) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(2);
  },
);
