import { batteryStopDate } from '@pumpwatch/domain';
import type { PumpDto } from '@pumpwatch/contracts';
import type { PumpEntity } from './pump.entity';

/** `timeZone` is the clinic's: the battery stop date is a clinic-local calendar date. */
export function toPumpDto(p: PumpEntity, timeZone: string): PumpDto {
  return {
    id: p.id,
    patientId: p.patientId,
    model: p.model,
    serialNumber: p.serialNumber,
    reservoirCapacityMl: p.reservoirCapacityMl as 20 | 40,
    lowReservoirAlarmMl: p.lowReservoirAlarmMl,
    implantedAt: p.implantedAt.toISOString(),
    manufacturedAt: p.manufacturedAt?.toISOString(),
    catheterModel: p.catheterModel ?? undefined,
    catheterVolumeMl: p.catheterVolumeMl ?? undefined,
    eriDate: p.eriDate ?? undefined,
    worstCaseFactor: p.worstCaseFactor ?? undefined,
    discrepancyThresholdMl: p.discrepancyThresholdMl ?? undefined,
    active: !p.explantedAt,
    explantedAt: p.explantedAt?.toISOString() ?? null,
    eriReportedAt: p.eriReportedAt?.toISOString() ?? null,
    batteryStopDate: p.eriReportedAt ? batteryStopDate(p.eriReportedAt.toISOString(), timeZone) : null,
    therapyInterrupted: p.therapyInterrupted,
    mriCheckDue: p.mriCheckDue,
    version: p.version,
  };
}
