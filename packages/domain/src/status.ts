/** The `status` kind: where a pump stands now. */
import { statusAlarms } from './alarms';
import { refillDueOfModel, type RefillDue } from './due-date';
import { outputInstant, roundHalfAwayFromZero, roundRateMlPerDay, roundVolumeMl } from './format';
import {
  programInForce,
  projectionInstants,
  projectionSegments,
  reservoirAtMl,
  type ProjectionInstants,
  type RateSegment,
} from './projection';
import type { StatusInput, StatusModel, StatusOutput } from './types';
import { validateStatusInput } from './validate';

/**
 * The part of a status that does not depend on `now`: the projection from the last refill (its segments and the
 * alarm and empty instants) and the refill due date. A caller that keeps a model for many instants (the API, per
 * pump) computes it once and passes it to statusFromModel / reservoirNowMl with each `now`.
 */
export interface StatusProjection {
  segments: RateSegment[];
  instants: ProjectionInstants;
  due: RefillDue;
  lowReservoirAlarmAt: string | null;
  worstCaseLowReservoirAlarmAt: string | null;
  projectedEmptyAt: string | null;
  worstCaseEmptyAt: string | null;
}

/** The now-independent part of `statusFromModel` (throws NO_DOSE_PROGRAM as it does). */
export function statusProjection(model: StatusModel): StatusProjection {
  const segments = projectionSegments(model);
  const instants = projectionInstants(model, segments);
  return {
    segments,
    instants,
    due: refillDueOfModel(model, instants),
    lowReservoirAlarmAt: outputInstant(instants.lowReservoirAlarmAtMs),
    worstCaseLowReservoirAlarmAt: outputInstant(instants.worstCaseLowReservoirAlarmAtMs),
    projectedEmptyAt: outputInstant(instants.projectedEmptyAtMs),
    worstCaseEmptyAt: outputInstant(instants.worstCaseEmptyAtMs),
  };
}

/** The status's `reservoirNowMl` at `model.nowMs`. */
export function reservoirNowMl(model: StatusModel, projection: StatusProjection = statusProjection(model)): number {
  return roundVolumeMl(reservoirAtMl(projection.segments, model.startVolumeMl, model.nowMs));
}

export function statusFromModel(
  model: StatusModel,
  projection: StatusProjection = statusProjection(model),
): StatusOutput {
  // Validation guarantees a program at lastRefill.at, hence at now ≥ lastRefill.at.
  const program = programInForce(model.programs, model.nowMs)!;
  const { instants, due } = projection;
  const alarms = statusAlarms({
    nowMs: model.nowMs,
    timeZone: model.timeZone,
    refillDueDate: due.refillDueDate,
    lowReservoirAlarmAtMs: instants.lowReservoirAlarmAtMs,
    worstCaseLowReservoirAlarmAtMs: instants.worstCaseLowReservoirAlarmAtMs,
    projectedEmptyAtMs: instants.projectedEmptyAtMs,
    appointmentAtMs: model.appointmentAtMs,
    highRisk: model.highRisk,
    policy: model.policy,
  });
  return {
    programmedDoseMcgPerDay: program.programmedDoseMcgPerDay,
    planningDoseMcgPerDay: program.planningDoseMcgPerDay,
    rateMlPerDay: roundRateMlPerDay(program.planningDoseMcgPerDay / model.concentrationMcgPerMl),
    reservoirNowMl: reservoirNowMl(model, projection),
    lowReservoirAlarmAt: projection.lowReservoirAlarmAt,
    worstCaseLowReservoirAlarmAt: projection.worstCaseLowReservoirAlarmAt,
    projectedEmptyAt: projection.projectedEmptyAt,
    worstCaseEmptyAt: projection.worstCaseEmptyAt,
    refillDueDate: due.refillDueDate,
    refillDueReason: due.refillDueReason,
    alarms,
    worstCaseFactor: roundHalfAwayFromZero(model.worstCaseFactor, 4),
  };
}

/** Validates (throws EngineError) and computes the `status` output. */
export function computeStatus(input: StatusInput): StatusOutput {
  return statusFromModel(validateStatusInput(input));
}
