import {
  computeStatus,
  isEngineError,
  localDate,
  roundHalfAwayFromZero,
  type Policy,
  type StatusInput,
} from '@pumpwatch/domain';
import type { PumpModel } from '@pumpwatch/contracts';
import { ENGINE_MODEL } from '../pumps/pump-model';

const MS_PER_DAY = 86_400_000;

/** A refill with the refill before it on the same pump (null for the initial fill). */
export interface RefillPair {
  id: string;
  pumpId: string;
  at: Date;
  discrepancy: string;
  previous: { at: Date; volumeAddedMl: number; concentrationMcgPerMl: number; beyondUseDays: number | null } | null;
  pump: {
    model: PumpModel;
    reservoirCapacityMl: number;
    lowReservoirAlarmMl: number;
    worstCaseFactor: number | null;
    discrepancyThresholdMl: number | null;
  };
  highRisk: boolean;
  /** Programs with effectiveAt ≤ this refill, ordered (the engine picks the one in force). */
  programs: StatusInput['dosePrograms'];
}

/** How one refill stood against what the engine projected at the previous refill. */
export interface RefillTiming {
  refillId: string;
  month: string;
  dueDate: string;
  refillDate: string;
  onOrBeforeDueDate: boolean;
  beforeAlarm: boolean;
  /** nominal low-reservoir alarm − refill, in days (null when the projection never alarms) */
  marginDays: number | null;
}

/**
 * Replays the engine as it stood right after the previous refill: `now` = previous refill, the dose programs
 * in force during the interval (a mid-interval dose change moves the dates, and the clinic saw that), no
 * appointment (it does not move due or alarm dates). The patient's current high-risk flag is used (no history).
 * Null when the interval cannot be projected (e.g. no program at the previous refill).
 */
export function refillTiming(r: RefillPair, timeZone: string, policy: Policy): RefillTiming | null {
  if (!r.previous) return null;
  const input: StatusInput = {
    kind: 'status',
    now: r.previous.at.toISOString(),
    timeZone,
    patient: { highRisk: r.highRisk },
    pump: { ...r.pump, model: ENGINE_MODEL[r.pump.model] },
    lastRefill: {
      at: r.previous.at.toISOString(),
      reservoirVolumeAfterMl: r.previous.volumeAddedMl,
      concentrationMcgPerMl: r.previous.concentrationMcgPerMl,
      beyondUseDays: r.previous.beyondUseDays,
    },
    dosePrograms: r.programs,
    appointmentAt: null,
    policy,
  };
  let status;
  try {
    status = computeStatus(input);
  } catch (e) {
    if (isEngineError(e)) return null;
    throw e;
  }
  const refillDate = localDate(r.at.getTime(), timeZone);
  const alarmMs = status.lowReservoirAlarmAt ? Date.parse(status.lowReservoirAlarmAt) : null;
  return {
    refillId: r.id,
    month: refillDate.slice(0, 7),
    dueDate: status.refillDueDate,
    refillDate,
    onOrBeforeDueDate: refillDate <= status.refillDueDate,
    beforeAlarm: alarmMs === null || r.at.getTime() < alarmMs,
    marginDays: alarmMs === null ? null : (alarmMs - r.at.getTime()) / MS_PER_DAY,
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Percentage to one decimal; null when there is nothing to divide by (never a misleading 0 %). */
export const pct = (part: number, whole: number): number | null =>
  whole ? roundHalfAwayFromZero((part / whole) * 100, 1) : null;

export const round1 = (v: number | null): number | null => (v === null ? null : roundHalfAwayFromZero(v, 1));
