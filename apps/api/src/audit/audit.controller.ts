import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuditEventDto } from '@equity/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only events of this zone (code).' })
  @IsOptional()
  @IsString()
  zone?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The audit log, newest first: who did what, when (administrators only).' })
  list(@Query() query: AuditQueryDto): Promise<AuditEventDto[]> {
    return this.audit.list({ ...(query.zone ? { zone: query.zone } : {}), limit: query.limit ?? 100 });
  }
}
