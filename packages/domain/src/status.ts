/** The `status` kind: where a pump stands now. */
import { statusAlarms } from './alarms';
import { refillDueOfModel } from './due-date';
import { outputInstant, roundHalfAwayFromZero, roundRateMlPerDay, roundVolumeMl } from './format';
import { programInForce, projectionInstants, projectionSegments, reservoirAtMl } from './projection';
import type { StatusInput, StatusModel, StatusOutput } from './types';
import { validateStatusInput } from './validate';

export function statusFromModel(model: StatusModel): StatusOutput {
  // Validation guarantees a program at lastRefill.at, hence at now ≥ lastRefill.at.
  const program = programInForce(model.programs, model.nowMs)!;
  const segments = projectionSegments(model);
  const instants = projectionInstants(model, segments);
  const due = refillDueOfModel(model, instants);
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
    reservoirNowMl: roundVolumeMl(reservoirAtMl(segments, model.startVolumeMl, model.nowMs)),
    lowReservoirAlarmAt: outputInstant(instants.lowReservoirAlarmAtMs),
    worstCaseLowReservoirAlarmAt: outputInstant(instants.worstCaseLowReservoirAlarmAtMs),
    projectedEmptyAt: outputInstant(instants.projectedEmptyAtMs),
    worstCaseEmptyAt: outputInstant(instants.worstCaseEmptyAtMs),
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
