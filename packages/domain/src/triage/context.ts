/**
 * Builds a triage call's `context` from a pump's records, so that every caller of the engine (the API, a
 * script) reads the pump's state the same way.
 */
import { planningDoseMcgPerDay, programmedDoseMcgPerDay } from '../dosing';
import { formatInstant, parseInstant } from '../time';
import type { DoseProgram, StatusOutput } from '../types';
import type { PumpTriageContext } from './types';

export interface PumpTriageFacts {
  now: string;
  /**
   * The engine's status of the pump at `now`, or null when its records cannot be projected (no fill recorded,
   * no program in force). Unknown is read as low: a withdrawal call cannot be reassured by a projection that
   * does not exist.
   */
  status: Pick<StatusOutput, 'lowReservoirAlarmAt' | 'worstCaseLowReservoirAlarmAt'> | null;
  /** Codes of the pump's unresolved alarms. */
  openAlarms: readonly string[];
  /** Every program of the pump; on equal `effectiveAt` the later one in the array wins (as in the projection). */
  dosePrograms: readonly DoseProgram[];
  lastRefillAt: string | null;
}

/** Reached at or before `now` (an alarm instant of null is never reached within the projection). */
const reached = (at: string | null, nowMs: number) => at !== null && parseInstant(at) <= nowMs;

/**
 * The last instant, at or before `now`, at which the dose in force went up: a first start, a restart from 0,
 * or a program whose programmed or planning dose (boluses included) is higher than the one it replaced.
 * Both doses count: a larger bolus allowance is more possible exposure even at the same basal dose.
 */
export function lastDoseIncreaseAt(programs: readonly DoseProgram[], now: string): string | null {
  const nowMs = parseInstant(now, 'now');
  const timed = programs
    .map((p, index) => ({ p, index, atMs: parseInstant(p.effectiveAt, 'effectiveAt') }))
    .filter((x) => x.atMs <= nowMs)
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  let previous: { programmed: number; planning: number } | null = null;
  let lastIncreaseMs: number | null = null;
  for (let i = 0; i < timed.length; i++) {
    // of programs taking effect at the same instant, only the last one is ever in force
    if (i + 1 < timed.length && timed[i + 1].atMs === timed[i].atMs) continue;
    const dose = { programmed: programmedDoseMcgPerDay(timed[i].p), planning: planningDoseMcgPerDay(timed[i].p) };
    const increase =
      previous === null
        ? dose.planning > 0
        : dose.programmed > previous.programmed || dose.planning > previous.planning;
    if (increase) lastIncreaseMs = timed[i].atMs;
    previous = dose;
  }
  return lastIncreaseMs === null ? null : formatInstant(lastIncreaseMs);
}

/** The engine's triage `context` for a call about a patient with this pump. */
export function triageContextFromPump(f: PumpTriageFacts): PumpTriageContext {
  const nowMs = parseInstant(f.now, 'now');
  const unknown = f.status === null;
  return {
    reservoirAtOrBelowAlarm: unknown || reached(f.status!.lowReservoirAlarmAt, nowMs),
    pastWorstCaseAlarm: unknown || reached(f.status!.worstCaseLowReservoirAlarmAt, nowMs),
    openAlarms: [...new Set(f.openAlarms)].sort(),
    lastDoseIncreaseAt: lastDoseIncreaseAt(f.dosePrograms, f.now),
    lastRefillAt: f.lastRefillAt === null ? null : formatInstant(parseInstant(f.lastRefillAt, 'lastRefillAt')),
  };
}
