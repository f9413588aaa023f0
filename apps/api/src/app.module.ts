import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './common/clock/clock';
import { AccessModule } from './common/auth/access.module';
import { PumpChangesModule } from './common/pump-changes.module';
import { DomainErrorFilter } from './common/errors/domain-error.filter';
import { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { DemoSeedService } from './database/seed/demo-seed.service';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClinicSettingsModule } from './modules/clinic-settings/clinic-settings.module';
import { DrugLibraryModule } from './modules/drug-library/drug-library.module';
import { HealthModule } from './modules/health/health.module';
import { AlarmsModule } from './modules/alarms/alarms.module';
import { AppointmentsModule } from './modules/appointments/appointments.module';
import { DoseProgramsModule } from './modules/dose-programs/dose-programs.module';
import { PatientsModule } from './modules/patients/patients.module';
import { ProjectionModule } from './modules/projection/projection.module';
import { PumpsModule } from './modules/pumps/pumps.module';
import { RefillsModule } from './modules/refills/refills.module';
import { WorklistModule } from './modules/worklist/worklist.module';
import { UsersModule } from './modules/users/users.module';
import { CalendarFeedModule } from './modules/calendar-feed/calendar-feed.module';
import { ExportsModule } from './modules/exports/exports.module';
import { FhirModule } from './modules/fhir/fhir.module';
import { ImportsModule } from './modules/imports/imports.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { ObservabilityModule } from './modules/observability/observability.module';
import { ReportsModule } from './modules/reports/reports.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { TriageCallsModule } from './modules/triage-calls/triage-calls.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
}

/**
 * Feature modules; each owns its controllers and services and imports the modules whose services it uses. Only
 * AppConfig and Clock are global (exported by this module): every layer reads them, and tests replace them here.
 */
const FEATURES = [
  AccessModule,
  AuditModule,
  HealthModule,
  UsersModule,
  ClinicSettingsModule,
  DrugLibraryModule,
  AuthModule,
  ProjectionModule,
  PatientsModule,
  PumpsModule,
  DoseProgramsModule,
  RefillsModule,
  AppointmentsModule,
  AlarmsModule,
  WorklistModule,
  FhirModule,
  CalendarFeedModule,
  ExportsModule,
  MetricsModule,
  ReportsModule,
  TriageCallsModule,
  NotificationsModule,
  ImportsModule,
];

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(opts.databaseUrl), retryAttempts: 3, retryDelay: 1000 }),
        // once for the whole app: a second forRoot made a second job registry, and the alarm sweep's cron job
        // was started in one registry while another registered a fresh, never-started copy of it
        ScheduleModule.forRoot(),
        PumpChangesModule,
        ObservabilityModule.register(opts),
        ...FEATURES,
      ],
      providers: [
        { provide: AppConfig, useValue: opts.config },
        { provide: Clock, useValue: opts.clock ?? new Clock() },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        DemoSeedService,
      ],
      exports: [AppConfig, Clock],
    };
  }
}
