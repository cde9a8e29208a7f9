import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const CELL_EXAMPLE = { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 42 };

export class SubmitReturnDto {
  @ApiProperty({ example: 'First entry for the quarter', description: 'Why this revision is made. Required to save; kept with the revision.' })
  @IsString()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({
    description:
      'Every cell of the return: measure (headcount, hires, promotions, separations, funnel), detail (entry type, reason or stage; "" when the measure has none), ' +
      'category (staff category code), classes (one value per classification of the profile, e.g. gender and origin) and count (whole number ≥ 0). ' +
      'Cells are checked one by one; problems come back with row = position in this list (from 1).',
    example: [CELL_EXAMPLE],
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(50000)
  cells!: unknown[];
}

export class ValidateReturnDto {
  @ApiPropertyOptional({ description: 'Ignored when validating.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [CELL_EXAMPLE] })
  @IsArray()
  @ArrayMaxSize(50000)
  cells!: unknown[];
}

const toBool = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === '1' ? true : value === false || value === 'false' || value === '0' || value === undefined || value === '' ? false : value);

export class UploadReturnDto {
  @ApiPropertyOptional({ description: 'Why this revision is made; required unless dryRun.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'true: only check the file and return the preview; nothing is saved.', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ enum: ['auto', 'cells', 'per-person'], default: 'auto', description: 'auto: a file with an in_service_at_end column is a per-person extract.' })
  @IsOptional()
  @IsIn(['auto', 'cells', 'per-person'], { message: 'format must be auto, cells or per-person' })
  format?: 'auto' | 'cells' | 'per-person';
}

export class ReopenDto {
  @ApiProperty({ example: 'Gent found an error in hires; correction requested by the zone chief' })
  @IsString()
  @MaxLength(500)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'Say why the quarter is reopened.' })
  reason!: string;
}

export class BreakdownQueryDto {
  @ApiPropertyOptional({ default: 'headcount', enum: ['headcount', 'hires', 'promotions', 'separations', 'funnel'] })
  @IsOptional()
  @IsString()
  measure?: string;

  @ApiPropertyOptional({ default: 'origin', description: 'A classification of the profile, e.g. origin or gender.' })
  @IsOptional()
  @IsString()
  dimension?: string;
}

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: ['en', 'nl', 'fr'], description: 'Language of the header row and of the labels on the codes sheet; without it the headings are the codes.' })
  @IsOptional()
  @IsIn(['en', 'nl', 'fr'])
  lang?: 'en' | 'nl' | 'fr';
}
