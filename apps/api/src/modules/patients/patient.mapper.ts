import { HIGH_RISK_FACTORS, type PatientDto, type RiskFactor } from '@pumpwatch/contracts';
import type { PatientEntity } from './patient.entity';
import { toPumpDto } from '../pumps/pump.mapper';
import { oralBackupPlanOf } from './oral-backup-plan';

export const isHighRisk = (riskFactors: RiskFactor[]): boolean =>
  riskFactors.some((f) => (HIGH_RISK_FACTORS as readonly string[]).includes(f));

/** Under 18 on `today` (clinic-local YYYY-MM-DD): pediatric dose limits apply. */
export function isPediatric(birthDate: string, today: string): boolean {
  const [y, m, d] = birthDate.split('-').map(Number);
  const adultOn = `${String(y + 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return today < adultOn;
}

export function toPatientDto(p: PatientEntity, today: string, timeZone: string): PatientDto {
  return {
    id: p.id,
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    spasticityOrigin: p.spasticityOrigin,
    riskFactors: p.riskFactors,
    highRisk: p.highRisk,
    pediatric: isPediatric(p.birthDate, today),
    phone: p.phone ?? undefined,
    contactPhone: p.contactPhone ?? null,
    notes: p.notes ?? undefined,
    oralBackupPlan: oralBackupPlanOf(p),
    screeningDoseMcg: p.screeningDoseMcg,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(p.pumps ? { pumps: p.pumps.map((pump) => toPumpDto(pump, timeZone)) } : {}),
  };
}
