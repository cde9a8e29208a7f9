import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ZoneDto } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, PublicRead } from '../auth/auth.decorators.js';
import { ZonesService } from './zones.service.js';

@ApiTags('zones')
@ApiBearerAuth()
@Controller('v1/zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @PublicRead()
  @ApiOperation({ summary: 'Zones the caller may see (HR officers: their own zones).' })
  list(@CurrentUser() user: AuthUser): Promise<ZoneDto[]> {
    return this.zones.list(user);
  }
}
