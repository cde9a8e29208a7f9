import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ZoneDto, ZoneImportResult } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ApiOk, ApiRefusals } from '../openapi/response-schemas.js';
import { uploadFormLimits } from '../returns/upload-preflight.guard.js';
import { AdminUploadGuard } from './admin-upload.guard.js';
import { ZoneRegistryService } from './zone-registry.service.js';
import { CreateZoneDto, ImportQueryDto, MergeZoneDto, UpdateZoneDto } from './zones.dto.js';
import { ZonesService } from './zones.service.js';
import { FileBody } from '../core/file-body.js';

const invalid = ApiResponse({ status: 422, description: 'Every problem at once, by field (and row of a file); nothing was written.', schema: { $ref: '#/components/schemas/ValidationError' } });
const zoneParam = ApiParam({ name: 'zone', example: '5345', description: 'Zone code' });

@ApiTags('zones')
@ApiBearerAuth()
@Controller('v1/zones')
export class ZonesController {
  constructor(
    private readonly zones: ZonesService,
    private readonly registry: ZoneRegistryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @PublicRead()
  @ApiOperation({ summary: 'Zones the caller may see (HR officers: their own zones), with their communes; for administrators also how many returns each has.' })
  @ApiOk('Zone', { isArray: true })
  list(@CurrentUser() user: AuthUser): Promise<ZoneDto[]> {
    return this.zones.list(user);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a zone (administrators only): official number, Dutch and French names, classification profile, communes. Audited as zone.created.' })
  @ApiOk('Zone', { status: 201 })
  @invalid
  @ApiRefusals(403)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateZoneDto): Promise<ZoneDto> {
    return this.registry.create(actor, body);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @UseGuards(AdminUploadGuard)
  @UseInterceptors(FileInterceptor('file', { limits: uploadFormLimits }))
  @FileBody(
    'CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252) or XLSX (first sheet), header in the first row: code, name_nl, name_fr, profile (required), name_en, communes (optional; communes separated by ";"). ' +
    'At most UPLOAD_MAX_BYTES (10 MB) and 5,000 rows.',
  )
  @ApiOperation({
    summary:
      'Load zones from a file (administrators only): each row registers a zone, or changes the names, profile and communes of the zone with its code. ' +
      'dryRun=true answers the preview (what each row would do: created, changed, unchanged) and writes nothing; otherwise everything is written in one transaction, ' +
      'audited as zone.created / zone.updated per zone. Any problem (missing or unknown columns, an empty name, an unknown profile, a code twice in the file, a profile change of a zone with returns) ' +
      'is answered 422 with every problem by row and column, and nothing is written.',
  })
  @ApiOk('ZoneImport')
  @invalid
  @ApiResponse({ status: 413, description: 'The file is larger than UPLOAD_MAX_BYTES or has more than 5,000 rows.', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiRefusals(400, 403, 415)
  importFile(@CurrentUser() actor: AuthUser, @Query() query: ImportQueryDto, @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined): Promise<ZoneImportResult> {
    return this.registry.importFile(actor, file, query.dryRun ?? false, this.config.uploads);
  }

  @Get(':zone')
  @Roles('admin')
  @zoneParam
  @ApiOperation({ summary: 'One zone with its communes and how many returns it has (administrators only).' })
  @ApiOk('Zone')
  @ApiRefusals(403)
  get(@CurrentUser() actor: AuthUser, @Param('zone') zone: string): Promise<ZoneDto> {
    return this.registry.get(actor, zone);
  }

  @Put(':zone')
  @Roles('admin')
  @zoneParam
  @ApiOperation({
    summary:
      'Change a zone’s names, classification profile or communes (administrators only); the fields sent are changed. A new profile is refused while the zone has returns, targets or availability benchmarks recorded with the current one. Audited as zone.updated.',
  })
  @ApiOk('Zone')
  @invalid
  @ApiRefusals(403)
  update(@CurrentUser() actor: AuthUser, @Param('zone') zone: string, @Body() body: UpdateZoneDto): Promise<ZoneDto> {
    return this.registry.update(actor, zone, body);
  }

  @Post(':zone/merger')
  @Roles('admin')
  @zoneParam
  @ApiOperation({
    summary:
      'Record a merger (administrators only): the zone is succeeded by `into` from quarter `from` on. The successor’s series count this zone’s returns before `from` as its own; this zone takes no return from `from` on (409 zone_merged). ' +
      'Refused (422, every problem at once) for an unknown successor, the zone itself, another classification profile, a successor merged itself, a zone merged already, or returns of the zone from `from` on. Audited as zone.merged.',
  })
  @ApiOk('Zone')
  @invalid
  @ApiRefusals(403)
  merge(@CurrentUser() actor: AuthUser, @Param('zone') zone: string, @Body() body: MergeZoneDto): Promise<ZoneDto> {
    return this.registry.merge(actor, zone, body);
  }

  @Delete(':zone')
  @Roles('admin')
  @HttpCode(204)
  @zoneParam
  @ApiOperation({
    summary:
      'Delete a zone registered by mistake (administrators only): refused (409, zone_in_use, saying what) while it has returns, targets, survey campaigns, HR accounts or zones merged into it. Its availability benchmarks are deleted with it. Audited as zone.deleted.',
  })
  @ApiResponse({ status: 409, description: 'The zone has data or accounts (code zone_in_use).', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiRefusals(403)
  async delete(@CurrentUser() actor: AuthUser, @Param('zone') zone: string): Promise<void> {
    await this.registry.delete(actor, zone);
  }
}
