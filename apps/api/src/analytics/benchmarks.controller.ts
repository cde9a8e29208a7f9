import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AvailabilityBenchmarkRow, AvailabilityImportResult } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ApiOk, ApiRefusals } from '../openapi/response-schemas.js';
import { uploadFormLimits } from '../returns/upload-preflight.guard.js';
import { AdminUploadGuard } from '../zones/admin-upload.guard.js';
import { ImportQueryDto } from '../zones/zones.dto.js';
import { BenchmarksService } from './benchmarks.service.js';
import { FileBody } from '../core/file-body.js';

/** Availability benchmarks as administrators keep them (setting one: PUT /zones/{zone}/availability, AnalyticsController). */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1')
export class BenchmarksController {
  constructor(
    private readonly benchmarks: BenchmarksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('zones/:zone/availability/all')
  @PublicRead()
  @ApiOperation({ summary: 'Every availability benchmark of a zone, every year (figures use the latest year of each group), by classification, group and year.' })
  @ApiOk('AvailabilityBenchmark', { isArray: true })
  list(@CurrentUser() user: AuthUser, @Param('zone') zone: string): Promise<AvailabilityBenchmarkRow[]> {
    return this.benchmarks.list(user, zone);
  }

  @Delete('zones/:zone/availability/:dimension/:group/:year')
  @Roles('admin')
  @HttpCode(204)
  @ApiParam({ name: 'dimension', example: 'origin' })
  @ApiParam({ name: 'group', example: 'migration_background' })
  @ApiParam({ name: 'year', example: 2025 })
  @ApiOperation({ summary: 'Delete one availability benchmark (zone × group × year; administrators only). Audited as availability.deleted; 404 when there is none.' })
  @ApiRefusals(403)
  async delete(@CurrentUser() actor: AuthUser, @Param('zone') zone: string, @Param('dimension') dimension: string, @Param('group') group: string, @Param('year') year: string): Promise<void> {
    await this.benchmarks.delete(actor, zone, dimension, group, year);
  }

  @Post('availability/import')
  @Roles('admin')
  @HttpCode(200)
  @UseGuards(AdminUploadGuard)
  @UseInterceptors(FileInterceptor('file', { limits: uploadFormLimits }))
  @FileBody(
    'CSV (comma, semicolon or tab separated) or XLSX, header in the first row: zone, dimension, group, year, share, source. ' +
    'share is a fraction from 0 to 1 (0.52, or 0,52) or a percentage with its sign (52%); a bare number above 1 is refused. At most UPLOAD_MAX_BYTES and 5,000 rows.',
  )
  @ApiOperation({
    summary:
      'Load availability benchmarks from a file (administrators only): each row sets the share and source of one zone × group × year (the group a value or roll-up of the classification in the zone’s profile). ' +
      'dryRun=true answers the preview (created, changed, unchanged per row) and writes nothing; otherwise all rows are written in one transaction, audited as availability.set per zone. ' +
      'Any problem is answered 422 with every problem by row and column, and nothing is written.',
  })
  @ApiOk('AvailabilityImport')
  @ApiResponse({ status: 422, description: 'Every problem at once, by row and column; nothing was written.', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiResponse({ status: 413, description: 'The file is larger than UPLOAD_MAX_BYTES or has more than 5,000 rows.', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiRefusals(400, 403, 415)
  importFile(@CurrentUser() actor: AuthUser, @Query() query: ImportQueryDto, @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined): Promise<AvailabilityImportResult> {
    return this.benchmarks.importFile(actor, file, query.dryRun ?? false, this.config.uploads);
  }
}
