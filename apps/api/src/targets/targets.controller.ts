import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { FIGURES, TARGET_METRICS, type TargetInput, type TargetMetric, type TargetProgressDto } from '@equity/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { TargetsService } from './targets.service.js';

export class TargetInputDto implements TargetInput {
  @ApiProperty({ example: '5345' })
  @IsString()
  zone!: string;

  @ApiProperty({ example: 'origin:migration_background', description: 'classification:group (a value or a roll-up).' })
  @IsString()
  group!: string;

  @ApiProperty({ enum: [...TARGET_METRICS], description: `The figure the goal is set on: ${TARGET_METRICS.map((m) => `${m} (${FIGURES[m].definition.en})`).join('; ')}` })
  @IsIn([...TARGET_METRICS], { message: `metric must be one of: ${TARGET_METRICS.join(', ')}` })
  metric!: TargetMetric;

  @ApiPropertyOptional({ type: [String], example: [], description: 'Staff categories; empty for all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  categories: string[] = [];

  @ApiProperty({ example: 0.2, description: 'The goal: a share from 0 to 1, or an impact ratio (1 = parity).' })
  @Type(() => Number)
  @IsNumber({}, { message: 'value must be a number' })
  value!: number;

  @ApiProperty({ example: '2024-Q1' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  baselinePeriod!: string;

  @ApiProperty({ example: '2027-Q4' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  deadlinePeriod!: string;

  @ApiPropertyOptional({ example: 'Zone plan 2024–2027' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note: string = '';
}

@ApiTags('targets')
@ApiBearerAuth()
@Controller('v1/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @PublicRead()
  @ApiOk('TargetProgress', { isArray: true })
  @ApiOperation({
    summary:
      'Targets the caller may see, each with its progress: actual, straight-line trajectory, gap and status (achieved / on track / at risk / off track) per quarter, ' +
      'the quarter the least-squares trend reaches it (or "not at this pace"), and for representation targets a flow projection.',
  })
  list(@CurrentUser() user: AuthUser, @Query('zone') zone?: string): Promise<TargetProgressDto[]> {
    return this.targets.list(user, zone);
  }

  @Get(':id')
  @PublicRead()
  @ApiOk('TargetProgress')
  @ApiOperation({ summary: 'One target with its progress.' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<TargetProgressDto> {
    return this.targets.get(user, id);
  }

  @Post()
  @ApiOk('TargetProgress', { status: 201 })
  @Roles('admin', 'management')
  @ApiOperation({ summary: 'Create a target (administrators and management).' })
  create(@CurrentUser() user: AuthUser, @Body() body: TargetInputDto): Promise<TargetProgressDto> {
    return this.targets.create(user, body);
  }

  @Put(':id')
  @ApiOk('TargetProgress')
  @Roles('admin', 'management')
  @ApiOperation({ summary: 'Replace a target (administrators and management); the change is audited with the old values.' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: TargetInputDto): Promise<TargetProgressDto> {
    return this.targets.update(user, id, body);
  }

  @Delete(':id')
  @Roles('admin', 'management')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a target (administrators and management); the audit log keeps what it was.' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.targets.remove(user, id);
  }
}
