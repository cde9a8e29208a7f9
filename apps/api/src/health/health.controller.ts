import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PROFILE_CODE, type HealthDto } from '@equity/shared';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { InFlightLimiter } from '../core/in-flight.js';
import { DATABASE_MONITOR, type DatabaseMonitor } from '../db/database-state.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { HealthRepository } from './health.repository.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly repo: HealthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_MONITOR) private readonly monitor: DatabaseMonitor | null,
    private readonly limiter: InFlightLimiter,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary:
      'Liveness, database and load: 200 {"status":"ok"}, or 503 with status "error" (database down or restarting) or "busy" (this instance’s queue is full: it refuses new requests).',
    description:
      '`database`: ok, error (no answer), or restarting (the embedded PostgreSQL died and is being started again); `databaseRestarts`: how often it was (embedded only). `load` gives requests at work and waiting with their limits (MAX_IN_FLIGHT, MAX_QUEUED). Never queued itself.',
  })
  @ApiOk('Health')
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    let database: HealthDto['database'] = 'ok';
    if (this.monitor && this.monitor.state !== 'running') {
      database = 'restarting';
    } else {
      try {
        await this.repo.ping();
      } catch {
        database = 'error';
      }
    }
    const load = this.limiter.load;
    const status: HealthDto['status'] = database !== 'ok' ? 'error' : load.status === 'full' ? 'busy' : 'ok';
    if (status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status,
      database,
      ...(this.monitor ? { databaseRestarts: this.monitor.restarts } : {}),
      version: process.env['npm_package_version'] ?? '0.1.0',
      profile: DEFAULT_PROFILE_CODE,
      oidc: this.config.oidc !== null,
      load,
    };
  }
}
