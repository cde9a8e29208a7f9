import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addQuarters,
  type BreakdownDto,
  type BreakdownWindow,
  type Cell,
  type CellDto,
  cellKey,
  type ClassificationProfile,
  type DimensionDef,
  hasEnded,
  isMeasureCode,
  type ProtectedTable,
  isPeriod,
  labelText,
  lastDayOf,
  type MeasureCode,
  notDeclaredCode,
  periodIndex,
  periodOf,
  periodRange,
  previousPeriod,
  type Problem,
  type ProtectedRevisionDto,
  type ReturnDto,
  type RevisionDto,
  type ReturnSummaryDto,
  type RevisionSource,
  stockFlowGaps,
  type SubmitResult,
  type ValidationReport,
  WINDOW_QUARTERS,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { FiguresCache } from '../analytics/figures-cache.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { byRow, capProblems, RefusalException, ValidationProblemsException, requestProblem } from '../core/problems.js';
import type { UploadLimits } from '../config/config.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ZoneAccess, type ZoneRef, ZonesService } from '../zones/zones.service.js';
import { jsonCellsToTable, type RawTable, type ReturnContext, validateCellRows, type ValidationOutcome } from './return-validator.js';
import { type MergedQuarters, ReturnsRepository, sumDimensions } from './returns.repository.js';
import { checkFreeTextField, isPersonalDataProblem } from './pii-guard.js';
import { checkUpload, type UploadFormat } from './upload-pipeline.js';
import { type Precondition, preconditionHolds, StaleRevisionException } from './precondition.js';

export type { UploadFormat } from './upload-pipeline.js';

export interface Target<Z extends ZoneRef = ZoneRef> {
  zone: Z;
  access: ZoneAccess;
  threshold: number;
  period: string;
  profile: ClassificationProfile;
}

/**
 * A return for the quarter still running is accepted (HR may enter the counts so far) with a
 * warning: dashboards, targets and exports open on the latest ended quarter (`defaultPeriod`) until
 * it ends, and the return can be corrected then.
 */
export function runningQuarterWarning(period: string, today: Date = new Date()): Problem[] {
  if (hasEnded(period, today)) return [];
  return [
    requestProblem(
      'period',
      'quarter_not_ended',
      `${period} has not ended yet (it ends on ${lastDayOf(period)}): these are the counts so far. The dashboards keep showing the last ended quarter until then; correct this return once the quarter is over.`,
      undefined,
      { period, lastDay: lastDayOf(period) },
    ),
  ];
}

@Injectable()
export class ReturnsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly repo: ReturnsRepository,
    private readonly audit: AuditService,
    private readonly disclosure: DisclosureService,
    private readonly analytics: AnalyticsRepository,
    private readonly cache: FiguresCache,
  ) {}

  private async target<Z extends ZoneRef = ZoneRef>(user: AuthUser, zoneCode: string, period: string, mode: 'read' | 'write', load?: (code: string, granted: { access: ZoneAccess; threshold: number }) => Promise<Z | null>): Promise<Target<Z>> {
    const { zone, access, threshold } = await this.zones.authorize(user, zoneCode, mode, load);
    const p = period.toUpperCase();
    if (!isPeriod(p)) {
      throw new ValidationProblemsException([requestProblem('period', 'invalid_period', `"${period}" is not a quarter. Write it like 2025-Q3.`, period)]);
    }
    if (mode === 'write' && periodIndex(p) > periodIndex(periodOf(new Date()))) {
      throw new ValidationProblemsException([requestProblem('period', 'future_period', `${p} has not started yet: returns are entered for past or current quarters.`, p)]);
    }
    return { zone, access, threshold, period: p, profile: await this.profiles.get(zone.profileCode) };
  }

  async list(user: AuthUser, zoneCode: string): Promise<ReturnSummaryDto[]> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    return this.repo.summaries(zone.id);
  }

  async get(user: AuthUser, zoneCode: string, period: string, revisionNo?: number): Promise<ReturnDto> {
    const t = await this.target(user, zoneCode, period, 'read');
    const summary = await this.repo.summary(t.zone.id, t.period);
    const revision = summary ? await this.repo.revision(t.zone.id, t.period, revisionNo) : null;
    if (!summary || !revision) {
      throw new NotFoundException(
        revisionNo ? `Revision ${revisionNo} of ${t.zone.name} ${t.period} does not exist.` : `${t.zone.name} has no return for ${t.period} yet.`,
      );
    }
    if (t.access !== 'full') {
      throw new ForbiddenException(
        'The cells of a return are for the zone’s HR officers and administrators. Management and researchers see them through the protected tables and figures (breakdown, metrics).',
      );
    }
    const cells: CellDto[] = await this.repo.cells(revision.id);
    const { id: _id, ...revisionDto } = revision;
    return { ...summary, revision: revisionDto, cells, reopened: await this.repo.lastReopened(t.zone.code, t.period) };
  }

  /** Every revision of a return; callers under disclosure control see only number, time and source (ProtectedRevisionDto). */
  async revisions(user: AuthUser, zoneCode: string, period: string): Promise<RevisionDto[] | ProtectedRevisionDto[]> {
    const t = await this.target(user, zoneCode, period, 'read');
    const all = await this.repo.revisions(t.zone.id, t.period);
    return t.threshold > 1 ? all.map(({ number, createdAt, source }) => ({ number, createdAt, source })) : all;
  }

  /** Validates without writing: the upload preview and the form's check. */
  async validateJson(user: AuthUser, zoneCode: string, period: string, cells: unknown[]): Promise<ValidationReport> {
    const t = await this.target(user, zoneCode, period, 'write');
    return this.report(t, this.checkJson(t, cells), 'json');
  }

  /**
   * The cheap checks of a write, before its body is read or validated: role and zone, quarter,
   * and the quarter not signed off (409). The If-Match precondition is checked later, in the write
   * transaction on the locked row (store): only there is "current" certain.
   */
  async assertWritable(user: AuthUser, zoneCode: string, period: string): Promise<void> {
    await this.assertOpen(await this.target(user, zoneCode, period, 'write'));
  }

  private async assertOpen(t: Target): Promise<void> {
    const summary = await this.repo.summary(t.zone.id, t.period);
    if (summary?.status === 'signed_off') {
      throw new RefusalException(409, 'signed_off', `${t.zone.name} ${t.period} is signed off. An administrator must reopen it before it can be changed.`, signedOffParams([t]));
    }
  }

  async submitJson(user: AuthUser, zoneCode: string, period: string, reason: string, cells: unknown[], source: RevisionSource, precondition: Precondition = {}): Promise<SubmitResult> {
    const t = await this.target(user, zoneCode, period, 'write');
    await this.assertOpen(t);
    const report = await this.report(t, this.checkJson(t, cells), 'json');
    return this.store(user, t, report, reason, source, precondition);
  }

  async upload(
    user: AuthUser,
    zoneCode: string,
    period: string,
    file: { originalname: string; buffer: Buffer } | undefined,
    opts: { reason: string; dryRun: boolean; format: UploadFormat; limits: UploadLimits; precondition?: Precondition },
  ): Promise<ValidationReport | SubmitResult> {
    const t = await this.target(user, zoneCode, period, 'write');
    if (!file || file.buffer.length === 0) {
      throw new ValidationProblemsException([requestProblem('file', 'no_file', 'Choose a CSV or Excel (.xlsx) file to upload.')]);
    }
    const ctx: ReturnContext = { profile: t.profile, zone: t.zone.code, period: t.period };
    const { kind, perPerson, outcome } = await checkUpload(file, ctx, opts.format, opts.limits);
    const report = await this.report(t, outcome, perPerson ? 'per-person' : 'cells');
    if (opts.dryRun) return report;
    const source: RevisionSource = `${perPerson ? 'person-' : ''}${kind}` as RevisionSource;
    return this.store(user, t, report, opts.reason, source, opts.precondition);
  }

  private checkJson(t: Target, cells: unknown[]): ValidationOutcome {
    const { table, errors } = jsonCellsToTable(cells);
    const outcome = validateCellRows(table, { profile: t.profile, zone: t.zone.code, period: t.period }, { checkHeader: false });
    if (cells.length === 0) outcome.errors.push(requestProblem('cells', 'empty', 'The return has no cells.'));
    const all = [...errors, ...outcome.errors].sort(byRow);
    // Personal data anywhere: no cell is shown back, not even in a preview.
    return { ...outcome, cells: all.some(isPersonalDataProblem) ? [] : outcome.cells, errors: all, rowsRead: cells.length };
  }

  private async report(t: Target, outcome: ValidationOutcome, format: ValidationReport['format']): Promise<ValidationReport> {
    const warnings = outcome.errors.length ? [] : [...runningQuarterWarning(t.period), ...(await this.stockFlowWarnings(t, outcome.cells))];
    // The first problems by row, with how many more (a file of 50,000 bad rows answers in a few kB).
    const listed = capProblems(outcome.errors, outcome.dropped);
    return { valid: outcome.errors.length === 0, format, rowsRead: outcome.rowsRead, ...listed, warnings, cells: outcome.cells };
  }

  /** Warnings where end ≠ previous end + hires + promotions in − promotions out − separations. */
  private async stockFlowWarnings(t: Target, cells: Cell[]): Promise<Problem[]> {
    const previousPeriod_ = previousPeriod(t.period);
    const previous = (await this.repo.currentHeadcounts([{ zoneId: t.zone.id, period: previousPeriod_ }])).get(`${t.zone.id}|${previousPeriod_}`);
    return previous ? stockFlowProblems(t.profile, t.period, previous, cells) : [];
  }

  private async store(user: AuthUser, t: Target, report: ValidationReport, reason: string, source: RevisionSource, precondition: Precondition = {}): Promise<SubmitResult> {
    const errors = [...report.errors];
    if (!reason || reason.trim() === '') {
      errors.push(requestProblem('reason', 'required', 'Say why you are submitting this revision (for example "first entry" or "corrected hires in basic cadre").'));
    } else {
      const personal = checkFreeTextField('reason', 'The reason', reason);
      if (personal) errors.push(personal);
    }
    if (errors.length) throw new ValidationProblemsException(errors.sort(byRow), report.warnings, undefined, report.more ?? 0);
    const entry = { t, cells: report.cells, warnings: report.warnings };
    return this.db.transaction(async (m) => {
      // The quarter's row locked before anything is compared or written: a concurrent writer of
      // the same quarter waits here, then sees this one's revision as current (precondition.ts).
      const { status, current } = await this.repo.lockForWrite(m, t.zone.id, t.period);
      // A signed-off quarter answers 409 below whatever the client had: saving again cannot help.
      if (status !== 'signed_off' && !preconditionHolds(precondition, current?.number ?? null)) {
        throw new StaleRevisionException(`${t.zone.name} ${t.period}`, precondition, current);
      }
      const supersedes = current?.number ?? null;
      const [result] = await this.writeRevisionsIn(m, user, [entry], reason.trim(), source, describePrecondition(precondition));
      return { ...result!, supersedes };
    });
  }

  /**
   * Writes validated returns as new revisions in one transaction (ReturnsRepository.storeRevisions:
   * a fixed number of statements whatever their number) with one audit event per return; a
   * signed-off quarter among them stops them all (409). The answer of each is built from what was
   * written (no read-back).
   */
  private async writeRevisions(user: AuthUser, entries: { t: Target; cells: Cell[]; warnings: Problem[] }[], reason: string, source: RevisionSource): Promise<Omit<SubmitResult, 'supersedes'>[]> {
    return this.db.transaction((m) => this.writeRevisionsIn(m, user, entries, reason, source));
  }

  /**
   * `writeRevisions` in the caller's transaction. Each audit event records the revision it
   * superseded and under which precondition it was written (`precondition`, "none" for a batch),
   * so a batch leaves the same events as single submissions.
   */
  private async writeRevisionsIn(
    m: EntityManager,
    user: AuthUser,
    entries: { t: Target; cells: Cell[]; warnings: Problem[] }[],
    reason: string,
    source: RevisionSource,
    precondition = 'none',
  ): Promise<Omit<SubmitResult, 'supersedes'>[]> {
    const stored = await this.repo.storeRevisions(
      m,
      entries.map(({ t, cells }) => ({ zoneId: t.zone.id, period: t.period, authorId: user.id, reason, source, cells, dimensions: sumDimensions(t.profile) })),
    );
    if ('merged' in stored) throw mergedRefusal(stored.merged);
    if ('signedOff' in stored) {
      const names = entries.filter(({ t }) => stored.signedOff.some((s) => s.zoneId === t.zone.id && s.period === t.period)).map(({ t }) => `${t.zone.name} ${t.period}`);
      const refused = entries.filter(({ t }) => stored.signedOff.some((s) => s.zoneId === t.zone.id && s.period === t.period)).map(({ t }) => t);
      throw new RefusalException(
        409,
        'signed_off',
        entries.length === 1
          ? `${names[0]} is signed off. An administrator must reopen it before it can be changed.`
          : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} signed off. An administrator must reopen ${names.length === 1 ? 'it' : 'them'} before ${names.length === 1 ? 'it' : 'they'} can be changed; nothing was written.`,
        signedOffParams(refused),
      );
    }
    await this.audit.recordMany(
      m,
      user,
      'return.revised',
      entries.map(({ t, cells, warnings }, k) => ({
        zone: t.zone.code,
        period: t.period,
        details: { revision: stored[k]!.revisionNo, supersedes: stored[k]!.supersedes, precondition, source, cells: cells.length, reason, warnings: warnings.length },
      })),
    );
    return entries.map(({ t, cells, warnings }, k) => {
      const s = stored[k]!;
      const createdAt = s.createdAt.toISOString();
      return {
        summary: { zone: t.zone.code, period: t.period, status: s.status, currentRevision: s.revisionNo, updatedAt: createdAt, updatedBy: user.username, signedOffAt: null, signedOffBy: null },
        revision: { number: s.revisionNo, author: user.username, createdAt, reason, source, cellCount: cells.length },
        warnings,
      };
    });
  }

  /**
   * Validates many returns sent as JSON (zone, quarter, cells), each exactly like `submitJson`:
   * the cell validator with its personal-data guard, the reason, and the stock-flow check against
   * the previous quarter, taken from the batch itself when it holds it, else from `memory` (the
   * earlier batches of the same load), else from the database. Problems of every return come back
   * together (422), each message starting with the return's zone and quarter, `row` being the
   * cell's position in that return's `cells`. Nothing is read or written beyond the look-ups.
   */
  async validateBatch(user: AuthUser, items: BatchReturn[], opts: { reason: string; source: RevisionSource; memory?: BatchMemory }): Promise<ValidatedBatch> {
    const errors: Problem[] = [];
    const allWarnings: Problem[] = [];
    const reason = (opts.reason ?? '').trim();
    if (reason === '') errors.push(requestProblem('reason', 'required', 'Say why you are submitting these returns (for example "first entry" or "history from the HR system").'));
    else {
      const personal = checkFreeTextField('reason', 'The reason', reason);
      if (personal) errors.push(personal);
    }
    if (items.length === 0) errors.push(requestProblem('returns', 'empty', 'The batch has no returns.'));
    const codes = [...new Set(items.map((i) => String(i.zone)))];
    const notOwn = codes.filter((c) => !(user.role === 'admin' || (user.role === 'hr' && user.zones.includes(c))));
    if (notOwn.length) {
      throw user.role === 'hr'
        ? new RefusalException(403, 'zone_forbidden', `You may only enter data for your own zone(s): ${user.zones.join(', ') || 'none'} (not ${notOwn.join(', ')}).`, {
            zones: user.zones.join(', '),
            mode: 'write',
          })
        : new RefusalException(403, 'role_forbidden', `Your role (${user.role}) may not change returns.`, { role: user.role });
    }
    const zones = await this.zones.authorizeAll(user, codes);
    const current = periodIndex(periodOf(new Date()));
    const seen = new Set<string>();
    const entries: { t: Target; cells: Cell[]; warnings: Problem[] }[] = [];
    for (const item of items) {
      // Validation is CPU work: between returns, let I/O run, so a batch being written meanwhile
      // (the load pipeline) streams its COPY instead of waiting for this whole batch.
      await new Promise((resolve) => setImmediate(resolve));
      const p = String(item.period ?? '').toUpperCase();
      const where = `${item.zone} ${p}`;
      const add = (list: Problem[], problems: Problem[]) => list.push(...problems.map((e) => ({ ...e, message: `${where}: ${e.message}` })));
      const access = zones.get(String(item.zone));
      if (!access) {
        errors.push(requestProblem('zone', 'unknown_zone', `${where}: there is no zone with code "${item.zone}".`, String(item.zone)));
        continue;
      }
      if (!isPeriod(p)) {
        errors.push(requestProblem('period', 'invalid_period', `${where}: "${item.period}" is not a quarter. Write it like 2025-Q3.`, String(item.period)));
        continue;
      }
      if (periodIndex(p) > current) {
        errors.push(requestProblem('period', 'future_period', `${where}: ${p} has not started yet: returns are entered for past or current quarters.`, p));
        continue;
      }
      if (seen.has(where)) {
        errors.push(requestProblem('period', 'duplicate_return', `${where}: the batch holds this return twice. Send each zone's quarter once.`, p));
        continue;
      }
      seen.add(where);
      const t: Target = { zone: access.zone, access: access.access, threshold: access.threshold, period: p, profile: await this.profiles.get(access.zone.profileCode) };
      const outcome = this.checkJson(t, Array.isArray(item.cells) ? item.cells : []);
      if (!Array.isArray(item.cells)) outcome.errors.push(requestProblem('cells', 'not_a_list', 'The cells must be a list.'));
      add(errors, outcome.errors);
      if (outcome.errors.length === 0) entries.push({ t, cells: outcome.cells, warnings: [] });
    }
    // Stock-flow: the previous quarter from the batch, the load's earlier batches or the database.
    const inBatch = new Map(entries.map((e) => [`${e.t.zone.id}|${e.t.period}`, e.cells.filter((c) => c.measure === 'headcount')]));
    const fromDb = entries
      .map((e) => ({ zoneId: e.t.zone.id, period: previousPeriod(e.t.period) }))
      .filter((k) => !inBatch.has(`${k.zoneId}|${k.period}`) && !opts.memory?.get(k.zoneId, k.period));
    const stored = await this.repo.currentHeadcounts(fromDb);
    for (const e of entries) {
      const prev = previousPeriod(e.t.period);
      const key = `${e.t.zone.id}|${prev}`;
      const previous = inBatch.get(key) ?? opts.memory?.get(e.t.zone.id, prev) ?? stored.get(key);
      e.warnings = [...runningQuarterWarning(e.t.period), ...(previous ? stockFlowProblems(e.t.profile, e.t.period, previous, e.cells) : [])];
      allWarnings.push(...e.warnings.map((w) => ({ ...w, message: `${e.t.zone.code} ${e.t.period}: ${w.message}` })));
    }
    if (errors.length) throw new ValidationProblemsException(errors, allWarnings);
    for (const [key, cells] of inBatch) {
      const [zoneId, period] = key.split('|') as [string, string];
      opts.memory?.remember(Number(zoneId), period, cells);
    }
    return { reason, source: opts.source, entries };
  }

  /** Writes a batch `validateBatch` accepted: every return a new revision, all in one transaction (nothing written if any fails). */
  async writeBatch(user: AuthUser, batch: ValidatedBatch): Promise<BatchResult> {
    const written = await this.writeRevisions(user, batch.entries, batch.reason, batch.source);
    return {
      returns: written.map((w) => ({ zone: w.summary.zone, period: w.summary.period, revision: w.revision.number, cells: w.revision.cellCount, warnings: w.warnings })),
      written: written.length,
    };
  }

  /** `validateBatch` then `writeBatch`: many returns, all or nothing. */
  async submitBatch(user: AuthUser, items: BatchReturn[], opts: { reason: string; source: RevisionSource; memory?: BatchMemory }): Promise<BatchResult> {
    return this.writeBatch(user, await this.validateBatch(user, items, opts));
  }

  /**
   * Writes many returns at once (the generic import). Every return is validated exactly like an
   * upload in the cells format; the problems of all returns come back together and nothing is
   * written unless all are valid. Then one transaction runs `prepare` (e.g. creating the zones the
   * import introduces) and writes every return whose cells differ from its current revision as a
   * new revision, each with its audit event. A signed-off quarter stops the whole import (409).
   */
  async importReturns(
    user: AuthUser,
    items: ImportedReturn[],
    opts: {
      reason: string;
      dryRun: boolean;
      prepare?: (m: EntityManager) => Promise<Map<string, number>>;
      /** The file's name of a validator column (gender → "Gender"), so problems name what the person sees. */
      columnName?: (column: string | null) => string | null;
      /** Problems found before (reading the file, the zones): reported together with the returns' own. */
      problems?: Problem[];
    },
  ): Promise<ImportReturnsResult> {
    const errors: Problem[] = [...(opts.problems ?? [])];
    const reason = opts.reason.trim();
    if (reason === '') errors.push(requestProblem('reason', 'required', 'Say why you are importing these returns (for example "history from the HR system").'));
    else {
      const personal = checkFreeTextField('reason', 'The reason', reason);
      if (personal) errors.push(personal);
    }
    const checked: { item: ImportedReturn; cells: Cell[]; warnings: number; unchanged: boolean }[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const where = `${item.zone.code} ${item.period}`;
      if (seen.has(where)) throw new Error(`the import holds ${where} twice`);
      seen.add(where);
      if (!isPeriod(item.period)) {
        errors.push(requestProblem('period', 'invalid_period', `"${item.period}" is not a quarter. Write it like 2025-Q3.`, item.period));
        continue;
      }
      if (periodIndex(item.period) > periodIndex(periodOf(new Date()))) {
        errors.push(requestProblem('period', 'future_period', `${item.period} has not started yet: returns are entered for past or current quarters.`, item.period));
        continue;
      }
      const outcome = validateCellRows(item.table, { profile: item.profile, zone: item.zone.code, period: item.period });
      errors.push(...outcome.errors.map((e) => ({ ...e, column: opts.columnName ? opts.columnName(e.column) : e.column, message: e.row === null ? `${where}: ${e.message}` : e.message })));
      if (outcome.errors.length) continue;
      checked.push({ item, cells: outcome.cells, warnings: 0, unchanged: false });
    }
    if (errors.length) throw new ValidationProblemsException(errors.sort(byRow));
    // Stock-flow against the previous quarter (from the import itself, else as stored) and
    // "unchanged" against the current revision: two queries for the whole import.
    const existing = checked.filter((c) => c.item.zone.id !== null);
    const inImport = new Map(checked.map((c) => [`${c.item.zone.code}|${c.item.period}`, c.cells.filter((x) => x.measure === 'headcount')]));
    const previousStored = await this.repo.currentHeadcounts(
      existing.filter((c) => !inImport.has(`${c.item.zone.code}|${previousPeriod(c.item.period)}`)).map((c) => ({ zoneId: c.item.zone.id!, period: previousPeriod(c.item.period) })),
    );
    const currentCells = await this.repo.currentCellsOf(existing.map((c) => ({ zoneId: c.item.zone.id!, period: c.item.period })));
    for (const c of checked) {
      const prev = previousPeriod(c.item.period);
      const previous = inImport.get(`${c.item.zone.code}|${prev}`) ?? (c.item.zone.id !== null ? previousStored.get(`${c.item.zone.id}|${prev}`) : undefined);
      c.warnings = previous ? stockFlowGaps(c.item.profile, previous, c.cells).length : 0;
      const current = c.item.zone.id !== null ? currentCells.get(`${c.item.zone.id}|${c.item.period}`) : undefined;
      c.unchanged = current !== undefined && sameCells(current, c.cells);
    }
    const result: ImportReturnsResult = {
      returns: checked.map((c) => ({ zone: c.item.zone.code, period: c.item.period, cells: c.cells.length, warnings: c.warnings, revision: null, unchanged: c.unchanged })),
      written: 0,
      unchanged: checked.filter((c) => c.unchanged).length,
    };
    if (opts.dryRun) return result;
    return this.db.transaction(async (m) => {
      const created = (await opts.prepare?.(m)) ?? new Map<string, number>();
      const toWrite = [...checked.entries()].filter(([, c]) => !c.unchanged);
      const inputs = toWrite.map(([, c]) => {
        const zoneId = c.item.zone.id ?? created.get(c.item.zone.code);
        if (zoneId === undefined) throw new Error(`zone ${c.item.zone.code} was neither found nor created`);
        return { zoneId, period: c.item.period, authorId: user.id, reason, source: 'import' as const, cells: c.cells, dimensions: sumDimensions(c.item.profile) };
      });
      const stored = await this.repo.storeRevisions(m, inputs);
      if ('merged' in stored) throw mergedRefusal(stored.merged);
      if ('signedOff' in stored) {
        const first = toWrite.find(([, c]) => stored.signedOff.some((s) => s.period === c.item.period && s.zoneId === (c.item.zone.id ?? created.get(c.item.zone.code))))![1];
        throw new RefusalException(
          409,
          'signed_off',
          `${first.item.zone.name} ${first.item.period} is signed off. An administrator must reopen it before it can be imported again; nothing was imported.`,
          { zones: `${first.item.zone.name} ${first.item.period}`, count: 1 },
        );
      }
      await this.audit.recordMany(
        m,
        user,
        'return.revised',
        toWrite.map(([, c], k) => ({
          zone: c.item.zone.code,
          period: c.item.period,
          details: { revision: stored[k]!.revisionNo, source: 'import', cells: c.cells.length, reason, warnings: c.warnings, ...(c.item.origin ? { origin: c.item.origin } : {}) },
        })),
      );
      toWrite.forEach(([i], k) => {
        result.returns[i]!.revision = stored[k]!.revisionNo;
      });
      result.written = toWrite.length;
      return result;
    });
  }

  async signOff(user: AuthUser, zoneCode: string, period: string): Promise<ReturnSummaryDto> {
    const t = await this.target(user, zoneCode, period, 'write');
    return this.db.transaction(async (m) => {
      const ret = await this.repo.lockReturn(m, t.zone.id, t.period);
      if (!ret?.current_revision_id) throw new RefusalException(404, 'no_return', `${t.zone.name} has no return for ${t.period} to sign off.`, { zone: t.zone.code, zoneName: t.zone.name, quarter: t.period });
      if (ret.status === 'signed_off') throw new RefusalException(409, 'already_signed_off', `${t.zone.name} ${t.period} is already signed off.`, { zone: t.zone.code, zoneName: t.zone.name, quarter: t.period });
      await this.repo.setStatus(m, t.zone.id, t.period, 'signed_off', user.id);
      await this.audit.record(m, user, 'return.signed_off', { zone: t.zone.code, period: t.period, details: {} });
      return (await this.repo.summary(t.zone.id, t.period, m))!;
    });
  }

  async reopen(user: AuthUser, zoneCode: string, period: string, reason: string): Promise<ReturnSummaryDto> {
    const t = await this.target(user, zoneCode, period, 'write');
    const personal = checkFreeTextField('reason', 'The reason', reason);
    if (personal) throw new ValidationProblemsException([personal]);
    return this.db.transaction(async (m) => {
      const ret = await this.repo.lockReturn(m, t.zone.id, t.period);
      if (!ret?.current_revision_id) throw new RefusalException(404, 'no_return', `${t.zone.name} has no return for ${t.period}.`, { zone: t.zone.code, zoneName: t.zone.name, quarter: t.period });
      if (ret.status !== 'signed_off') {
        throw new RefusalException(409, 'not_signed_off', `${t.zone.name} ${t.period} is not signed off; it is already open for changes.`, { zone: t.zone.code, zoneName: t.zone.name, quarter: t.period });
      }
      await this.repo.setStatus(m, t.zone.id, t.period, 'open', null);
      await this.audit.record(m, user, 'return.reopened', { zone: t.zone.code, period: t.period, details: { reason: reason.trim() } });
      return (await this.repo.summary(t.zone.id, t.period, m))!;
    });
  }

  /**
   * The published table staff category × values of one classification of a revision, as a caller
   * with threshold k sees it (k = 1: full counts): rows in the profile's category order, columns in
   * its value order, with category totals, value totals and the grand total. The breakdown endpoint
   * and the exports both publish exactly this.
   */
  async publishedTable(profile: ClassificationProfile, zoneId: number, revisionId: string, measure: MeasureCode, dimension: string, k: number): Promise<ProtectedTable> {
    const dim = profile.dimensions.find((d) => d.code === dimension);
    if (!dim) throw new Error(`${dimension} is not a classification of ${profile.code}`);
    const categories = profile.categories.map((c) => c.code);
    const values = dim.values.map((v) => v.code);
    if (k <= 1) {
      // Full access: the revision's sums. Under disclosure control they are never read here.
      const sums = await this.repo.crossTab(zoneId, revisionId, measure, dimension);
      const nd = notDeclaredCode(dim);
      const matrix = categories.map(() => values.map(() => 0));
      for (const s of sums) {
        const i = categories.indexOf(s.category);
        const j = values.indexOf(s.value ?? nd);
        if (i >= 0 && j >= 0) matrix[i]![j]! += s.count;
      }
      return fullTable(matrix);
    }
    // One protection path: only the tables of the protected cube are published under disclosure
    // control. Callers refuse optional classifications first (optionalRefused); this is the guard.
    if (dim.optional) throw new Error(`${dimension} is optional: its tables are not published at threshold ${k}`);
    const cube = await this.disclosure.tables(profile, revisionId, measure, k);
    const table = cube.byDimension.get(dimension)!;
    return {
      cells: categories.map((c) => values.map((v) => table.cells.get(`${c}|${v}`)!)),
      rowTotals: categories.map((c) => cube.categoryTotals.get(c)!),
      columnTotals: values.map((v) => table.valueTotals.get(v)!),
      total: cube.total,
    };
  }

  /** Cross-tabulation category × one classification, aggregated in SQL, protected for the caller. */
  async breakdown(user: AuthUser, zoneCode: string, period: string, measure: string, dimension: string): Promise<BreakdownDto> {
    // The zone with its data version in one query: a cached breakdown then costs one round trip.
    const t = await this.target(user, zoneCode, period, 'read', (code, granted) => this.analytics.zoneWithVersion(code, granted.threshold > 1));
    if (!isMeasureCode(measure)) throw new BadRequestException(`"${measure}" is not a measure.`);
    const dim = t.profile.dimensions.find((d) => d.code === dimension);
    if (!dim) {
      throw new BadRequestException(`"${dimension}" is not a classification of this zone. Use one of: ${t.profile.dimensions.map((d) => d.code).join(', ')}.`);
    }
    const k = t.threshold;
    if (k > 1 && dim.optional) throw new ForbiddenException(optionalRefused(t.profile, dim));
    if (k > 1 && measure === 'funnel') {
      throw new ForbiddenException(
        'The selection funnel is not published as one table under disclosure control: each stage is published over 4 quarters, as the funnel figures of the zone page. Its table by classification is shown only to HR of the zone and administrators.',
      );
    }
    // Cached at the zone's data version (analytics/figures-cache.ts), read before the data, per
    // threshold: under disclosure control what is shown changes only with the zone's data or its
    // publication, and both bump the version.
    return this.cache.getOrCompute(`breakdown|${t.zone.id}|${t.period}|${measure}|${dimension}|${k}`, t.zone.version, () => this.breakdownOf(t, measure as MeasureCode, dim.code));
  }

  private async breakdownOf(t: Target, measure: MeasureCode, dimension: string): Promise<BreakdownDto> {
    const dim = t.profile.dimensions.find((d) => d.code === dimension)!;
    const k = t.threshold;
    // Under disclosure control, the published revision (its protections stored): never a wait for one.
    const revision = k > 1 ? await this.repo.publishedRevision(t.zone.id, t.period) : await this.repo.revision(t.zone.id, t.period);
    if (!revision) throw new NotFoundException(`${t.zone.name} has no return for ${t.period} yet.`);
    const categories = t.profile.categories.map((c) => c.code);
    const values = dim.values.map((v) => v.code);
    const p = await this.publishedTable(t.profile, t.zone.id, revision.id, measure, dimension, k);
    const window = this.breakdownWindow(t.period, measure, k);
    // Supplied: a cell of the measure in the revision read of the quarter (of every quarter of the window).
    const others = window ? periodRange(window.from, addQuarters(t.period, -1)) : [];
    const read = (period: string) => (k > 1 ? this.repo.publishedRevision(t.zone.id, period) : this.repo.revision(t.zone.id, period));
    const revisionIds = [revision.id, ...(await Promise.all(others.map(read))).map((r) => r?.id ?? null)];
    const measures = await this.analytics.suppliedMeasures(revisionIds.filter((id): id is string => id !== null));
    return {
      zone: t.zone.code,
      period: t.period,
      measure,
      dimension,
      revision: revision.number,
      rows: categories.flatMap((category, i) => values.map((value, j) => ({ category, value, count: p.cells[i]![j]! }))),
      categoryTotals: categories.map((category, i) => ({ category, count: p.rowTotals[i]! })),
      valueTotals: values.map((value, j) => ({ value, count: p.columnTotals[j]! })),
      total: p.total,
      threshold: k,
      window,
      supplied: revisionIds.every((id) => id !== null && measures.get(id)?.has(measure) === true),
    };
  }

  /** The quarters a published table sums when it is a 4-quarter window (DisclosureService.windowed), else null. */
  private breakdownWindow(period: string, measure: MeasureCode, k: number): BreakdownWindow | null {
    if (!this.disclosure.windowed(measure, k)) return null;
    return { from: addQuarters(period, -(WINDOW_QUARTERS - 1)), to: period, quarters: WINDOW_QUARTERS };
  }
}

/**
 * Why a table by an optional classification (age band, disability) is not shown to a caller under
 * disclosure control: those tables are not part of the protected cube (docs/privacy.md, "One
 * protection path"), and publishing them beside it would give away counts the cube withholds.
 */
export function optionalRefused(profile: ClassificationProfile, dim: DimensionDef): string {
  const required = profile.dimensions.filter((d) => !d.optional).map((d) => labelText(d.label, 'en').toLowerCase());
  return `Tables by ${labelText(dim.label, 'en').toLowerCase()} are shown only to HR of the zone and administrators: they are not published under disclosure control. Choose ${required.join(' or ')}.`;
}

/** A table with its margins, every count shown (full access). */
function fullTable(matrix: number[][]): ProtectedTable {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const columns = (matrix[0] ?? []).map((_, j) => sum(matrix.map((r) => r[j]!)));
  return { cells: matrix, rowTotals: matrix.map(sum), columnTotals: columns, total: sum(columns) };
}

/** A return read by the generic import: its zone (id null when the import creates it), quarter and rows in the cells format. */
export interface ImportedReturn {
  zone: { id: number | null; code: string; name: string };
  profile: ClassificationProfile;
  period: string;
  table: RawTable;
  /** Where the rows came from (file name), for the audit log. Never file contents. */
  origin?: string;
}

export interface ImportReturnsResult {
  returns: { zone: string; period: string; cells: number; warnings: number; revision: number | null; unchanged: boolean }[];
  written: number;
  unchanged: number;
}

/** One return of a batch (`ReturnsService.submitBatch`): a zone's quarter and its cells as JSON, as in the body of PUT …/returns/{quarter}. */
export interface BatchReturn {
  zone: string;
  period: string;
  cells: unknown[];
}

/** A batch `validateBatch` accepted, ready for `writeBatch`. */
export interface ValidatedBatch {
  reason: string;
  source: RevisionSource;
  entries: { t: Target; cells: Cell[]; warnings: Problem[] }[];
}

export interface BatchResult {
  returns: { zone: string; period: string; revision: number; cells: number; warnings: Problem[] }[];
  written: number;
}

/**
 * The headcounts of the returns a load's earlier batches validated (the latest quarter of each
 * zone), so a batch's stock-flow check finds the previous quarter even before the batch holding it
 * is committed (validation of batch n + 1 runs while batch n is written).
 */
export class BatchMemory {
  private readonly latest = new Map<number, { period: string; cells: Cell[] }>();
  get(zoneId: number, period: string): Cell[] | undefined {
    const l = this.latest.get(zoneId);
    return l && l.period === period ? l.cells : undefined;
  }
  remember(zoneId: number, period: string, cells: Cell[]): void {
    const l = this.latest.get(zoneId);
    if (!l || periodIndex(period) >= periodIndex(l.period)) this.latest.set(zoneId, { period, cells });
  }
}

/** The stock-flow warnings of a return's cells against the previous quarter's headcount cells (one wording for every path). */
function stockFlowProblems(profile: ClassificationProfile, period: string, previous: Cell[], cells: Cell[]): Problem[] {
  return stockFlowGaps(profile, previous, cells).map((g) => {
    const valueLabel = (dim: string, code: string) => labelText(profile.dimensions.find((d) => d.code === dim)?.values.find((v) => v.code === code)?.label ?? { en: code });
    const who = [labelText(profile.categories.find((c) => c.code === g.category)?.label ?? { en: g.category }), ...Object.entries(g.classes).map(([dim, code]) => valueLabel(dim, code))].join(' · ');
    return {
      row: null,
      column: null,
      code: 'stock_flow_gap',
      value: String(g.gap),
      // The cell by its codes (a client names them in its language) and the figures of the identity.
      params: {
        category: g.category,
        classes: Object.entries(g.classes)
          .map(([dim, code]) => `${dim}:${code}`)
          .join(','),
        headcount: g.actual,
        previousQuarter: previousPeriod(period),
        previousHeadcount: g.previousHeadcount,
        hires: g.hires,
        promotionsIn: g.promotionsIn,
        promotionsOut: g.promotionsOut,
        separations: g.separations,
        expected: g.expected,
        gap: g.gap,
      },
      message:
        `${who}: headcount ${g.actual}, but ${previousPeriod(period)}'s ${g.previousHeadcount} + ${g.hires} hired + ${g.promotionsIn} promoted in ` +
        `− ${g.promotionsOut} promoted out − ${g.separations} left = ${g.expected} (gap ${g.gap > 0 ? '+' : ''}${g.gap}). ` +
        'This is allowed (people may change their declaration), but check it.',
    };
  });
}

/** The precondition of a write as the audit log keeps it: the header that held it, or "none". */
function describePrecondition(p: Precondition): string {
  const tags = (v: '*' | number[]) => (v === '*' ? '*' : v.map((n) => (Number.isFinite(n) ? `"${n}"` : '?')).join(', '));
  if (p.ifMatch !== undefined) return `If-Match: ${tags(p.ifMatch)}`;
  if (p.ifNoneMatch !== undefined) return `If-None-Match: ${tags(p.ifNoneMatch)}`;
  return 'none';
}

function sameCells(a: Cell[], b: Cell[]): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map(a.map((c) => [cellKey(c), c.count]));
  return b.every((c) => counts.get(cellKey(c)) === c.count);
}


/** Parameters of a `signed_off` refusal: the returns refused ("Gent 2026-Q1, …") and how many. */
/** 409 zone_merged: a return of a quarter a merged zone's successor holds (every write path). */
function mergedRefusal(z: MergedQuarters): RefusalException {
  return new RefusalException(409, 'zone_merged', `${z.name} was merged into zone ${z.successor} from ${z.from} on: enter ${z.quarters.join(', ')} for zone ${z.successor}.`, {
    zone: z.zone,
    successor: z.successor,
    from: z.from,
    quarters: z.quarters.join(', '),
  });
}

function signedOffParams(targets: Target[]): { zones: string; count: number; zone?: string; quarter?: string } {
  const one = targets.length === 1 ? targets[0] : undefined;
  return { zones: targets.map((t) => `${t.zone.name} ${t.period}`).join(', '), count: targets.length, ...(one ? { zone: one.zone.code, quarter: one.period } : {}) };
}
