/**
 * A pump's dose programs and pump events as stored records (API rows, web DTOs), put in order for the rules
 * that look back over them: the dose check's context and the therapy alarms.
 */
import { EngineError } from '../errors';
import { parseInstant } from '../time';

/** A stored dose program: what the API and web hold (instants as ISO strings or Dates). */
export interface TherapyProgram {
  effectiveAt: string | Date;
  /** When it was recorded: on equal effectiveAt the later-recorded program is the one in force. */
  createdAt: string | Date;
  /** Basal or flex daily total, boluses excluded. */
  programmedDoseMcgPerDay: number;
  bolusDoseMcg?: number | null;
  maxBolusesPerDay?: number | null;
}

export interface TherapyEvent {
  type: string;
  at: string | Date;
}

/** Events after which the pump delivers nothing until a physician decides the restart. */
export const INTERRUPTING_EVENT_TYPES = ['EMPTY_RESERVOIR', 'MOTOR_STALL', 'PUMP_STOPPED'] as const;
/** The physician's recorded restart decision. */
export const RESTART_EVENT_TYPE = 'RESTARTED';

export interface TimedProgram {
  effectiveAtMs: number;
  createdAtMs: number;
  program: TherapyProgram;
}

export function instantMs(value: string | Date, path: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw new EngineError('INVALID_INSTANT', `${path}: invalid date`);
    return ms;
  }
  if (typeof value !== 'string') throw new EngineError('INVALID_INPUT', `${path}: must be an instant`);
  return parseInstant(value, path);
}

/** Sorted by effectiveAt, then createdAt, then input order: the last of equal effectiveAt is the one in force. */
export function orderedPrograms(programs: readonly TherapyProgram[]): TimedProgram[] {
  return programs
    .map((program, index) => {
      const dose = program.programmedDoseMcgPerDay;
      if (typeof dose !== 'number' || !Number.isFinite(dose) || dose < 0) {
        throw new EngineError('INVALID_INPUT', `programs[${index}].programmedDoseMcgPerDay: must be a number ≥ 0`);
      }
      return {
        timed: {
          effectiveAtMs: instantMs(program.effectiveAt, `programs[${index}].effectiveAt`),
          createdAtMs: instantMs(program.createdAt, `programs[${index}].createdAt`),
          program,
        },
        index,
      };
    })
    .sort(
      (a, b) =>
        a.timed.effectiveAtMs - b.timed.effectiveAtMs || a.timed.createdAtMs - b.timed.createdAtMs || a.index - b.index,
    )
    .map(({ timed }) => timed);
}

/** Only the programs ever in force: of several taking effect at one instant, the last. */
export function programsInForceOrder(ordered: readonly TimedProgram[]): TimedProgram[] {
  return ordered.filter((p, i) => ordered[i + 1]?.effectiveAtMs !== p.effectiveAtMs);
}

export interface TimedEvent {
  type: string;
  atMs: number;
}

export function orderedEvents(events: readonly TherapyEvent[]): TimedEvent[] {
  return events
    .map((event, index) => ({ type: event.type, atMs: instantMs(event.at, `events[${index}].at`) }))
    .sort((a, b) => a.atMs - b.atMs);
}

export const isInterrupting = (type: string): boolean => (INTERRUPTING_EVENT_TYPES as readonly string[]).includes(type);
