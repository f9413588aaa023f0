import { Module } from '@nestjs/common';
import { AlarmNotifier } from './alarm-notifier.service';

/**
 * The write side of notifications that alarm changes need inside their own transaction. Kept apart from
 * NotificationsModule (worker, routes, schedules) so the alarm engine depends on nothing more.
 */
@Module({ providers: [AlarmNotifier], exports: [AlarmNotifier] })
export class NotificationOutboxModule {}
