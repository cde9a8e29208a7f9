import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClassificationProfile, ProfileSummaryDto } from '@equity/shared';
import { PublicRead } from '../auth/auth.decorators.js';
import { ProfilesService } from './profiles.service.js';

@ApiTags('profiles')
@ApiBearerAuth()
@Controller('v1/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @PublicRead()
  @ApiOperation({ summary: 'The classification profiles of the deployment: code, name in NL/FR/EN, how many categories and dimensions, and how many zones use each.' })
  list(): Promise<ProfileSummaryDto[]> {
    return this.profiles.list();
  }

  @Get(':code')
  @PublicRead()
  @ApiOperation({ summary: 'A classification profile: staff categories, dimensions, their values and roll-ups, in NL/FR/EN.' })
  get(@Param('code') code: string): Promise<ClassificationProfile> {
    return this.profiles.get(code);
  }
}
