import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsController } from './analytics/analytics.controller.js';
import { AnalyticsRepository } from './analytics/analytics.repository.js';
import { FiguresCache } from './analytics/figures-cache.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { AuditController } from './audit/audit.controller.js';
import { BenchmarksController } from './analytics/benchmarks.controller.js';
import { BenchmarksRepository } from './analytics/benchmarks.repository.js';
import { BenchmarksService } from './analytics/benchmarks.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthRepository } from './auth/auth.repository.js';
import { AuthService } from './auth/auth.service.js';
import { LoginLockoutService } from './auth/login-lockout.service.js';
import { LoginRateLimiter, LoginRateLimitGuard } from './auth/login-rate-limit.guard.js';
import { OidcController } from './auth/oidc.controller.js';
import { OidcService } from './auth/oidc.service.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { AdmissionGate } from './core/admission.js';
import { InFlightLimiter } from './core/in-flight.js';
import { dataSourceOptions } from './db/data-source.js';
import { DATABASE_MONITOR, type DatabaseMonitor } from './db/database-state.js';
import { ProtectionLeadership } from './db/leadership.js';
import { SeedRepository } from './demo/seed.repository.js';
import { SeedService } from './demo/seed.service.js';
import { DisclosureRepository } from './disclosure/disclosure.repository.js';
import { DisclosureService } from './disclosure/disclosure.service.js';
import { ProtectedCounts } from './disclosure/protected-counts.js';
import { ProtectionWorker } from './disclosure/protection-worker.js';
import { ExportRunner } from './exports/export-runner.js';
import { ExportsController } from './exports/exports.controller.js';
import { ExportsRepository } from './exports/exports.repository.js';
import { ExportsService } from './exports/exports.service.js';
import { ImportsService } from './imports/imports.service.js';
import { HealthController } from './health/health.controller.js';
import { HealthRepository } from './health/health.repository.js';
import { ProfilesController } from './profiles/profiles.controller.js';
import { ProfileUploadService } from './profiles/profile-upload.service.js';
import { ProfilesRepository } from './profiles/profiles.repository.js';
import { ProfilesService } from './profiles/profiles.service.js';
import { ReturnsController, TemplatesController } from './returns/returns.controller.js';
import { ReturnsRepository } from './returns/returns.repository.js';
import { ReturnsService } from './returns/returns.service.js';
import { RepresentationController, SurveyAnswerController, SurveyCampaignsController } from './survey/survey.controller.js';
import { SurveyCodeLimiter, SurveyCodeThrottle } from './survey/survey-throttle.js';
import { SurveyAnsweringService } from './survey/survey-answering.service.js';
import { SurveyCampaignsService } from './survey/survey-campaigns.service.js';
import { SurveyResultsService } from './survey/survey-results.service.js';
import { SurveyRepository } from './survey/survey.repository.js';
import { TargetsController } from './targets/targets.controller.js';
import { TargetsRepository } from './targets/targets.repository.js';
import { TargetsService } from './targets/targets.service.js';
import { UsersController } from './users/users.controller.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';
import { ZonesController } from './zones/zones.controller.js';
import { ZoneRegistryService } from './zones/zone-registry.service.js';
import { ZonesRepository } from './zones/zones.repository.js';
import { ZonesService } from './zones/zones.service.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string }, database: DatabaseMonitor | null = null): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: true })],
      controllers: [HealthController, AuthController, OidcController, ProfilesController, ZonesController, ReturnsController, TemplatesController, AuditController, AnalyticsController, BenchmarksController, TargetsController, UsersController, SurveyCampaignsController, RepresentationController, SurveyAnswerController, ExportsController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: DATABASE_MONITOR, useValue: database },
        // Admission (createApp puts their middleware first; /api/health reports their load).
        { provide: AdmissionGate, useValue: new AdmissionGate(config) },
        { provide: InFlightLimiter, useValue: new InFlightLimiter(config.maxInFlight, config.maxQueued) },
        HealthRepository,
        AuditRepository,
        AuditService,
        AuthRepository,
        AuthService,
        LoginLockoutService,
        LoginRateLimiter,
        LoginRateLimitGuard,
        OidcService,
        ProfilesService,
        ProfilesRepository,
        ProfileUploadService,
        ZonesRepository,
        ZonesService,
        ZoneRegistryService,
        BenchmarksRepository,
        BenchmarksService,
        ReturnsRepository,
        ReturnsService,
        SeedRepository,
        SeedService,
        DisclosureRepository,
        DisclosureService,
        ProtectedCounts,
        ProtectionWorker,
        ProtectionLeadership,
        AnalyticsRepository,
        FiguresCache,
        AnalyticsService,
        TargetsRepository,
        TargetsService,
        UsersRepository,
        UsersService,
        SurveyRepository,
        SurveyCampaignsService,
        SurveyAnsweringService,
        SurveyResultsService,
        SurveyCodeLimiter,
        SurveyCodeThrottle,
        ExportsService,
        ExportsRepository,
        ExportRunner,
        ImportsService,
      ],
    };
  }
}
