import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { WorklistModule } from '../worklist/worklist.module';
import { ChannelsService } from './channels.service';
import { DeliveryWorker } from './delivery-worker.service';
import { DigestService } from './digest.service';
import { EscalationService } from './escalation.service';
import { NotificationOutboxModule } from './notification-outbox.module';
import { NotificationScheduler } from './notification-scheduler';
import {
  ChannelsController,
  NotificationPrefsController,
  NotificationsController,
  OnCallController,
} from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { OnCallService } from './on-call.service';
import { RemindersService } from './reminders.service';
import { Mailer } from './transports';

/** Alarms that reach people: channels, on-call rota, preferences, delivery worker, escalation, digest, reminders. */
@Module({
  imports: [AuditModule, ClinicSettingsModule, NotificationOutboxModule, WorklistModule],
  controllers: [ChannelsController, OnCallController, NotificationPrefsController, NotificationsController],
  providers: [
    ChannelsService,
    OnCallService,
    NotificationsService,
    Mailer,
    DeliveryWorker,
    EscalationService,
    DigestService,
    RemindersService,
    NotificationScheduler,
  ],
  exports: [DeliveryWorker, NotificationScheduler],
})
export class NotificationsModule {}
