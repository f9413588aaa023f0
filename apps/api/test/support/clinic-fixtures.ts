import type {
  DoseProgramDto,
  DrugLibraryEntryDto,
  PatientDto,
  PumpDto,
  PumpEventDto,
  PumpEventType,
  RefillDto,
  Role,
} from '@pumpwatch/contracts';
import type { TestApp } from './test-app';
import { defaultSecondCheckerId, type TestUsers } from './users';

/**
 * Builds clinical records through the HTTP API (never the database), so fixtures pass the same rules,
 * audit trail and engine checks as real use. Times default to the test app's clock.
 */

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;

/** The clinic's standard strengths (Lioresal/Gablofen) and the screening strength; created once per app. */
export const STANDARD_DRUGS = [
  { name: 'Baclofen intrathecal 500 mcg/mL', concentrationMcgPerMl: 500, maxRefillIntervalDays: 180 },
  { name: 'Baclofen intrathecal 1000 mcg/mL', concentrationMcgPerMl: 1000, maxRefillIntervalDays: 90 },
  { name: 'Baclofen intrathecal 2000 mcg/mL', concentrationMcgPerMl: 2000, maxRefillIntervalDays: 180 },
  { name: 'Baclofen screening 50 mcg/mL', concentrationMcgPerMl: 50, screeningOnly: true, maxRefillIntervalDays: 30 },
];

export async function ensureDrugLibrary(t: TestApp, u: TestUsers): Promise<DrugLibraryEntryDto[]> {
  const existing = (await t.http.get('/api/drug-library').set(u.auth('admin')).expect(200))
    .body as DrugLibraryEntryDto[];
  for (const drug of STANDARD_DRUGS) {
    if (existing.some((e) => e.concentrationMcgPerMl === drug.concentrationMcgPerMl)) continue;
    await t.http.post('/api/drug-library').set(u.auth('admin')).send(drug).expect(201);
  }
  return (await t.http.get('/api/drug-library').set(u.auth('admin')).expect(200)).body as DrugLibraryEntryDto[];
}

export async function createPatient(
  t: TestApp,
  u: TestUsers,
  overrides: Record<string, unknown> = {},
): Promise<PatientDto> {
  const res = await t.http
    .post('/api/patients')
    .set(u.auth('nurse'))
    .send({
      mrn: unique('MRN'),
      givenName: 'Test',
      familyName: 'Patient',
      birthDate: '1975-06-15',
      spasticityOrigin: 'spinal',
      riskFactors: [],
      // a first program may be up to twice the screening dose: fixtures start pumps at up to 1,000 mcg/day
      screeningDoseMcg: 500,
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`createPatient: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PatientDto;
}

export async function createPump(
  t: TestApp,
  u: TestUsers,
  patientId: string,
  overrides: Record<string, unknown> = {},
): Promise<PumpDto> {
  const implantedAt = new Date(t.clock.now().getTime() - 60 * 86_400_000).toISOString();
  const res = await t.http
    .post(`/api/patients/${patientId}/pumps`)
    .set(u.auth('physician'))
    .send({ model: 'SynchroMed II', serialNumber: unique('SN'), reservoirCapacityMl: 20, implantedAt, ...overrides });
  if (res.status !== 201) throw new Error(`createPump: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PumpDto;
}

export async function programDose(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  body: Record<string, unknown>,
): Promise<DoseProgramDto> {
  const res = await t.http.post(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('physician')).send(body);
  if (res.status !== 201) throw new Error(`programDose: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as DoseProgramDto;
}

/** Records a pump event (201 expected) at `at`, by default the app clock's now, by `who` (default a nurse). */
export async function recordPumpEvent(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  type: PumpEventType,
  opts: { at?: Date; who?: Role } = {},
): Promise<PumpEventDto> {
  const res = await t.http
    .post(`/api/pumps/${pumpId}/events`)
    .set(u.auth(opts.who ?? 'nurse'))
    .send({ type, at: (opts.at ?? t.clock.now()).toISOString() });
  if (res.status !== 201) throw new Error(`recordPumpEvent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PumpEventDto;
}

/** A complete, valid refill body (needle confirmed, programmed = filled concentration) with overrides. */
export function refillBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const concentration = (overrides.concentrationMcgPerMl as number | undefined) ?? 1000;
  return {
    actualResidualMl: 0,
    volumeAddedMl: 20,
    concentrationMcgPerMl: concentration,
    programmedConcentrationMcgPerMl: concentration,
    needlePositionConfirmed: true,
    secondCheckerId: defaultSecondCheckerId,
    ...overrides,
  };
}

export async function recordRefill(
  t: TestApp,
  u: TestUsers,
  pumpId: string,
  overrides: Record<string, unknown> = {},
): Promise<RefillDto> {
  const res = await t.http.post(`/api/pumps/${pumpId}/refills`).set(u.auth('nurse')).send(refillBody(overrides));
  if (res.status !== 201) throw new Error(`recordRefill: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RefillDto;
}

export interface PumpWithFillOptions {
  patient?: Record<string, unknown>;
  pump?: Record<string, unknown>;
  /** Dose program body; default 400 mcg/day basal, effective now. */
  program?: Record<string, unknown>;
  /** Initial fill overrides; default 20 mL of 1000 mcg/mL, now. `false` leaves the pump unfilled. */
  fill?: Record<string, unknown> | false;
}

export interface PumpWithFill {
  patient: PatientDto;
  pump: PumpDto;
  program: DoseProgramDto;
  fill: RefillDto | null;
}

/**
 * Patient + pump (implanted 60 days before the clock) + first dose program + initial fill, all over HTTP.
 * With the defaults the reservoir falls 0.4 mL/day from 20 mL at the clock's now.
 */
export async function createPumpWithFill(
  t: TestApp,
  u: TestUsers,
  opts: PumpWithFillOptions = {},
): Promise<PumpWithFill> {
  await ensureDrugLibrary(t, u);
  const patient = await createPatient(t, u, opts.patient);
  const pump = await createPump(t, u, patient.id, opts.pump);
  const program = await programDose(t, u, pump.id, opts.program ?? { basalDoseMcgPerDay: 400 });
  const fill = opts.fill === false ? null : await recordRefill(t, u, pump.id, opts.fill ?? {});
  return { patient, pump, program, fill };
}
