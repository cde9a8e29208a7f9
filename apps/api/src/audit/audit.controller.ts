import { applyDecorators, Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AUDIT_FAMILIES, type AuditEventDto } from '@equity/shared';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { QueryProblemsException, requestProblem } from '../core/problems.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { auditCsvChunks } from './audit-csv.js';
import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, parseId, readAuditFilter, readAuditList } from './audit-query.js';
import { AuditService } from './audit.service.js';

const filters = applyDecorators(
  ApiQuery({ name: 'user', required: false, example: 'hr.gent', description: 'Only events of this account (who acted).' }),
  ApiQuery({ name: 'zone', required: false, example: '5415', description: 'Only events of this zone (code).' }),
  ApiQuery({
    name: 'action',
    required: false,
    example: 'user.*',
    description: `Only this action (e.g. user.created, return.revised), or a whole family written family.* (${AUDIT_FAMILIES.map((f) => `${f}.*`).join(', ')}).`,
  }),
  ApiQuery({ name: 'from', required: false, example: '2026-01-01', description: 'First day (YYYY-MM-DD, Belgian time), included.' }),
  ApiQuery({ name: 'to', required: false, example: '2026-03-31', description: 'Last day (YYYY-MM-DD, Belgian time), included.' }),
);
const badQuery = ApiResponse({
  status: 400,
  description: 'A parameter cannot be read (not a date, an unknown action or parameter, "to" before "from"…): every problem at once, each naming its parameter in `column`.',
  schema: { $ref: '#/components/schemas/Refusal' },
});

/** The audit log: administrators only. Filters are read by `audit-query.ts`; a bad one is a 400 naming it. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/audit')
export class AuditController {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: who did what, when (administrators only). Filter by user, zone, action and days; page with `before`.' })
  @filters
  @ApiQuery({ name: 'before', required: false, type: Number, description: 'Only events older than this one (its id): the next page after the last event shown.' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `At most this many events, 1–${AUDIT_MAX_LIMIT} (default ${AUDIT_DEFAULT_LIMIT}).` })
  @ApiOk('AuditEvent', { isArray: true })
  @badQuery
  list(@Query() query: Record<string, unknown>): Promise<AuditEventDto[]> {
    const read = readAuditList(query);
    if ('problems' in read) throw new QueryProblemsException(read.problems, 'nothing was listed');
    return this.audit.list(read.spec);
  }

  @Get('export.csv')
  @ApiOperation({
    summary:
      'Every event matching the filters as CSV, newest first, streamed (administrators only): columns id, at (UTC), actor, action, zone, period, details (JSON). The download is itself recorded (audit.exported).',
  })
  @filters
  @ApiResponse({ status: 200, description: 'The CSV file (attachment).', content: { 'text/csv': { schema: { type: 'string' } } } })
  @badQuery
  async csv(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const read = readAuditFilter(query);
    if ('problems' in read) throw new QueryProblemsException(read.problems, 'nothing was sent');
    await this.audit.recordExport(user, read.spec);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="equity-monitor-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(auditCsvChunks(this.audit.stream(read.spec))), res);
    } catch (err) {
      // Headers are sent: breaking the connection is the only honest signal left (the file is incomplete).
      this.logger.error(`Audit CSV stopped: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy(err instanceof Error ? err : undefined);
    }
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number, example: 42 })
  @ApiOperation({ summary: 'One event of the audit log with all its details (administrators only).' })
  @ApiOk('AuditEvent')
  @badQuery
  @ApiResponse({ status: 404, description: 'No event with this id.', schema: { $ref: '#/components/schemas/Refusal' } })
  get(@Param('id') raw: string): Promise<AuditEventDto> {
    const id = parseId(raw);
    if (id === null) throw new QueryProblemsException([requestProblem('id', 'invalid_id', 'The event id must be a whole number above 0.')], 'nothing was read');
    return this.audit.get(id);
  }
}
