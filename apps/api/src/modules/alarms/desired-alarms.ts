import type { AlarmCode, AlarmPriority } from '@pumpwatch/contracts';
import {
  clinicInstant,
  factAlarms,
  mergeAlarmDetails,
  PHYSICIAN_ONLY_CODES,
  triageAlarmPriority,
  type DeviceFacts,
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

/** Alarms a physician must close with a documented review: never auto-resolved (the engine's list). */
export { PHYSICIAN_ONLY_CODES };

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

  // Stored-fact alarms: the engine's rules (which facts raise which alarm, its details, high-risk escalation).
  for (const a of factAlarms(facts, {
    pumpId: ctx.pumpId,
    highRisk: ctx.highRisk,
    device: device ?? deviceFacts(ctx, facts, now, settings),
  })) {
    out.push(a);
  }

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

/** Details to store when a desired alarm meets the stored unresolved one (the engine's rule). */
export const mergeDetails = mergeAlarmDetails;
