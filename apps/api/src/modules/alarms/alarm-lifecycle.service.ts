import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmListItemDto } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { auditedSave } from '../../common/db/audited-save';
import { assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { AlarmNotifier } from '../notifications/alarm-notifier.service';
import { alarmPolicy } from './alarm-policy';
import { AlarmQueries } from './alarm-queries.service';
import { AlarmEntity } from './alarm.entity';
import { AlarmRepository } from './alarm.repository';

const HOUR_MS = 3_600_000;

/**
 * What clinicians do with an alarm (docs/clinical/PROJECTION-AND-ALARMS.md §9): acknowledge, snooze for a bounded time,
 * resolve.
 */
@Injectable()
export class AlarmLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alarms: AlarmRepository,
    private readonly audit: AuditService,
    private readonly queries: AlarmQueries,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
    private readonly notifier: AlarmNotifier,
  ) {}

  acknowledge(actor: Actor, id: string, body: { note?: string; version?: number }): Promise<AlarmListItemDto> {
    return this.act(id, body.version, async (m, a) => {
      // front-desk staff may take note of routine alarms, never of a critical one (a clinician must)
      if (actor.role === 'staff' && a.priority === 'critical') {
        throw new DomainError('FORBIDDEN', 'Critical alarms must be acknowledged by a nurse or physician');
      }
      await this.write(m, a, 'alarm.acknowledge', actor, () => {
        a.status = 'acknowledged';
        a.acknowledgedBy = actor.id;
        a.acknowledgedAt = this.clock.now();
        a.acknowledgeNote = body.note?.trim() || null;
      });
    });
  }

  snooze(actor: Actor, id: string, body: { until: string; reason: string; version?: number }) {
    return this.act(id, body.version, async (m, a) => {
      const now = this.clock.now();
      const until = new Date(body.until);
      if (until.getTime() <= now.getTime()) {
        throw new DomainError('SNOOZE_IN_PAST', 'A snooze must end in the future', { until: body.until });
      }
      const policy = alarmPolicy(await this.settings.get(m));
      const maxHours = a.priority === 'critical' ? policy.maxCriticalSnoozeHours : policy.maxSnoozeHours;
      if (until.getTime() - now.getTime() > maxHours * HOUR_MS) {
        throw new DomainError('SNOOZE_TOO_LONG', `A ${a.priority} alarm can be snoozed for at most ${maxHours} h`, {
          maxHours,
          priority: a.priority,
        });
      }
      await this.write(m, a, 'alarm.snooze', actor, () => {
        a.status = 'snoozed';
        a.snoozedUntil = until;
        a.snoozeReason = body.reason.trim();
      });
    });
  }

  /** A physician's documented review: the only way REFILL_DISCREPANCY and THERAPY_INTERRUPTED close. */
  resolve(actor: Actor, id: string, body: { note: string; version?: number }) {
    return this.act(id, body.version, async (m, a) => {
      // an open call leaves the board only with its outcome recorded (else the next sweep raises it again)
      if (a.code === 'TRIAGE_OPEN') {
        throw new DomainError(
          'TRIAGE_CALL_OPEN',
          'This alarm closes when the outcome of the call is recorded: open the call on the triage screen',
          { triageCallIds: (a.details as { triageCallIds?: string[] } | null)?.triageCallIds ?? [] },
        );
      }
      await this.write(m, a, 'alarm.resolve', actor, () => {
        a.status = 'resolved';
        a.resolvedAt = this.clock.now();
        a.resolvedBy = actor.id;
        a.resolution = body.note.trim();
      });
      await this.notifier.onAlarmChanges(m, [{ alarm: a, kind: 'resolved' }], a.resolvedAt!);
    });
  }

  /** Applies a clinician's change to the locked alarm and saves it with its audit entry (version bumped). */
  private async write(m: EntityManager, a: AlarmEntity, action: string, actor: Actor, change: () => void) {
    const before = snapshot(a);
    change();
    await auditedSave(m, this.audit, actor, action, 'alarm', a, before);
  }

  private async act(
    id: string,
    version: number | undefined,
    work: (m: EntityManager, a: AlarmEntity) => Promise<void>,
  ): Promise<AlarmListItemDto> {
    await this.dataSource.transaction(async (m) => {
      const a = await lockById(m, AlarmEntity, id, 'alarm');
      if (version !== undefined) assertVersion(a.version, version);
      if (a.status === 'resolved') {
        throw new DomainError('ALARM_RESOLVED', 'This alarm is already resolved', { resolvedAt: a.resolvedAt });
      }
      await work(m, a);
      await this.alarms.notify(m, [a.id]);
    });
    return this.queries.get(id);
  }
}
