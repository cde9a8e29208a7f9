import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateSurveyCampaignRequest } from '@equity/shared';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

// Types only: what the values mean (dates, quarter, questions, answers) is checked by the service,
// so that every problem comes back at once.

export class CreateSurveyCampaignDto implements CreateSurveyCampaignRequest {
  @ApiProperty({ example: '2026-Q2', description: 'Quarter whose representation data the results become.' })
  @IsString()
  @MaxLength(20)
  period!: string;

  @ApiProperty({ example: '2026-05-04', description: 'First day answers are taken (Belgian time).' })
  @IsString()
  @MaxLength(20)
  opensOn!: string;

  @ApiProperty({ example: '2026-05-29', description: 'Last day answers are taken, included. Results are shown from the next day.' })
  @IsString()
  @MaxLength(20)
  closesOn!: string;

  @ApiProperty({ example: 420, description: 'Number of codes to generate: one per member of staff invited (1–10,000).' })
  @IsInt()
  invitations!: number;

  @ApiPropertyOptional({ type: [String], example: ['age_band', 'disability'], description: 'Optional questions of the profile to ask as well.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  optionalQuestions?: string[];
}

export class AddSurveyCodesDto {
  @ApiProperty({ example: 20, description: 'Number of further codes (shown once).' })
  @IsInt()
  count!: number;
}

export class SurveyCodeDto {
  @ApiProperty({ example: 'ABCD-EFGH-JKMN', description: 'The code from the slip (case, spaces and dashes do not matter).' })
  @IsString()
  @MaxLength(64)
  code!: string;
}

export class SurveyAnswerDto extends SurveyCodeDto {
  @ApiProperty({
    example: { category: 'basic', classes: { gender: 'female', origin: ['be_eu', 'be_non_eu'] } },
    description:
      'category: a staff category code or "not_declared"; classes: per question a value code, or a list of codes where the question allows several; ' +
      'a question left out counts as "prefer not to say".',
  })
  @IsObject()
  answer!: { category?: unknown; classes?: unknown };
}
