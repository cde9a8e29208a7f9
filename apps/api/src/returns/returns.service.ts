import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type BreakdownDto,
  type Cell,
  type CellDto,
  type ClassificationProfile,
  isMeasureCode,
  isPeriod,
  labelText,
  type MeasureCode,
  notDeclaredCode,
  periodIndex,
  periodOf,
  previousPeriod,
  type Problem,
  protectTable,
  type ReturnDto,
  type ReturnSummaryDto,
  type RevisionSource,
  stockFlowGaps,
  type SubmitResult,
  type ValidationReport,
} from '@equity/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ValidationProblemsException, requestProblem } from '../core/problems.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ZoneAccess, type ZoneRef, ZonesService } from '../zones/zones.service.js';
import { aggregatePersonRows, jsonCellsToTable, type ReturnContext, validateCellRows, type ValidationOutcome } from './return-validator.js';
import { ReturnsRepository, sumDimensions } from './returns.repository.js';
import { checkFreeTextField, isPersonalDataProblem } from './pii-guard.js';
import { parseUpload, UnreadableFileError } from './upload-parser.js';

export type UploadFormat = 'auto' | 'cells' | 'per-person';

interface Target {
  zone: ZoneRef;
  access: ZoneAccess;
  threshold: number;
  period: string;
  profile: ClassificationProfile;
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
  ) {}

  private async target(user: AuthUser, zoneCode: string, period: string, mode: 'read' | 'write'): Promise<Target> {
    const { zone, access, threshold } = await this.zones.authorize(user, zoneCode, mode);
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
    return { ...summary, revision: revisionDto, cells };
  }

  async revisions(user: AuthUser, zoneCode: string, period: string) {
    const t = await this.target(user, zoneCode, period, 'read');
    return this.repo.revisions(t.zone.id, t.period);
  }

  /** Validates without writing: the upload preview and the form's check. */
  async validateJson(user: AuthUser, zoneCode: string, period: string, cells: unknown[]): Promise<ValidationReport> {
    const t = await this.target(user, zoneCode, period, 'write');
    return this.report(t, this.checkJson(t, cells), 'json');
  }

  async submitJson(user: AuthUser, zoneCode: string, period: string, reason: string, cells: unknown[], source: RevisionSource): Promise<SubmitResult> {
    const t = await this.target(user, zoneCode, period, 'write');
    const report = await this.report(t, this.checkJson(t, cells), 'json');
    return this.store(user, t, report, reason, source);
  }

  async upload(
    user: AuthUser,
    zoneCode: string,
    period: string,
    file: { originalname: string; buffer: Buffer } | undefined,
    opts: { reason: string; dryRun: boolean; format: UploadFormat },
  ): Promise<ValidationReport | SubmitResult> {
    const t = await this.target(user, zoneCode, period, 'write');
    if (!file || file.buffer.length === 0) {
      throw new ValidationProblemsException([requestProblem('file', 'no_file', 'Choose a CSV or Excel (.xlsx) file to upload.')]);
    }
    let parsed: Awaited<ReturnType<typeof parseUpload>>;
    try {
      parsed = await parseUpload(file.originalname, file.buffer);
    } catch (err) {
      if (err instanceof UnreadableFileError) throw new ValidationProblemsException([err.problem]);
      throw err;
    }
    const perPerson = opts.format === 'per-person' || (opts.format === 'auto' && parsed.table.columns.includes('in_service_at_end'));
    const ctx: ReturnContext = { profile: t.profile, zone: t.zone.code, period: t.period };
    const outcome = perPerson ? aggregatePersonRows(parsed.table, ctx) : validateCellRows(parsed.table, ctx);
    const report = await this.report(t, outcome, perPerson ? 'per-person' : 'cells');
    if (opts.dryRun) return report;
    const source: RevisionSource = `${perPerson ? 'person-' : ''}${parsed.kind}` as RevisionSource;
    return this.store(user, t, report, opts.reason, source);
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
    const warnings = outcome.errors.length ? [] : await this.stockFlowWarnings(t, outcome.cells);
    return { valid: outcome.errors.length === 0, format, rowsRead: outcome.rowsRead, errors: outcome.errors, warnings, cells: outcome.cells };
  }

  /** Warnings where end ≠ previous end + hires + promotions in − promotions out − separations. */
  private async stockFlowWarnings(t: Target, cells: Cell[]): Promise<Problem[]> {
    const previous = await this.repo.currentHeadcount(t.zone.id, previousPeriod(t.period));
    if (!previous) return [];
    return stockFlowGaps(t.profile, previous, cells).map((g) => {
      const valueLabel = (dim: string, code: string) =>
        labelText(t.profile.dimensions.find((d) => d.code === dim)?.values.find((v) => v.code === code)?.label ?? { en: code });
      const who = [
        labelText(t.profile.categories.find((c) => c.code === g.category)?.label ?? { en: g.category }),
        ...Object.entries(g.classes).map(([dim, code]) => valueLabel(dim, code)),
      ].join(' · ');
      return {
        row: null,
        column: null,
        code: 'stock_flow_gap',
        value: String(g.gap),
        message:
          `${who}: headcount ${g.actual}, but ${previousPeriod(t.period)}'s ${g.previousHeadcount} + ${g.hires} hired + ${g.promotionsIn} promoted in ` +
          `− ${g.promotionsOut} promoted out − ${g.separations} left = ${g.expected} (gap ${g.gap > 0 ? '+' : ''}${g.gap}). ` +
          'This is allowed (people may change their declaration), but check it.',
      };
    });
  }

  private async store(user: AuthUser, t: Target, report: ValidationReport, reason: string, source: RevisionSource): Promise<SubmitResult> {
    const errors = [...report.errors];
    if (!reason || reason.trim() === '') {
      errors.push(requestProblem('reason', 'required', 'Say why you are submitting this revision (for example "first entry" or "corrected hires in basic cadre").'));
    } else {
      const personal = checkFreeTextField('reason', 'The reason', reason);
      if (personal) errors.push(personal);
    }
    if (errors.length) throw new ValidationProblemsException(errors.sort(byRow), report.warnings);
    return this.db.transaction(async (m) => {
      const stored = await this.repo.storeRevision(m, {
        zoneId: t.zone.id,
        period: t.period,
        authorId: user.id,
        reason: reason.trim(),
        source,
        cells: report.cells,
        dimensions: sumDimensions(t.profile),
      });
      if ('signedOff' in stored) {
        throw new ConflictException(`${t.zone.name} ${t.period} is signed off. An administrator must reopen it before it can be changed.`);
      }
      await this.audit.record(m, user, 'return.revised', {
        zone: t.zone.code,
        period: t.period,
        details: { revision: stored.revisionNo, source, cells: report.cells.length, reason: reason.trim(), warnings: report.warnings.length },
      });
      const summary = await this.repo.summary(t.zone.id, t.period, m);
      const revision = await this.repo.revision(t.zone.id, t.period, stored.revisionNo, m);
      if (!summary || !revision) throw new Error('the revision just written is not readable in its transaction');
      const { id: _id, ...revisionDto } = revision;
      return {
        summary,
        revision: revisionDto,
        warnings: report.warnings,
      };
    });
  }

  async signOff(user: AuthUser, zoneCode: string, period: string): Promise<ReturnSummaryDto> {
    const t = await this.target(user, zoneCode, period, 'write');
    return this.db.transaction(async (m) => {
      const ret = await this.repo.lockReturn(m, t.zone.id, t.period);
      if (!ret?.current_revision_id) throw new NotFoundException(`${t.zone.name} has no return for ${t.period} to sign off.`);
      if (ret.status === 'signed_off') throw new ConflictException(`${t.zone.name} ${t.period} is already signed off.`);
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
      if (!ret?.current_revision_id) throw new NotFoundException(`${t.zone.name} has no return for ${t.period}.`);
      if (ret.status !== 'signed_off') throw new ConflictException(`${t.zone.name} ${t.period} is not signed off; it is already open for changes.`);
      await this.repo.setStatus(m, t.zone.id, t.period, 'open', null);
      await this.audit.record(m, user, 'return.reopened', { zone: t.zone.code, period: t.period, details: { reason: reason.trim() } });
      return (await this.repo.summary(t.zone.id, t.period, m))!;
    });
  }

  /** Cross-tabulation category × one classification, aggregated in SQL, protected for the caller. */
  async breakdown(user: AuthUser, zoneCode: string, period: string, measure: string, dimension: string): Promise<BreakdownDto> {
    const t = await this.target(user, zoneCode, period, 'read');
    if (!isMeasureCode(measure)) throw new BadRequestException(`"${measure}" is not a measure.`);
    const dim = t.profile.dimensions.find((d) => d.code === dimension);
    if (!dim) {
      throw new BadRequestException(`"${dimension}" is not a classification of this zone. Use one of: ${t.profile.dimensions.map((d) => d.code).join(', ')}.`);
    }
    const revision = await this.repo.revision(t.zone.id, t.period);
    if (!revision) throw new NotFoundException(`${t.zone.name} has no return for ${t.period} yet.`);
    const sums = await this.repo.crossTab(t.zone.id, revision.id, measure as MeasureCode, dimension);
    const nd = notDeclaredCode(dim);
    const categories = t.profile.categories.map((c) => c.code);
    const values = dim.values.map((v) => v.code);
    const matrix = categories.map(() => values.map(() => 0));
    for (const s of sums) {
      const i = categories.indexOf(s.category);
      const j = values.indexOf(s.value ?? nd);
      if (i >= 0 && j >= 0) matrix[i]![j]! += s.count;
    }
    const k = t.threshold;
    const cube = k > 1 && !dim.optional ? await this.disclosure.tables(t.profile, revision.id, measure as MeasureCode, k) : null;
    const table = cube?.byDimension.get(dimension);
    const p = cube && table
      ? {
          cells: categories.map((c) => values.map((v) => table.cells.get(`${c}|${v}`)!)),
          rowTotals: categories.map((c) => cube.categoryTotals.get(c)!),
          columnTotals: values.map((v) => table.valueTotals.get(v)!),
          total: cube.total,
        }
      : protectTable(matrix, k);
    return {
      zone: t.zone.code,
      period: t.period,
      measure: measure as MeasureCode,
      dimension,
      revision: revision.number,
      rows: categories.flatMap((category, i) => values.map((value, j) => ({ category, value, count: p.cells[i]![j]! }))),
      categoryTotals: categories.map((category, i) => ({ category, count: p.rowTotals[i]! })),
      valueTotals: values.map((value, j) => ({ value, count: p.columnTotals[j]! })),
      total: p.total,
      threshold: k,
    };
  }
}

function byRow(a: Problem, b: Problem): number {
  return (a.row ?? 0) - (b.row ?? 0);
}

