import type { AlarmListItemDto, DiscrepancyKind } from '@pumpwatch/contracts';
import { AlarmsService } from '../../src/modules/alarms/alarms.service';
import { AppointmentEntity } from '../../src/modules/appointments/appointment.entity';
import { DoseProgramEntity } from '../../src/modules/dose-programs/dose-program.entity';
import { RefillEntity } from '../../src/modules/refills/refill.entity';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';
import type { TestUsers } from './users';

/**
 * Alarm-engine fixtures: patients and pumps through HTTP; refills, dose programs and appointments as rows
 * (so each test sets exactly the facts it needs, e.g. a flagged discrepancy); assertions go through HTTP.
 */
let seq = 0;
const unique = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const ds = (t: TestApp) => t.app.get(DataSource);

export async function createPumpFor(
  t: TestApp,
  u: TestUsers,
  opts: { riskFactors?: string[]; pump?: Record<string, unknown>; implantedAt?: string } = {},
): Promise<{ patientId: string; pumpId: string }> {
  const patient = await t.http
    .post('/api/patients')
    .set(u.auth('nurse'))
    .send({
      mrn: unique('MRN'),
      givenName: 'Alarm',
      familyName: `Patient${seq}`,
      birthDate: '1975-06-15',
      spasticityOrigin: 'spinal',
      riskFactors: opts.riskFactors ?? [],
    })
    .expect(201);
  const pump = await t.http
    .post(`/api/patients/${patient.body.id}/pumps`)
    .set(u.auth('physician'))
    .send({
      model: 'SynchroMed II',
      serialNumber: unique('SN'),
      reservoirCapacityMl: 20,
      implantedAt: opts.implantedAt ?? new Date(t.clock.now().getTime() - 365 * DAY_MS).toISOString(),
      ...opts.pump,
    });
  if (pump.status !== 201) throw new Error(`pump: ${pump.status} ${JSON.stringify(pump.body)}`);
  return { patientId: patient.body.id as string, pumpId: pump.body.id as string };
}

export async function insertDoseProgram(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  opts: { effectiveAt: Date; basalDoseMcgPerDay?: number; verified?: boolean },
): Promise<DoseProgramEntity> {
  const dose = opts.basalDoseMcgPerDay ?? 300;
  const verified = opts.verified ?? true;
  return ds(t)
    .getRepository(DoseProgramEntity)
    .save({
      pumpId,
      effectiveAt: opts.effectiveAt,
      basalDoseMcgPerDay: dose,
      flexSteps: null,
      bolusDoseMcg: null,
      maxBolusesPerDay: null,
      programmedDoseMcgPerDay: dose,
      createdBy: u.ids.physician,
      verifiedBy: verified ? u.ids.physician2 : null,
      verifiedAt: verified ? opts.effectiveAt : null,
    });
}

export async function insertRefill(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  opts: { at: Date; volumeAddedMl?: number; discrepancy?: DiscrepancyKind; discrepancyMl?: number },
): Promise<RefillEntity> {
  return ds(t)
    .getRepository(RefillEntity)
    .save({
      pumpId,
      at: opts.at,
      actualResidualMl: 2,
      volumeAddedMl: opts.volumeAddedMl ?? 20,
      concentrationMcgPerMl: 1000,
      programmedConcentrationMcgPerMl: 1000,
      needlePositionConfirmed: true,
      discrepancy: opts.discrepancy ?? 'NONE',
      discrepancyMl: opts.discrepancyMl ?? 0,
      recordedBy: u.ids.nurse,
    });
}

export async function insertAppointment(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  opts: { at: Date; status?: 'booked' | 'missed' | 'cancelled' | 'completed' },
): Promise<AppointmentEntity> {
  return ds(t)
    .getRepository(AppointmentEntity)
    .save({ pumpId, at: opts.at, kind: 'refill', status: opts.status ?? 'booked', createdBy: u.ids.staff });
}

/** A pump filled now with 20 mL at 1000 mcg/mL, 300 mcg/day (0.3 mL/day), program verified. */
export async function filledPump(
  t: TestApp,
  u: TestUsers,
  opts: Parameters<typeof createPumpFor>[2] = {},
): Promise<{ patientId: string; pumpId: string }> {
  const ids = await createPumpFor(t, u, opts);
  const now = t.clock.now();
  await insertDoseProgram(t, u, ids.pumpId, { effectiveAt: new Date(now.getTime() - DAY_MS) });
  await insertRefill(t, u, ids.pumpId, { at: now });
  return ids;
}

export const engine = (t: TestApp) => t.app.get(AlarmsService);
export const sweep = (t: TestApp) => engine(t).sweep();

export async function auditCount(t: TestApp, action?: string): Promise<number> {
  const [row] = (await ds(t).query(
    `SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'alarm' AND ($1::text IS NULL OR action = $1)`,
    [action ?? null],
  )) as { n: number }[];
  return row.n;
}

export async function alarmsOf(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  status = 'active',
): Promise<AlarmListItemDto[]> {
  const res = await t.http.get(`/api/alarms?pumpId=${pumpId}&status=${status}`).set(u.auth('staff')).expect(200);
  return res.body as AlarmListItemDto[];
}

/** code → priority of the pump's active alarms. */
export async function activeCodes(t: TestApp, u: TestUsers, pumpId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await alarmsOf(t, u, pumpId)).map((a) => [a.code, a.priority]));
}
