import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DEFAULT_PROFILE_CODE, type BreakdownDto, type ReturnDto, type ProtectedRevisionDto, type ReturnSummaryDto, type RevisionDto, type SubmitResult, type ValidationReport } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ApiOk, ApiRefusals } from '../openapi/response-schemas.js';
import { parsePrecondition, revisionEtag } from './precondition.js';
import { BreakdownQueryDto, ReopenDto, SubmitReturnDto, TemplateQueryDto, UploadReturnDto, ValidateReturnDto } from './returns.dto.js';
import { ReturnsService } from './returns.service.js';
import { csvTemplate, type TemplateKind, xlsxTemplate } from './templates.js';
import { UploadPreflightGuard, uploadFormLimits } from './upload-preflight.guard.js';
import { FileBody } from '../core/file-body.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag of the revision the client started from ("3"; GET of the return sends it). When another revision has become current meanwhile: 412 stale_revision, nothing written. ' +
    '`*`: only if the quarter has a revision. Without it the write replaces whatever is current (`supersedes` says which).',
};
const IF_NONE_MATCH = { name: 'If-None-Match', required: false, description: '`*`: write only if the quarter has no revision yet (a first entry); else 412 stale_revision.' };
const STALE = { status: 412, description: 'If-Match no longer names the current revision (or If-None-Match: * and one exists): both revisions named, nothing written.', schema: { $ref: '#/components/schemas/StaleRevisionError' } };

@ApiTags('returns')
@ApiBearerAuth()
@ApiParam({ name: 'zone', description: 'Official zone number, e.g. 5415 (Gent).' })
@Controller('v1/zones/:zone/returns')
export class ReturnsController {
  constructor(
    private readonly returns: ReturnsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Quarters of a zone that have a return, newest first, with status and current revision.' })
  list(@CurrentUser() user: AuthUser, @Param('zone') zone: string): Promise<ReturnSummaryDto[]> {
    return this.returns.list(user, zone);
  }

  @Get(':period')
  @ApiParam({ name: 'period', example: '2025-Q3' })
  @ApiOperation({
    summary: 'The current revision of a return with its cells. Management and researchers get counts below their threshold as {"suppressed": true}.',
    description: 'The `ETag` header names the current revision ("3"): send it back as `If-Match` when saving a correction.',
  })
  async get(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string, @Res({ passthrough: true }) res: Response): Promise<ReturnDto> {
    const ret = await this.returns.get(user, zone, period);
    res.setHeader('ETag', revisionEtag(ret.revision.number));
    // The ETag names the revision, not the status (signed off or open): never answered from a cache.
    res.setHeader('Cache-Control', 'no-store');
    return ret;
  }

  @Get(':period/revisions')
  @ApiOperation({
    summary:
      'Every revision of a return, newest first: who, when, why, from what source, how many cells. Callers under disclosure control (management, researchers) get only number, createdAt and source.',
  })
  revisions(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string): Promise<RevisionDto[] | ProtectedRevisionDto[]> {
    return this.returns.revisions(user, zone, period);
  }

  @Get(':period/revisions/:number')
  @ApiOperation({ summary: 'One earlier (or the current) revision with its cells.' })
  revision(
    @CurrentUser() user: AuthUser,
    @Param('zone') zone: string,
    @Param('period') period: string,
    @Param('number', ParseIntPipe) number: number,
  ): Promise<ReturnDto> {
    return this.returns.get(user, zone, period, number);
  }

  @Put(':period')
  @Roles('admin', 'hr')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit the whole return as a new revision. Earlier revisions are kept. All problems come back at once (422); nothing is written unless all is valid.',
    description: 'With `If-Match` (the ETag of the revision the client loaded) a concurrent correction is refused (412) instead of silently replaced. The answer’s `ETag` names the new revision.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IF_NONE_MATCH)
  @ApiOk('SubmitResult', { status: 201 })
  @ApiResponse({ status: 422, description: 'Every problem at once (row = cell position, column = field); nothing written.', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiResponse({ status: 409, description: 'The quarter is signed off (checked before the cells are validated, and before If-Match).', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiResponse(STALE)
  @ApiRefusals(400, 403)
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('zone') zone: string,
    @Param('period') period: string,
    @Body() body: SubmitReturnDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmitResult> {
    const result = await this.returns.submitJson(user, zone, period, body.reason, body.cells, 'form', parsePrecondition({ ifMatch, ifNoneMatch }));
    res.setHeader('ETag', revisionEtag(result.revision.number));
    return result;
  }

  @Post(':period/validate')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a return without saving it: errors (the first MAX_PROBLEMS by row, `more` counting the rest), stock-flow warnings and the cells that would be stored.' })
  @ApiResponse({ status: 422, description: 'The body is not a return (e.g. nested deeper than JSON_MAX_DEPTH).', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiRefusals(400, 403)
  validate(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string, @Body() body: ValidateReturnDto): Promise<ValidationReport> {
    return this.returns.validateJson(user, zone, period, body.cells);
  }

  @Post(':period/upload')
  @Roles('admin', 'hr')
  @HttpCode(200)
  // The guard runs before the interceptor reads the form: zone, quarter, signed off, announced size.
  @UseGuards(UploadPreflightGuard)
  @UseInterceptors(FileInterceptor('file', { limits: uploadFormLimits }))
  @FileBody(
    'CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252) or XLSX (first sheet); header in the first non-blank row. ' +
    'At most UPLOAD_MAX_BYTES (10 MB), UPLOAD_MAX_ROWS data rows (50,000), UPLOAD_MAX_COLUMNS columns, UPLOAD_MAX_CELLS cells; a workbook unpacks to at most UPLOAD_MAX_UNZIPPED_BYTES.',
    {
      reason: { type: 'string' },
      dryRun: { type: 'boolean', description: 'true: preview only (200 with a ValidationReport, valid or not).' },
      format: { type: 'string', enum: ['auto', 'cells', 'per-person'] },
    },
  )
  @ApiOperation({
    summary:
      'Upload a return as a file: the cells format (one row per count) or a per-person anonymised extract (one row per staff member, aggregated on ingest, rows never stored). ' +
      'dryRun=true previews; otherwise stores a new revision (200 with SubmitResult) or answers 422 with every problem by row and column. ' +
      'A file with personal data (name, staff-number or free-text columns; national register numbers, e-mail addresses or phone numbers in any cell) ' +
      'is refused, even in a preview (personal_data_column / personal_data_value: the kind of data is named, the value is never quoted back). ' +
      'The file is read as a stream with limits checked as it goes: a file past one is answered 413 the moment it is passed. ' +
      'Zone, quarter and sign-off are checked before the file is read: a signed-off quarter is 409, even for a preview.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IF_NONE_MATCH)
  @ApiResponse({ status: 422, description: 'Problems by row and column (the first MAX_PROBLEMS; `truncated` and `more` count the rest), or an unreadable file.', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiResponse({ status: 413, description: 'The file passes a limit: size, rows, columns, cells, or unpacked size of a workbook (code file_too_large, too_many_rows, too_many_columns, too_many_cells, unzipped_too_large, zip_bomb).', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiResponse({ status: 409, description: 'The quarter is signed off (checked before the file is read).', schema: { $ref: '#/components/schemas/Refusal' } })
  @ApiResponse(STALE)
  @ApiRefusals(400, 403, 415)
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('zone') zone: string,
    @Param('period') period: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @Body() body: UploadReturnDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ValidationReport | SubmitResult> {
    const precondition = parsePrecondition({ ifMatch, ifNoneMatch });
    const result = await this.returns.upload(user, zone, period, file, { reason: body.reason ?? '', dryRun: body.dryRun ?? false, format: body.format ?? 'auto', limits: this.config.uploads, precondition });
    if ('revision' in result) res.setHeader('ETag', revisionEtag(result.revision.number));
    return result;
  }

  @Post(':period/sign-off')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign the quarter off: no more changes until an administrator reopens it.' })
  signOff(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string): Promise<ReturnSummaryDto> {
    return this.returns.signOff(user, zone, period);
  }

  @Post(':period/reopen')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a signed-off quarter for corrections (administrators only; the reason is audited).' })
  reopen(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string, @Body() body: ReopenDto): Promise<ReturnSummaryDto> {
    return this.returns.reopen(user, zone, period, body.reason);
  }

  @Get(':period/breakdown')
  @PublicRead()
  @ApiOk('Breakdown')
  @ApiOperation({
    summary: 'One measure by staff category × one classification, with totals; small counts protected for management and researchers.',
    description:
      'For management (unless LINK_QUARTERS_FOR_MANAGEMENT links its quarters), hires, promotions and separations are published as 4-quarter windows: the counts are the sums over the quarter and the three before it, ' +
      'and `window` says so ({ from, to, quarters: 4 }). `window` is null when the counts are those of the quarter itself.',
  })
  breakdown(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string, @Query() q: BreakdownQueryDto): Promise<BreakdownDto> {
    return this.returns.breakdown(user, zone, period, q.measure ?? 'headcount', q.dimension ?? 'origin');
  }
}

@ApiTags('returns')
@ApiBearerAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get('cells.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="equity-return-cells.csv"')
  @ApiOperation({ summary: 'CSV template of the cells format for the default profile.' })
  async cells(): Promise<string> {
    return csvTemplate(await this.profiles.get(DEFAULT_PROFILE_CODE), 'cells');
  }

  @Get('per-person.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="equity-return-per-person.csv"')
  @ApiOperation({ summary: 'CSV template of the per-person anonymised extract for the default profile.' })
  async perPerson(): Promise<string> {
    return csvTemplate(await this.profiles.get(DEFAULT_PROFILE_CODE), 'per-person');
  }

  @Get('cells.xlsx')
  @ApiOperation({
    summary: 'XLSX template of the cells format for the default profile: a drop-down list of codes on every coded column, whole numbers on the count, and a sheet "codes" with each column\'s codes and labels.',
    description: '`lang` (en, nl, fr) writes the header row and the labels of the codes sheet in that language; without it the headings are the codes.',
  })
  cellsXlsx(@Query() q: TemplateQueryDto): Promise<StreamableFile> {
    return this.workbook('cells', q);
  }

  @Get('per-person.xlsx')
  @ApiOperation({ summary: 'XLSX template of the per-person anonymised extract, with drop-down lists and a sheet "codes" (see cells.xlsx).' })
  perPersonXlsx(@Query() q: TemplateQueryDto): Promise<StreamableFile> {
    return this.workbook('per-person', q);
  }

  private async workbook(kind: TemplateKind, q: TemplateQueryDto): Promise<StreamableFile> {
    const content = await xlsxTemplate(await this.profiles.get(DEFAULT_PROFILE_CODE), kind, q.lang);
    const name = `equity-return-${kind}${q.lang ? `-${q.lang}` : ''}.xlsx`;
    return new StreamableFile(content, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', disposition: `attachment; filename="${name}"` });
  }
}
