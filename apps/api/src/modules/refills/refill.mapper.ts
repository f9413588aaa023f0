import type { RefillDto } from '@pumpwatch/contracts';
import type { RefillEntity } from './refill.entity';

export function toRefillDto(r: RefillEntity): RefillDto {
  return {
    id: r.id,
    pumpId: r.pumpId,
    at: r.at.toISOString(),
    actualResidualMl: r.actualResidualMl,
    volumeAddedMl: r.volumeAddedMl,
    concentrationMcgPerMl: r.concentrationMcgPerMl,
    programmedConcentrationMcgPerMl: r.programmedConcentrationMcgPerMl,
    needlePositionConfirmed: r.needlePositionConfirmed,
    drugLibraryId: r.drugLibraryId,
    beyondUseDays: r.beyondUseDays,
    expectedResidualMl: r.expectedResidualMl,
    expectedDeliveredMl: r.expectedDeliveredMl,
    discrepancyMl: r.discrepancyMl,
    discrepancyPct: r.discrepancyPct,
    discrepancyThresholdMl: r.discrepancyThresholdMl,
    discrepancy: r.discrepancy,
    initialFill: r.initialFill,
    warnings: r.warnings,
    secondCheckerId: r.secondCheckerId,
    measuredRateFactor: r.measuredRateFactor,
    discrepancyAcknowledged: r.discrepancyAcknowledged,
    lotNumber: r.lotNumber,
    lotExpiry: r.lotExpiry,
    bridgeBolusMcg: r.bridgeBolusMcg,
    notes: r.notes,
    recordedBy: r.recordedBy,
    createdAt: r.createdAt.toISOString(),
  };
}
