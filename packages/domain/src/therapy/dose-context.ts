/**
 * The dose check's context from a pump's stored programs and events, so that the API and the screens hand the
 * engine the same `current`, `lastNonZero`, `interruption` and `history` (docs/clinical/DOSE-AND-REFILL-RULES.md
 * §3, §7) without a clinical rule of their own.
 */
import { MS_PER_DAY } from '../time';
import type { CurrentDose, DoseHistoryEntry, DoseInterruption, DoseLevel } from '../types';
import {
  instantMs,
  isInterrupting,
  orderedEvents,
  orderedPrograms,
  RESTART_EVENT_TYPE,
  type TherapyEvent,
  type TherapyProgram,
  type TimedProgram,
} from './timeline';

export interface DoseChangeContextArgs {
  programs: readonly TherapyProgram[];
  events: readonly TherapyEvent[];
  /** When the proposed program takes effect (the history window ends there). */
  proposedEffectiveAt: string | Date;
  /** How far back `history` reaches; default 90 days (the engine's stacked-increase rule looks at 30). */
  historyDays?: number;
}

export interface DoseChangeContext {
  current: CurrentDose | null;
  lastNonZero: DoseLevel | null;
  interruption: DoseInterruption | null;
  history: DoseHistoryEntry[];
}

export const DOSE_HISTORY_DAYS = 90;

/** Full millisecond precision: the 24-hour rules must not gain a second by truncation. */
const iso = (ms: number) => new Date(ms).toISOString();

function level(p: TimedProgram): DoseLevel {
  return {
    doseMcgPerDay: p.program.programmedDoseMcgPerDay,
    bolusDoseMcg: p.program.bolusDoseMcg ?? null,
    maxBolusesPerDay: p.program.maxBolusesPerDay ?? null,
  };
}

/**
 * A program "recorded after" an interruption both takes effect at or after it began and was created at or after
 * it: a change scheduled before the pump stopped is no restart decision, and a back-dated entry takes effect
 * before the stop. Either way the interruption stays open (the safer reading).
 */
const restartsAfter = (p: TimedProgram, sinceMs: number) =>
  p.program.programmedDoseMcgPerDay > 0 && p.effectiveAtMs >= sinceMs && p.createdAtMs >= sinceMs;

/**
 * The latest interruption not yet followed by a program with a dose > 0. Several stops with no restart program
 * between them are one interruption, dated from the first (a longer stop is judged more cautiously); the
 * restart counts as recorded only when RESTARTED was recorded at or after the latest stop.
 */
function openInterruption(programs: readonly TimedProgram[], events: readonly TherapyEvent[]): DoseInterruption | null {
  const ordered = orderedEvents(events);
  const stops = ordered.filter((e) => isInterrupting(e.type));
  if (stops.length === 0) return null;
  const latest = stops[stops.length - 1];
  const closed = (sinceMs: number) => programs.some((p) => restartsAfter(p, sinceMs));
  if (closed(latest.atMs)) return null;
  let sinceMs = latest.atMs;
  for (let i = stops.length - 2; i >= 0 && !closed(stops[i].atMs); i--) sinceMs = stops[i].atMs;
  const restartRecorded = ordered.some((e) => e.type === RESTART_EVENT_TYPE && e.atMs >= latest.atMs);
  return { since: iso(sinceMs), restartRecorded };
}

export function doseChangeContext(args: DoseChangeContextArgs): DoseChangeContext {
  const programs = orderedPrograms(args.programs);
  const proposedMs = instantMs(args.proposedEffectiveAt, 'proposedEffectiveAt');
  // The latest by effectiveAt, one not yet in force included: a new program replaces it.
  const latest = programs[programs.length - 1] ?? null;
  const earlier = programs.slice(0, -1);
  const current: CurrentDose | null = latest ? { ...level(latest), changedAt: iso(latest.effectiveAtMs) } : null;

  let lastNonZero: DoseLevel | null = null;
  if (latest && latest.program.programmedDoseMcgPerDay === 0) {
    const found = [...earlier].reverse().find((p) => p.program.programmedDoseMcgPerDay > 0);
    lastNonZero = found ? level(found) : null;
  }

  // Programs from the one in force at the window's start on (the current one is passed as `current`).
  const windowStartMs = proposedMs - (args.historyDays ?? DOSE_HISTORY_DAYS) * MS_PER_DAY;
  let first = 0;
  earlier.forEach((p, i) => {
    if (p.effectiveAtMs <= windowStartMs) first = i;
  });
  const history = earlier.slice(first).map((p) => ({ ...level(p), effectiveAt: iso(p.effectiveAtMs) }));

  return { current, lastNonZero, interruption: openInterruption(programs, args.events), history };
}
