import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_PROFILE_CODE, type HealthDto } from '@equity/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database check: 200 {"status":"ok"} or 503.' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    let database: HealthDto['database'] = 'ok';
    try {
      await this.db.query('SELECT 1');
    } catch {
      database = 'error';
    }
    if (database !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: database === 'ok' ? 'ok' : 'error', database, version: process.env['npm_package_version'] ?? '0.1.0', profile: DEFAULT_PROFILE_CODE, oidc: this.config.oidc !== null };
  }
}
