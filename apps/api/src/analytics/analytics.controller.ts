import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { FIGURES, NATIONAL_METRICS, type AvailabilityDto, type GlassCeilingDto, type NationalDto, type SeriesDto, type ZoneMetricsDto } from '@equity/shared';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead, Roles } from '../auth/auth.decorators.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { AnalyticsService } from './analytics.service.js';

const QUARTER = /^\d{4}-Q[1-4]$/i;

export class AnalysisQueryDto {
  @ApiPropertyOptional({ example: '2026-Q3', description: 'Quarter analysed; default the latest with data.' })
  @IsOptional()
  @Matches(QUARTER, { message: 'period must be a quarter like 2025-Q3' })
  period?: string;

  @ApiPropertyOptional({
    example: 'origin:migration_background',
    description: 'classification:group — a value (origin:be_non_eu) or a roll-up (origin:migration_background). Default: the profile’s first roll-up.',
  })
  @IsOptional()
  @IsString()
  group?: string;

  @ApiPropertyOptional({ example: 'origin:be_be', description: 'Reference group for impact ratios; default the classification’s reference value.' })
  @IsOptional()
  @IsString()
  reference?: string;

  @ApiPropertyOptional({ example: 4, minimum: 1, maximum: 20, description: 'Rolling window in quarters for hires, promotions, separations and the funnel (default 4).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'window must be a whole number of quarters' })
  @Min(1)
  @Max(20)
  window?: number;

  @ApiPropertyOptional({ example: 'basic,middle', description: 'Comma-separated staff categories or category groups (operational, calog); default all.' })
  @IsOptional()
  @IsString()
  categories?: string;
}

export class SeriesQueryDto extends AnalysisQueryDto {
  @ApiPropertyOptional({ example: '2023-Q4', description: 'First quarter; default 11 quarters before `to`.' })
  @IsOptional()
  @Matches(QUARTER, { message: 'from must be a quarter like 2025-Q3' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-Q3', description: 'Last quarter; default the latest with data.' })
  @IsOptional()
  @Matches(QUARTER, { message: 'to must be a quarter like 2025-Q3' })
  to?: string;
}

export class NationalQueryDto extends AnalysisQueryDto {
  @ApiPropertyOptional({
    enum: [...NATIONAL_METRICS],
    default: 'representation',
    description: `The figure compared: ${NATIONAL_METRICS.map((m) => `${m} (${FIGURES[m].definition.en})`).join('; ')}`,
  })
  @IsOptional()
  @IsString()
  metric?: string;

  @ApiPropertyOptional({
    example: 'belgium-police',
    description: 'Classification profile whose zones are compared, when the zones you may see use several (see `profiles` in the answer). Default: the first zone’s.',
  })
  @IsOptional()
  @IsString()
  profile?: string;
}

export class AvailabilityInputDto implements AvailabilityDto {
  @ApiProperty({ example: 'origin' })
  @IsString()
  @MinLength(1)
  dimension!: string;

  @ApiProperty({ example: 'migration_background', description: 'A value or roll-up of the classification.' })
  @IsString()
  @MinLength(1)
  group!: string;

  @ApiProperty({ example: 0.52, description: 'Share of the group in the population of the zone’s communes, from 0 to 1.' })
  @Type(() => Number)
  @IsNumber({}, { message: 'share must be a number from 0 to 1' })
  @Min(0)
  @Max(1)
  share!: number;

  @ApiProperty({ example: 'Statbel, population by origin, 1 January 2025' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  source!: string;

  @ApiProperty({ example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  year!: number;
}

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('zones/:zone/metrics')
  @PublicRead()
  @ApiOk('ZoneMetrics')
  @ApiParam({ name: 'zone', example: '5345' })
  @ApiOperation({
    summary:
      'Every metric of one group in one zone and quarter: declaration rate, representation (of declared and of total, change on the quarter and the year), ' +
      'hiring share against the workforce share (4 quarters), promotion rate from the feeder categories with impact ratio, Fisher p and Wilson intervals, ' +
      'separations per 1,000 and retention by group and reason, selection-funnel stages, and the availability gap. Each rate carries numerator, denominator and interval.',
  })
  metrics(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Query() q: AnalysisQueryDto): Promise<ZoneMetricsDto> {
    return this.analytics.zoneMetrics(user, zone, q);
  }

  @Get('zones/:zone/metrics/series')
  @PublicRead()
  @ApiOk('Series')
  @ApiOperation({ summary: 'Quarter-by-quarter representation, declaration, hiring share and ratio, promotion impact ratio and retention of a group.' })
  series(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Query() q: SeriesQueryDto): Promise<SeriesDto> {
    return this.analytics.series(user, zone, q);
  }

  @Get('zones/:zone/glass-ceiling')
  @PublicRead()
  @ApiOk('GlassCeiling')
  @ApiOperation({ summary: 'Representation of a group in each staff category, from agent to officer cadre, and per category group.' })
  glassCeiling(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Query() q: AnalysisQueryDto): Promise<GlassCeilingDto> {
    return this.analytics.glassCeiling(user, zone, q);
  }

  @Get('national')
  @PublicRead()
  @ApiOk('National')
  @ApiOperation({
    summary:
      'One metric of one group for every zone the caller may see (zones of one classification profile), in one quarter, and the total of all those zones. ' +
      '`categories` selects staff categories or category groups exactly as for a zone’s metrics (unknown codes: 400). The total is the same metric computed ' +
      'from the sums of the zones’ counts; under disclosure control a count of the total is published only when every zone’s count is.',
  })
  national(@CurrentUser() user: AuthUser, @Query() q: NationalQueryDto): Promise<NationalDto> {
    return this.analytics.national(user, q);
  }

  @Get('zones/:zone/availability')
  @PublicRead()
  @ApiOk('Availability', { isArray: true })
  @ApiOperation({ summary: 'Availability benchmarks of a zone: population share of each group, with source and year (latest year per group).' })
  availability(@CurrentUser() user: AuthUser, @Param('zone') zone: string): Promise<AvailabilityDto[]> {
    return this.analytics.availability(user, zone);
  }

  @Put('zones/:zone/availability')
  @ApiOk('Availability', { isArray: true })
  @Roles('admin')
  @ApiOperation({ summary: 'Set the availability benchmark of one group for one year (administrators).' })
  setAvailability(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Body() body: AvailabilityInputDto): Promise<AvailabilityDto[]> {
    return this.analytics.setAvailability(user, zone, body);
  }
}
