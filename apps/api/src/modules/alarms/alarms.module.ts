import { Module } from '@nestjs/common';
import { NotificationOutboxModule } from '../notifications/notification-outbox.module';
import { AlarmLifecycleService } from './alarm-lifecycle.service';
import { AlarmQueries } from './alarm-queries.service';
import { AlarmStream } from './alarm-stream.service';
import { AlarmSweepScheduler } from './alarm-sweep.scheduler';
import { AlarmsController } from './alarms.controller';
import { AlarmsService } from './alarms.service';

@Module({
  imports: [NotificationOutboxModule],
  controllers: [AlarmsController],
  providers: [AlarmsService, AlarmQueries, AlarmLifecycleService, AlarmStream, AlarmSweepScheduler],
  exports: [AlarmsService, AlarmQueries],
})
export class AlarmsModule {}
