import type { AlarmCode, AlarmPriority } from '@pumpwatch/contracts';
import {
  applyHighRisk,
  batteryStopDate,
  clinicInstant,
  deviceAlarms,
  triageAlarmPriority,
  FACT_ALARM_PRIORITY,
  type Alarm,
  type DeviceFacts,
  type FactAlarmCode,
  therapyAlarms,
  type StatusOutput,
  type TherapyEvent,
} from '@pumpwatch/domain';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import type { PumpContext } from '../projection/pump-context';
import { ENGINE_MODEL } from '../pumps/pump-model';
import type { PumpFacts } from './alarm-facts.loader';

export interface DesiredAlarm {
  code: AlarmCode;
  priority: AlarmPriority;
  details: Record<string, unknown> | null;
}

/**
 * Alarms a physician must close with a documented review: never auto-resolved (docs/clinical/PROJECTION-AND-ALARMS.md
 * §6, §9).
 */
export const PHYSICIAN_ONLY_CODES: readonly AlarmCode[] = ['REFILL_DISCREPANCY', 'THERAPY_INTERRUPTED'];

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Battery: the engine's rules, with the printout's expected end as a clinic-local date. */
export function deviceFacts(ctx: PumpContext, facts: PumpFacts, now: Date, settings: ClinicSettings): DeviceFacts {
  return {
    now: now.toISOString(),
    timeZone: settings.timeZone,
    pumpModel: ENGINE_MODEL[ctx.model],
    implantedAt: ctx.implantedAt.toISOString(),
    expectedBatteryEndAt: facts.eriDate ? clinicInstant(facts.eriDate, '00:00', settings.timeZone) : null,
    eriRecordedAt: iso(facts.eriReportedAt),
    highRisk: false,
    policy: settings.policy,
  };
}

/** The stop and restart events the therapy rules read: the latest of each kind the facts hold. */
export function therapyEvents(facts: PumpFacts): TherapyEvent[] {
  const events: TherapyEvent[] = [];
  if (facts.interruption) events.push({ type: facts.interruption.type, at: facts.interruption.at });
  if (facts.restart) events.push({ type: 'RESTARTED', at: facts.restart.at });
  return events;
}

/**
 * Every alarm that should be active for one pump now: the engine's projection alarms plus the stored-fact
 * alarms. Details hold only values that change with the facts (never with `now`), so re-evaluating an
 * unchanged pump yields identical alarms and the reconciler writes nothing.
 */
export function desiredAlarms(
  ctx: PumpContext,
  status: StatusOutput | null,
  facts: PumpFacts,
  now: Date,
  settings: ClinicSettings,
  /** deviceFacts(ctx, facts, now, settings), when the caller already built them. */
  device?: DeviceFacts,
): DesiredAlarm[] {
  if (ctx.explantedAt) return [];
  const out: DesiredAlarm[] = [];

  // Projection alarms come from the engine already escalated for high-risk patients.
  for (const a of status?.alarms ?? []) {
    out.push({
      code: a.code,
      priority: a.priority,
      details: {
        refillDueDate: status!.refillDueDate,
        lowReservoirAlarmAt: status!.lowReservoirAlarmAt,
        worstCaseLowReservoirAlarmAt: status!.worstCaseLowReservoirAlarmAt,
        projectedEmptyAt: status!.projectedEmptyAt,
        appointmentAt: iso(ctx.nextAppointmentAt),
      },
    });
  }

  const fact: { alarm: Alarm<FactAlarmCode>; details: Record<string, unknown> | null }[] = [];
  const add = (code: FactAlarmCode, details: Record<string, unknown> | null) =>
    fact.push({ alarm: { code, priority: FACT_ALARM_PRIORITY[code] }, details });

  const refill = facts.lastRefill;
  if (refill && refill.discrepancy !== 'NONE' && !facts.resolvedRefillIds.has(refill.id)) {
    add('REFILL_DISCREPANCY', {
      refillId: refill.id,
      refillIds: [refill.id],
      refillAt: refill.at.toISOString(),
      discrepancy: refill.discrepancy,
      discrepancyMl: refill.discrepancyMl,
    });
  }

  if (facts.therapyInterrupted) {
    // keyed by the interrupting event so a physician's resolution is not undone by the next sweep
    const eventId = facts.interruption?.eventId ?? `pump:${ctx.pumpId}`;
    if (!facts.resolvedInterruptionIds.has(eventId)) {
      add('THERAPY_INTERRUPTED', {
        eventId,
        eventType: facts.interruption?.type ?? null,
        eventAt: iso(facts.interruption?.at),
      });
    }
  }

  if (facts.mriCheckDue) add('MRI_CHECK_DUE', null);

  for (const a of deviceAlarms(device ?? deviceFacts(ctx, facts, now, settings))) {
    if (a.code === 'BATTERY_ERI_SOON') add('BATTERY_ERI_SOON', { eriDate: facts.eriDate });
    if (a.code === 'BATTERY_ERI_REACHED') {
      const reportedAt = facts.eriReportedAt!.toISOString();
      add('BATTERY_ERI_REACHED', {
        eriReportedAt: reportedAt,
        stopByDate: batteryStopDate(reportedAt, settings.timeZone),
      });
    }
  }

  if (facts.missedAppointments.length) {
    add('APPOINTMENT_MISSED', {
      appointmentIds: facts.missedAppointments.map((a) => a.id),
      latestAt: facts.missedAppointments[facts.missedAppointments.length - 1].at.toISOString(),
    });
  }

  if (facts.unverifiedPrograms.length) {
    add('DOSE_UNVERIFIED', { doseProgramIds: facts.unverifiedPrograms.map((p) => p.id) });
  }

  const escalated = applyHighRisk(
    fact.map((f) => f.alarm),
    ctx.highRisk,
  );
  fact.forEach((f, i) => out.push({ code: f.alarm.code, priority: escalated[i].priority, details: f.details }));

  // A programmed stop is a standing withdrawal risk; a restart is watched for over-infusion (engine rules,
  // high-risk escalation included).
  for (const a of therapyAlarms({
    programs: ctx.programs,
    events: therapyEvents(facts),
    now,
    highRisk: ctx.highRisk,
  })) {
    out.push({ code: a.code, priority: a.priority, details: a.details });
  }

  // A call about symptoms stays on the board until its outcome is recorded; the most urgent open call sets
  // the priority (the engine's rule, high-risk escalation included).
  const calls = facts.openTriageCalls;
  const triagePriority = triageAlarmPriority(
    calls.map((c) => c.urgency),
    ctx.highRisk,
  );
  if (triagePriority) {
    out.push({
      code: 'TRIAGE_OPEN',
      priority: triagePriority,
      details: { triageCallIds: calls.map((c) => c.id), urgencies: calls.map((c) => c.urgency) },
    });
  }
  return out;
}

/**
 * Details to store when a desired alarm meets the stored unresolved one: a discrepancy alarm still open
 * accumulates every flagged refill, so the physician's single review covers all of them.
 */
export function mergeDetails(
  code: AlarmCode,
  stored: Record<string, unknown> | null,
  desired: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (code !== 'REFILL_DISCREPANCY' || !stored || !desired) return desired;
  const ids = [...(Array.isArray(stored.refillIds) ? (stored.refillIds as string[]) : [])];
  for (const id of desired.refillIds as string[]) if (!ids.includes(id)) ids.push(id);
  return { ...desired, refillIds: ids };
}
