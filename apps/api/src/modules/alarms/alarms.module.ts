import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/auth/access.module';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { MonitoringModule } from '../observability/monitoring.module';
import { ProjectionModule } from '../projection/projection.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { NotificationOutboxModule } from '../notifications/notification-outbox.module';
import { AlarmLifecycleService } from './alarm-lifecycle.service';
import { AlarmQueries } from './alarm-queries.service';
import { AlarmStream } from './alarm-stream.service';
import { AlarmSweepScheduler } from './alarm-sweep.scheduler';
import { AlarmRepository } from './alarm.repository';
import { AlarmsController } from './alarms.controller';
import { AlarmsService } from './alarms.service';

@Module({
  imports: [
    AccessModule,
    AuditModule,
    ClinicSettingsModule,
    MonitoringModule,
    ProjectionModule,
    PumpChangesModule,
    NotificationOutboxModule,
  ],
  controllers: [AlarmsController],
  providers: [AlarmsService, AlarmRepository, AlarmQueries, AlarmLifecycleService, AlarmStream, AlarmSweepScheduler],
  exports: [AlarmsService, AlarmQueries],
})
export class AlarmsModule {}
