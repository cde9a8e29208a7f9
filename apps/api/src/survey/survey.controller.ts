import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RepresentationComparisonDto, SurveyCampaignDto, SurveyCodesDto, SurveyResultsDto, SurveySaveResult, SurveySessionDto } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, PublicRead, Roles } from '../auth/auth.decorators.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { AddSurveyCodesDto, CreateSurveyCampaignDto, SurveyAnswerDto, SurveyCodeDto } from './survey.dto.js';
import { SurveyCodeThrottle } from './survey-throttle.js';
import { SurveyAnsweringService } from './survey-answering.service.js';
import { SurveyCampaignsService } from './survey-campaigns.service.js';
import { SurveyResultsService } from './survey-results.service.js';

const invalid = ApiResponse({ status: 422, description: 'Every problem at once, by field; nothing was written.', schema: { $ref: '#/components/schemas/ValidationError' } });
const zoneParam = ApiParam({ name: 'zone', description: 'Official zone number, e.g. 5415 (Gent).' });

/** Survey campaigns of a zone: opened, given codes and closed by HR of the zone and administrators. */
@ApiTags('survey')
@ApiBearerAuth()
@zoneParam
@Controller('v1/zones/:zone/surveys')
export class SurveyCampaignsController {
  constructor(
    private readonly campaigns: SurveyCampaignsService,
    private readonly surveyResults: SurveyResultsService,
  ) {}

  @Get()
  @PublicRead()
  @ApiOperation({ summary: 'The zone’s survey campaigns, newest first. No response count while a campaign runs; afterwards, for every reader (HR included), "fewer than k" below the survey’s threshold.' })
  @ApiOk('SurveyCampaign', { isArray: true })
  list(@CurrentUser() user: AuthUser, @Param('zone') zone: string): Promise<SurveyCampaignDto[]> {
    return this.campaigns.list(user, zone);
  }

  @Post()
  @Roles('admin', 'hr')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Open a campaign and generate its codes. The codes are in this response only: they are stored as hashes and never shown again.' })
  @ApiOk('SurveyCodes', { status: 201 })
  @invalid
  create(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Body() body: CreateSurveyCampaignDto): Promise<SurveyCodesDto> {
    return this.campaigns.create(user, zone, body);
  }

  @Get(':id')
  @PublicRead()
  @ApiOperation({ summary: 'One campaign.' })
  @ApiOk('SurveyCampaign')
  get(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('id', ParseIntPipe) id: number): Promise<SurveyCampaignDto> {
    return this.campaigns.get(user, zone, id);
  }

  @Post(':id/codes')
  @Roles('admin', 'hr')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Generate further codes for a campaign that is not closed (shown once, like the first ones).' })
  @ApiOk('SurveyCodes', { status: 201 })
  @ApiResponse({ status: 409, description: 'The campaign is closed.' })
  @invalid
  addCodes(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('id', ParseIntPipe) id: number, @Body() body: AddSurveyCodesDto): Promise<SurveyCodesDto> {
    return this.campaigns.addCodes(user, zone, id, body.count);
  }

  @Post(':id/close')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a campaign before its closing day. Its answers are counted at once; it cannot be reopened.' })
  @ApiOk('SurveyCampaign')
  @ApiResponse({ status: 409, description: 'Already closed.' })
  close(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('id', ParseIntPipe) id: number): Promise<SurveyCampaignDto> {
    return this.campaigns.close(user, zone, id);
  }

  @Get(':id/results')
  @PublicRead()
  @ApiOperation({ summary: 'Counts of a closed campaign (category × value per question) with the response rate, through disclosure control at the survey’s threshold for every reader, HR and administrators included; nothing below it.' })
  @ApiOk('SurveyResults')
  @ApiResponse({ status: 409, description: 'The campaign has not closed yet: no results while it runs.' })
  results(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('id', ParseIntPipe) id: number): Promise<SurveyResultsDto> {
    return this.surveyResults.results(user, zone, id);
  }
}

@ApiTags('survey')
@ApiBearerAuth()
@zoneParam
@Controller('v1/zones/:zone/representation')
export class RepresentationController {
  constructor(private readonly survey: SurveyResultsService) {}

  @Get(':period')
  @PublicRead()
  @ApiParam({ name: 'period', example: '2026-Q2' })
  @ApiQuery({ name: 'dimension', required: false, example: 'origin', description: 'Classification compared (default origin).' })
  @ApiOperation({ summary: 'Representation in a quarter from both sources side by side: the HR return (source hr_return) and the latest closed survey campaign of that quarter (source survey, protected at the survey’s threshold for every reader), with their difference.' })
  @ApiOk('RepresentationComparison')
  @invalid
  compare(@CurrentUser() user: AuthUser, @Param('zone') zone: string, @Param('period') period: string, @Query('dimension') dimension?: string): Promise<RepresentationComparisonDto> {
    return this.survey.comparison(user, zone, period, dimension || 'origin');
  }
}

/**
 * The respondent's side: no login, no cookie, the code in the body (never in an address, which
 * proxies log). Nothing about the request — time, address, user agent — is stored or logged.
 */
@ApiTags('survey')
@Public()
@UseInterceptors(SurveyCodeThrottle)
@Controller('v1/survey')
export class SurveyAnswerController {
  constructor(private readonly survey: SurveyAnsweringService) {}

  @Post('session')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Enter a code: the survey’s questions, and the answer given earlier with this code (to change or withdraw), if any.' })
  @ApiOk('SurveySession')
  @ApiResponse({ status: 422, description: 'Unknown code (survey_code_unknown), survey not open yet (survey_not_open) or closed (survey_closed).', schema: { $ref: '#/components/schemas/ValidationError' } })
  @ApiResponse({ status: 429, description: 'Too many wrong codes from this address (SURVEY_CODE_RATE_LIMIT per 10 minutes).' })
  session(@Body() body: SurveyCodeDto): Promise<SurveySessionDto> {
    return this.survey.session(body.code);
  }

  @Put('answer')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Save or replace the answer given with a code, until the campaign closes.' })
  @ApiOk('SurveySaveResult')
  @invalid
  answer(@Body() body: SurveyAnswerDto): Promise<SurveySaveResult> {
    return this.survey.save(body.code, body.answer);
  }

  @Post('withdraw')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Withdraw the answer given with a code (it is deleted; the code can answer again until the campaign closes).' })
  @ApiOk('SurveySaveResult')
  @invalid
  withdraw(@Body() body: SurveyCodeDto): Promise<SurveySaveResult> {
    return this.survey.withdraw(body.code);
  }
}
