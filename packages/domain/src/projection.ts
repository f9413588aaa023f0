/**
 * Reservoir projection: a piecewise-linear function over dose-program segments, solved exactly per
 * segment (no day stepping). Instants are epoch ms; crossing instants are rounded to the millisecond
 * so the same instant drives decisions, local dates and output.
 */
import { EngineError } from './errors';
import { MAX_OUTPUT_INSTANT_MS, MS_PER_DAY } from './time';
import type { ProgramModel, ProjectionModel } from './types';

export interface RateSegment {
  startMs: number;
  rateMlPerDay: number;
}

/** Latest program with effectiveAt ≤ at; programs are stably sorted, so on ties the later input entry wins. */
export function programInForce<T extends { effectiveAtMs: number }>(programs: readonly T[], atMs: number): T | null {
  let found: T | null = null;
  for (const program of programs) {
    if (program.effectiveAtMs > atMs) break;
    found = program;
  }
  return found;
}

/**
 * Rate segments from `fromMs` on: the program in force then, then every later change (last entry wins
 * on equal effectiveAt). Consecutive equal rates are merged so that splitting a program changes nothing.
 */
export function rateSegments(
  programs: readonly ProgramModel[],
  fromMs: number,
  concentrationMcgPerMl: number,
): RateSegment[] {
  const first = programInForce(programs, fromMs);
  if (!first) throw new EngineError('NO_DOSE_PROGRAM', 'no dose program is in force at lastRefill.at');
  const segments: RateSegment[] = [
    { startMs: fromMs, rateMlPerDay: first.planningDoseMcgPerDay / concentrationMcgPerMl },
  ];
  for (const program of programs) {
    if (program.effectiveAtMs <= fromMs) continue;
    const rateMlPerDay = program.planningDoseMcgPerDay / concentrationMcgPerMl;
    const last = segments[segments.length - 1];
    if (last.startMs === program.effectiveAtMs) last.rateMlPerDay = rateMlPerDay;
    else segments.push({ startMs: program.effectiveAtMs, rateMlPerDay });
  }
  return segments.filter((segment, i) => i === 0 || segment.rateMlPerDay !== segments[i - 1].rateMlPerDay);
}

export function projectionSegments(model: ProjectionModel): RateSegment[] {
  return rateSegments(model.programs, model.lastRefillAtMs, model.concentrationMcgPerMl);
}

/** Reservoir volume at an instant (never below 0); before the first segment it is the start volume. */
export function reservoirAtMl(
  segments: readonly RateSegment[],
  startVolumeMl: number,
  atMs: number,
  factor = 1,
): number {
  let volumeMl = startVolumeMl;
  for (let i = 0; i < segments.length; i++) {
    const startMs = segments[i].startMs;
    if (atMs <= startMs) break;
    const endMs = Math.min(segments[i + 1]?.startMs ?? Infinity, atMs);
    volumeMl -= (segments[i].rateMlPerDay * factor * (endMs - startMs)) / MS_PER_DAY;
    if (volumeMl <= 0) return 0;
  }
  return volumeMl;
}

/**
 * First instant at which the reservoir reaches `levelMl`: the first segment start when already there,
 * null when never reached (rate 0 from some point on, or beyond year 9999).
 */
export function instantReachingLevel(
  segments: readonly RateSegment[],
  startVolumeMl: number,
  levelMl: number,
  factor = 1,
): number | null {
  if (segments.length === 0) return null;
  if (startVolumeMl <= levelMl) return segments[0].startMs;
  let volumeMl = startVolumeMl;
  for (let i = 0; i < segments.length; i++) {
    const startMs = segments[i].startMs;
    const endMs = segments[i + 1]?.startMs ?? Infinity;
    const rateMlPerDay = segments[i].rateMlPerDay * factor;
    if (rateMlPerDay > 0) {
      const reachMs = startMs + ((volumeMl - levelMl) / rateMlPerDay) * MS_PER_DAY;
      if (reachMs <= endMs) {
        const rounded = Math.round(reachMs);
        return rounded > MAX_OUTPUT_INSTANT_MS ? null : rounded;
      }
    }
    if (endMs !== Infinity) volumeMl -= (rateMlPerDay * (endMs - startMs)) / MS_PER_DAY;
  }
  return null;
}

export interface ProjectionInstants {
  lowReservoirAlarmAtMs: number | null;
  worstCaseLowReservoirAlarmAtMs: number | null;
  projectedEmptyAtMs: number | null;
  worstCaseEmptyAtMs: number | null;
}

/** The four crossing instants of the contract: nominal and worst case (every rate × factor from lastRefill.at). */
export function projectionInstants(model: ProjectionModel, segments = projectionSegments(model)): ProjectionInstants {
  const { startVolumeMl: v0, lowReservoirAlarmMl: alarmMl, worstCaseFactor: factor } = model;
  return {
    lowReservoirAlarmAtMs: instantReachingLevel(segments, v0, alarmMl),
    worstCaseLowReservoirAlarmAtMs: instantReachingLevel(segments, v0, alarmMl, factor),
    projectedEmptyAtMs: instantReachingLevel(segments, v0, 0),
    worstCaseEmptyAtMs: instantReachingLevel(segments, v0, 0, factor),
  };
}
