import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMUNES_MAX, type CreateZoneRequest, type MergeZoneRequest, type UpdateZoneRequest } from '@equity/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

// Only the types are checked here; what the values mean (code, names, profile, communes, a zone
// that exists, a profile in use) is checked by the service, so that every such problem is reported at once.

const COMMUNES_HELP = `The communes (municipalities) the zone polices, at most ${COMMUNES_MAX}.`;

export class CreateZoneDto implements CreateZoneRequest {
  @ApiProperty({ example: '5388', description: 'The official zone number (letters and digits, at most 40); refused when a zone has it already.' })
  @IsString()
  code!: string;

  @ApiProperty({ example: 'Leuven', description: 'Dutch name (required, at most 150 characters).' })
  @IsString()
  nameNl!: string;

  @ApiProperty({ example: 'Louvain', description: 'French name (required, at most 150 characters).' })
  @IsString()
  nameFr!: string;

  @ApiPropertyOptional({ example: 'Leuven', description: 'English name; the Dutch name is shown when absent.' })
  @IsOptional()
  @IsString()
  nameEn?: string;

  @ApiProperty({ example: 'belgium-police', description: 'Code of an existing classification profile (GET /api/v1/profiles/{code}).' })
  @IsString()
  profile!: string;

  @ApiPropertyOptional({ type: [String], example: ['Leuven'], description: COMMUNES_HELP })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  communes?: string[];
}

export class UpdateZoneDto implements UpdateZoneRequest {
  @ApiPropertyOptional({ description: 'Dutch name.' })
  @IsOptional()
  @IsString()
  nameNl?: string;

  @ApiPropertyOptional({ description: 'French name.' })
  @IsOptional()
  @IsString()
  nameFr?: string;

  @ApiPropertyOptional({ description: 'English name; an empty text removes it (the Dutch name is shown instead).' })
  @IsOptional()
  @IsString()
  nameEn?: string;

  @ApiPropertyOptional({ description: 'Another classification profile: refused while the zone has returns, targets or availability benchmarks recorded with the current one.' })
  @IsOptional()
  @IsString()
  profile?: string;

  @ApiPropertyOptional({ type: [String], description: `Replaces the communes. ${COMMUNES_HELP}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  communes?: string[];
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === undefined || value === '' ? false : value);

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'true: only check the file and answer the preview; nothing is written.', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class MergeZoneDto implements MergeZoneRequest {
  @ApiProperty({ example: '5388', description: 'Code of the zone that succeeds this one (an existing zone of the same classification profile, not itself merged).' })
  @IsOptional()
  @IsString()
  into?: string;

  @ApiProperty({ example: '2027-Q1', description: 'First quarter the successor holds: this zone may have no return from this quarter on.' })
  @IsOptional()
  @IsString()
  from?: string;
}
