import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EXPORT_FORMATS, EXPORT_MEASURES, EXPORT_METRICS, SUPPRESSION_SYMBOL } from '@equity/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead } from '../auth/auth.decorators.js';
import { ExportRunner } from './export-runner.js';
import { CONTENT_TYPES, EXTENSIONS, renderExport, writeExport } from './export-writers.js';
import { type ExportPlan, ExportsService } from './exports.service.js';

const QUARTER = /^\d{4}-Q[1-4]$/i;

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv', description: 'csv (UTF-8), xlsx, json, or datapackage (a zip with datapackage.json and the CSV).' })
  @IsOptional()
  @IsIn([...EXPORT_FORMATS], { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` })
  format?: string;

  @ApiPropertyOptional({ example: '5415,5345', description: 'Comma-separated zone codes; default every zone you may read (of the profile).' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  zones?: string;

  @ApiPropertyOptional({ example: 'uk-home-office', description: 'Classification profile of the zones exported when no zones are given (default belgium-police).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  profile?: string;

  @ApiPropertyOptional({ example: '2025-Q1', description: 'First quarter; default the first with data.' })
  @IsOptional()
  @Matches(QUARTER, { message: 'from must be a quarter like 2025-Q3' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-Q2', description: 'Last quarter; default the latest with data.' })
  @IsOptional()
  @Matches(QUARTER, { message: 'to must be a quarter like 2025-Q3' })
  to?: string;

  @ApiPropertyOptional({ example: 'basic,middle', description: 'Staff categories; default all. Totals over all categories are always included (category "total").' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  categories?: string;

  @ApiPropertyOptional({ example: 'gender,origin', description: 'Classifications; default every required classification of the profile.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  classifications?: string;

  @ApiPropertyOptional({ example: 'headcount,hires', description: `Counts of these measures (${EXPORT_MEASURES.join(', ')}); default headcount; empty for none.` })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  measures?: string;

  @ApiPropertyOptional({ example: 'representation,promotion_impact_ratio', description: `Figures (${EXPORT_METRICS.join(', ')}); default representation; empty for none.` })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  metrics?: string;

  @ApiPropertyOptional({
    example: 'origin:migration_background',
    description: 'Groups the figures are computed for (classification:value or classification:roll-up); default every declared value and roll-up of each classification.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  groups?: string;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly exports: ExportsService,
    private readonly runner: ExportRunner,
  ) {}

  @Get()
  @PublicRead()
  @ApiOperation({
    summary:
      'Download counts and figures in tidy long format (one row per count or figure) as CSV, XLSX, JSON or a Frictionless Data Package. ' +
      `Management, researchers and the public get exactly what the dashboard shows them: withheld values are "${SUPPRESSION_SYMBOL}" (JSON: {"suppressed": true}). ` +
      'HR officers and administrators get full counts of the zones they may read. Streamed; the header X-Export-Rows gives the number of rows to expect. ' +
      'Every export carries its provenance: generation time, revision of every zone-quarter, thresholds.',
  })
  @ApiResponse({
    status: 200,
    description: 'The export file (attachment). Header X-Export-Rows: the number of data rows.',
    content: {
      'text/csv': { schema: { type: 'string', description: `Header line, then one line per row (columns as ExportRow; withheld values "${SUPPRESSION_SYMBOL}").` } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary', description: 'Sheets "about" (provenance, column meanings) and "data".' } },
      'application/json': { schema: { $ref: '#/components/schemas/ExportJson' } },
      'application/zip': { schema: { type: 'string', format: 'binary', description: 'Frictionless Data Package: datapackage.json and data/statistics.csv.' } },
    },
  })
  @ApiResponse({ status: 422, description: 'The selection has problems (each named with its parameter); nothing is sent.', schema: { $ref: '#/components/schemas/ValidationError' } })
  async download(@CurrentUser() user: AuthUser, @Query() q: ExportQueryDto, @Res() res: Response): Promise<void> {
    const plan = await this.exports.plan(user, q);
    const name = `equity-monitor-${plan.profile.code}-${plan.provenance.selection.from || 'none'}-${plan.provenance.selection.to || 'none'}.${EXTENSIONS[plan.format]}`;
    const setHeaders = () => {
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPES[plan.format]);
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Export-Rows', String(plan.rows));
    };
    // A small export is rendered in memory in an export place (ExportRunner), kept for the next
    // identical download; a large one streams, also in an export place. Too many waiting: 503 busy,
    // answered before the headers below are sent.
    // Every download is recorded in the audit log before its first byte is sent: for a small
    // export, while its file is made or found (one round trip fewer); nothing is sent if either fails.
    if (plan.rows <= this.runner.maxRows) {
      const [{ body, source }] = await Promise.all([this.runner.file(this.exports.fileKey(plan), () => renderExport(plan, this.exports.rows(plan))), this.exports.record(user, plan)]);
      setHeaders();
      res.setHeader('X-Export-Source', source);
      res.end(body);
      return;
    }
    await this.exports.record(user, plan);
    await this.runner.run(async () => {
      setHeaders();
      res.setHeader('X-Export-Source', 'computed');
      await this.stream(plan, res);
    });
  }

  private async stream(plan: ExportPlan, res: Response): Promise<void> {
    try {
      await writeExport(plan, this.exports.rows(plan), res);
    } catch (err) {
      // Headers are sent: the only honest signal left is to break the connection (the file is incomplete).
      this.logger.error(`Export stopped: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy(err instanceof Error ? err : undefined);
    }
  }
}
