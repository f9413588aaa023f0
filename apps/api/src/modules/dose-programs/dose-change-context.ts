import { INTERRUPTING_EVENTS } from '@pumpwatch/contracts';
import { doseChangeContext, localDate, type DoseChangeInput } from '@pumpwatch/domain';
import { In, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { PatientEntity } from '../patients/patient.entity';
import { isPediatric } from '../patients/patient.mapper';
import { PumpEventEntity } from '../pump-events/pump-event.entity';
import { PumpEntity } from '../pumps/pump.entity';
import { DoseProgramEntity } from './dose-program.entity';

/** The engine's doseChange input without the proposal: what the form and the server check a proposal against. */
export type DoseChangeContext = Omit<
  DoseChangeInput,
  'proposedDoseMcgPerDay' | 'proposedBolusDoseMcg' | 'proposedMaxBolusesPerDay' | 'proposedEffectiveAt' | 'override'
> & { now: string };

/**
 * Loads a pump's programs and therapy events and lets the engine derive `current`, `lastNonZero`,
 * `interruption` and the history (which programs count is a clinical rule, so it lives in the domain).
 * A pump has a few dozen programs over its life: all are read, the engine keeps the 90 days it needs.
 */
export async function loadDoseChangeContext(
  m: EntityManager,
  pump: PumpEntity,
  settings: ClinicSettings,
  now: Date,
  proposedEffectiveAt: Date,
): Promise<DoseChangeContext> {
  const patient = await m.findOneBy(PatientEntity, { id: pump.patientId });
  if (!patient) throw new DomainError('NOT_FOUND', `No patient for pump ${pump.id}`);
  const programs = await m.find(DoseProgramEntity, {
    where: { pumpId: pump.id },
    order: { effectiveAt: 'ASC', createdAt: 'ASC' },
  });
  const events = await m.find(PumpEventEntity, {
    where: { pumpId: pump.id, type: In([...INTERRUPTING_EVENTS, 'RESTARTED']) },
    order: { at: 'ASC', createdAt: 'ASC' },
  });
  const derived = doseChangeContext({
    programs,
    events,
    proposedEffectiveAt,
  });
  return {
    kind: 'doseChange',
    now: now.toISOString(),
    patient: {
      spasticityOrigin: patient.spasticityOrigin,
      implantedAt: pump.implantedAt.toISOString(),
      pediatric: isPediatric(patient.birthDate, localDate(now.getTime(), settings.timeZone)),
      screeningDoseMcg: patient.screeningDoseMcg,
    },
    ...derived,
    policy: settings.policy,
  };
}
