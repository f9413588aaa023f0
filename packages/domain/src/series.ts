/**
 * Reservoir time series for charts: the projection is linear between program changes, so points at
 * lastRefill.at, at every program change and at the end draw it exactly.
 */
import { outputInstant, roundVolumeMl } from './format';
import { projectionInstants, projectionSegments, reservoirAtMl } from './projection';
import { formatInstant, MS_PER_DAY, parseInstant } from './time';
import type { ProjectionInput, ProjectionModel } from './types';
import { validateProjection } from './validate';

export interface SeriesPoint {
  at: string;
  reservoirMl: number;
}

export interface ReservoirSeries {
  alarmLevelMl: number;
  lowReservoirAlarmAt: string | null;
  worstCaseLowReservoirAlarmAt: string | null;
  projectedEmptyAt: string | null;
  worstCaseEmptyAt: string | null;
  nominal: SeriesPoint[];
  worstCase: SeriesPoint[];
}

export interface SeriesOptions {
  /** End of the chart when the reservoir never empties (rate 0); default lastRefill.at + maxRefillIntervalDays. */
  endAt?: string;
}

/** Sample instants: lastRefill.at, every program change before the end (also bolus-only changes), the end. */
function sampleTimes(model: ProjectionModel, endMs: number): number[] {
  const changes = model.programs.map((p) => p.effectiveAtMs).filter((t) => t > model.lastRefillAtMs && t < endMs);
  const times = [model.lastRefillAtMs, ...changes, endMs];
  return times.filter((t, i) => i === 0 || t !== times[i - 1]);
}

export function seriesFromModel(model: ProjectionModel, options: SeriesOptions = {}): ReservoirSeries {
  const segments = projectionSegments(model);
  const instants = projectionInstants(model, segments);
  const fallbackEndMs =
    options.endAt !== undefined
      ? parseInstant(options.endAt, 'endAt')
      : model.lastRefillAtMs + model.policy.maxRefillIntervalDays * MS_PER_DAY;
  const build = (factor: number, emptyAtMs: number | null): SeriesPoint[] =>
    sampleTimes(model, Math.max(emptyAtMs ?? fallbackEndMs, model.lastRefillAtMs)).map((t) => ({
      at: formatInstant(t),
      reservoirMl: roundVolumeMl(reservoirAtMl(segments, model.startVolumeMl, t, factor)),
    }));
  return {
    alarmLevelMl: roundVolumeMl(model.lowReservoirAlarmMl),
    lowReservoirAlarmAt: outputInstant(instants.lowReservoirAlarmAtMs),
    worstCaseLowReservoirAlarmAt: outputInstant(instants.worstCaseLowReservoirAlarmAtMs),
    projectedEmptyAt: outputInstant(instants.projectedEmptyAtMs),
    worstCaseEmptyAt: outputInstant(instants.worstCaseEmptyAtMs),
    nominal: build(1, instants.projectedEmptyAtMs),
    worstCase: build(model.worstCaseFactor, instants.worstCaseEmptyAtMs),
  };
}

/** Validates (throws EngineError) and builds the chart series from lastRefill.at to the empty instant. */
export function reservoirSeries(input: ProjectionInput, options: SeriesOptions = {}): ReservoirSeries {
  return seriesFromModel(validateProjection(input), options);
}
