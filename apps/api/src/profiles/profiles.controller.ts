import { Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type ClassificationProfile, PROFILE_FILE_MAX_BYTES, type ProfileSummaryDto, type ProfileUploadResult } from '@equity/shared';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { FileBody } from '../core/file-body.js';
import { ApiOk, ApiRefusals } from '../openapi/response-schemas.js';
import { uploadFormLimits } from '../returns/upload-preflight.guard.js';
import { AdminUploadGuard } from '../zones/admin-upload.guard.js';
import { ImportQueryDto } from '../zones/zones.dto.js';
import { ProfileUploadService } from './profile-upload.service.js';
import { ProfilesService } from './profiles.service.js';

@ApiTags('profiles')
@ApiBearerAuth()
@Controller('v1/profiles')
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly uploads: ProfileUploadService,
  ) {}

  @Get()
  @PublicRead()
  @ApiOperation({ summary: 'The classification profiles of the deployment: code, name in NL/FR/EN, how many categories and dimensions, how many zones use each, its version and origin (built-in or uploaded).' })
  list(): Promise<ProfileSummaryDto[]> {
    return this.profiles.list();
  }

  @Post()
  @Roles('admin')
  @HttpCode(200)
  @UseGuards(AdminUploadGuard)
  @UseInterceptors(FileInterceptor('file', { limits: uploadFormLimits }))
  @FileBody(`A classification profile as JSON (.json) or YAML (.yaml, .yml), at most ${PROFILE_FILE_MAX_BYTES / 1024} KB: code, name, categoryGroups, categories, dimensions (see docs/profiles.md).`)
  @ApiOperation({
    summary:
      'Add a classification profile, or a new version of the profile with the same code, from a file (administrators only). ' +
      'dryRun=true answers the preview (new, new version n+1 or unchanged, and what changes) and stores nothing. Every problem of the file comes at once (422): ' +
      'syntax (by line and column), shape and consistency (by path, e.g. dimensions[1].values[3].code), and for a new version each category, classification, value or roll-up it drops that stored returns, targets, benchmarks or surveys use. ' +
      'Every version is kept; audited as profile.created / profile.updated.',
  })
  @ApiOk('ProfileUpload')
  @ApiResponse({ status: 422, description: 'Every problem at once, by path in the file; nothing was stored.', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiResponse({ status: 413, description: `The file is larger than ${PROFILE_FILE_MAX_BYTES / 1024} KB.`, schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiRefusals(400, 403, 409, 415)
  upload(@CurrentUser() actor: AuthUser, @Query() query: ImportQueryDto, @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined): Promise<ProfileUploadResult> {
    return this.uploads.upload(actor, file, query.dryRun ?? false);
  }

  @Get(':code')
  @PublicRead()
  @ApiOperation({ summary: 'A classification profile: staff categories, dimensions, their values and roll-ups, in NL/FR/EN. format=json answers it as a file to download (CODE.json), to start a new version from.' })
  @ApiQuery({ name: 'format', required: false, enum: ['json'], description: 'json: the profile as a file download (Content-Disposition: attachment).' })
  async get(@Param('code') code: string, @Query('format') format: string | undefined, @Res({ passthrough: true }) res: Response): Promise<ClassificationProfile> {
    const profile = await this.profiles.get(code);
    if (format === 'json') res.setHeader('Content-Disposition', `attachment; filename="${code.replace(/[^a-z0-9-]/gi, '_')}.json"`);
    return profile;
  }
}
