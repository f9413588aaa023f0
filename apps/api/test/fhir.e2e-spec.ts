import type { AlarmListItemDto, DoseProgramDto, PatientDto, PumpStatusDto, RefillDto } from '@pumpwatch/contracts';
import { roundRateMlPerDay } from '@pumpwatch/domain';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

/** FHIR R4 export over the seeded demo clinic, checked against the R4 rules a receiving EHR enforces. */
const UCUM = 'http://unitsofmeasure.org';
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UCUM_CODES = new Set(['ug', 'ug/d', 'mL', 'mL/d', 'd']);

type Json = Record<string, unknown>;
interface Entry {
  fullUrl: string;
  resource: Json & { resourceType: string; id: string };
  search?: { mode: string };
}

/** Every `{ reference }` and every Quantity-like object (numeric `value` with `unit`/`code`) in a resource. */
function walk(node: unknown, refs: string[], quantities: Json[]): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, refs, quantities));
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (typeof o.reference === 'string') refs.push(o.reference);
  if (typeof o.value === 'number' && ('unit' in o || 'code' in o)) quantities.push(o);
  Object.values(o).forEach((v) => walk(v, refs, quantities));
}

const DOSE_RATE_TYPE = 'http://terminology.hl7.org/CodeSystem/dose-rate-type';
const q = (value: number, code: string) => ({ value, unit: code, system: UCUM, code });
const dosagesOf = (mr: Json) => mr.dosageInstruction as Json[];
const rateTypeOf = (dr: Json) =>
  (dr.type as { coding: Json[] }).coding[0]!.system === DOSE_RATE_TYPE
    ? (dr.type as { coding: Json[] }).coding[0]!.code
    : null;

const medicationChoices = (r: Json) => ['medicationCodeableConcept', 'medicationReference'].filter((k) => k in r);

describe('FHIR R4 export (demo clinic)', () => {
  let t: TestApp;
  let patients: PatientDto[];

  const { as } = useDemoApp({ at: '2026-03-02T10:00:00Z' }, async (app) => {
    t = app;
    patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body.items;
    expect(patients.length).toBeGreaterThanOrEqual(12);
  });

  it('returns a searchset Bundle per demo patient whose structure, references and units follow R4', async () => {
    for (const p of patients) {
      const res = await t.http.get(`/api/fhir/Patient/${p.id}/$everything`).set(as('physician')).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const bundle = res.body as { resourceType: string; type: string; entry: Entry[]; timestamp: string };
      expect(bundle.resourceType).toBe('Bundle');
      expect(bundle.type).toBe('searchset');
      expect(bundle.timestamp).toBe('2026-03-02T10:00:00.000Z');

      const fullUrls = new Set<string>();
      const refs: string[] = [];
      const quantities: Json[] = [];
      for (const e of bundle.entry) {
        expect(e.fullUrl).toMatch(UUID_URN);
        expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
        expect(fullUrls.has(e.fullUrl)).toBe(false);
        fullUrls.add(e.fullUrl);
        expect(typeof e.resource.resourceType).toBe('string');
        walk(e.resource, refs, quantities);
      }
      expect(refs.length).toBeGreaterThan(0);
      expect(quantities.length).toBeGreaterThan(0);
      for (const r of refs) expect({ r, resolves: fullUrls.has(r) }).toEqual({ r, resolves: true });
      for (const q of quantities) {
        expect(q.system).toBe(UCUM);
        expect(UCUM_CODES.has(q.code as string)).toBe(true);
        expect(q.unit).toBe(q.code);
      }

      const first = bundle.entry[0]!;
      expect(first.resource.resourceType).toBe('Patient');
      expect(first.search?.mode).toBe('match');
      expect(first.resource.identifier).toEqual([
        expect.objectContaining({ system: 'urn:pumpwatch:mrn', value: p.mrn }),
      ]);
      expect(first.resource.birthDate).toBe(p.birthDate);
    }
  });

  it('maps pumps, dose programs, refills, open alarms and appointments with the R4 required fields', async () => {
    // a patient per pump model and dosing shape: check each resource against the JSON routes
    for (const p of patients) {
      const detail = (await t.http.get(`/api/patients/${p.id}`).set(as('nurse')).expect(200)).body as PatientDto & {
        pumps: { id: string; model: string; serialNumber: string }[];
      };
      const bundle = (await t.http.get(`/api/fhir/Patient/${p.id}/$everything`).set(as('nurse')).expect(200)).body as {
        entry: Entry[];
      };
      const of = (type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
      const patientRef = `urn:uuid:${p.id}`;

      const devices = of('Device');
      expect(devices).toHaveLength(detail.pumps.length);
      for (const pump of detail.pumps) {
        const d = devices.find((x) => x.id === pump.id)!;
        expect(d.serialNumber).toBe(pump.serialNumber);
        expect(d.manufacturer).toBe(pump.model.startsWith('Prometra') ? 'Flowonix Medical' : 'Medtronic');
        expect(d.deviceName).toEqual([{ name: pump.model, type: 'model-name' }]);
        expect((d.patient as Json).reference).toBe(patientRef);
      }

      const requests = of('MedicationRequest');
      const administrations = of('MedicationAdministration');
      let programs = 0;
      let refills = 0;
      for (const pump of detail.pumps) {
        const dps = (await t.http.get(`/api/pumps/${pump.id}/dose-programs`).set(as('nurse')).expect(200))
          .body as DoseProgramDto[];
        const rfs = (await t.http.get(`/api/pumps/${pump.id}/refills`).set(as('nurse')).expect(200))
          .body as RefillDto[];
        const status = (await t.http.get(`/api/pumps/${pump.id}/status`).set(as('nurse')).expect(200))
          .body as PumpStatusDto;
        programs += dps.length;
        refills += rfs.length;
        for (const dp of dps) {
          const mr = requests.find((r) => r.id === dp.id)!;
          expect(['active', 'completed', 'stopped']).toContain(mr.status);
          expect(mr.intent).toBe('order');
          expect((mr.subject as Json).reference).toBe(patientRef);
          expect(medicationChoices(mr)).toHaveLength(1);
          // the continuous dose is a rate (mcg per day), ordered; its volume rate is calculated from it
          const [continuous, ...others] = dosagesOf(mr);
          expect(continuous!.sequence).toBe(1);
          expect(continuous!.asNeededBoolean).toBeUndefined();
          const [ordered, calculated] = continuous!.doseAndRate as Json[];
          expect(rateTypeOf(ordered!)).toBe('ordered');
          expect(ordered!.rateQuantity).toEqual(q(dp.programmedDoseMcgPerDay, 'ug/d'));
          expect(ordered!.doseQuantity).toBeUndefined();
          if (calculated) {
            expect(rateTypeOf(calculated)).toBe('calculated');
            expect((calculated.rateQuantity as Json).code).toBe('mL/d');
          }
          // boluses are their own as-needed dosage, concurrent (same sequence), never folded into the rate
          expect(others).toHaveLength(dp.bolusDoseMcg && dp.maxBolusesPerDay ? 1 : 0);
        }
        // the program in force now: its rates are the programmed (continuous) dose and that dose ÷ concentration
        const active = requests.filter(
          (r) => r.status === 'active' && (r.supportingInformation as Json[])[0]!.reference === `urn:uuid:${pump.id}`,
        );
        const inForce = active.find((r) => {
          const start = (dosagesOf(r)[0]!.timing as { repeat: { boundsPeriod: { start: string } } }).repeat.boundsPeriod
            .start;
          return Date.parse(start) <= Date.parse('2026-03-02T10:00:00Z');
        })!;
        const [ordered, calculated] = dosagesOf(inForce)[0]!.doseAndRate as Json[];
        expect(ordered!.rateQuantity).toEqual(q(status.programmedDoseMcgPerDay, 'ug/d'));
        expect(calculated!.rateQuantity).toEqual(
          q(roundRateMlPerDay(status.programmedDoseMcgPerDay / status.concentrationMcgPerMl!), 'mL/d'),
        );

        for (const rf of rfs) {
          const ma = administrations.find((a) => a.id === rf.id)!;
          expect(ma.status).toBe('completed');
          expect((ma.subject as Json).reference).toBe(patientRef);
          expect(ma.effectiveDateTime).toBe(rf.at);
          expect(medicationChoices(ma)).toHaveLength(1);
          const dosage = ma.dosage as Json;
          expect(dosage.dose).toEqual({ value: rf.volumeAddedMl, unit: 'mL', system: UCUM, code: 'mL' });
          expect(dosage.rateRatio).toEqual({
            numerator: { value: rf.concentrationMcgPerMl, unit: 'ug', system: UCUM, code: 'ug' },
            denominator: { value: 1, unit: 'mL', system: UCUM, code: 'mL' },
          });
          const med = of('Medication').find((m) => `urn:uuid:${m.id}` === (ma.medicationReference as Json).reference)!;
          expect((med.ingredient as Json[])[0]!.strength).toEqual(dosage.rateRatio);
        }
      }
      expect(requests).toHaveLength(programs);
      expect(administrations).toHaveLength(refills);

      const alarms = (await t.http.get(`/api/alarms?patientId=${p.id}&status=active`).set(as('nurse')).expect(200))
        .body as AlarmListItemDto[];
      const issues = of('DetectedIssue');
      expect(issues.map((i) => i.id).sort()).toEqual(alarms.map((a) => a.id).sort());
      const severity = { critical: 'high', high: 'high', medium: 'moderate', low: 'low' };
      for (const a of alarms) {
        const i = issues.find((x) => x.id === a.id)!;
        expect(i.status).toBe('final');
        expect(i.severity).toBe(severity[a.priority]);
        expect((i.code as { coding: Json[] }).coding[0]).toEqual({ system: 'urn:pumpwatch:alarm-code', code: a.code });
        expect((i.patient as Json).reference).toBe(patientRef);
      }

      for (const a of of('Appointment')) {
        expect(['booked', 'fulfilled', 'noshow', 'cancelled']).toContain(a.status);
        const participants = a.participant as Json[];
        expect(participants.length).toBeGreaterThan(0);
        for (const pa of participants)
          expect(['accepted', 'declined', 'tentative', 'needs-action']).toContain(pa.status);
        expect(participants.some((pa) => (pa.actor as Json).reference === patientRef)).toBe(true);
        // app-3: only proposed or cancelled appointments may lack start/end
        expect(Date.parse(a.end as string)).toBeGreaterThan(Date.parse(a.start as string));
      }
    }
  });

  it('exports patient-activated boluses as their own as-needed dosage: dose per bolus, most per day', async () => {
    // DEMO-018: a flex program with boluses of 25 mcg, at most 4 a day, at 2000 mcg/mL
    const p = patients.find((x) => x.mrn === 'DEMO-018')!;
    const detail = (await t.http.get(`/api/patients/${p.id}`).set(as('nurse')).expect(200)).body as {
      pumps: { id: string }[];
    };
    const pumpId = detail.pumps[0]!.id;
    const status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(as('nurse')).expect(200)).body as PumpStatusDto;
    const bundle = (await t.http.get(`/api/fhir/Patient/${p.id}/$everything`).set(as('physician')).expect(200))
      .body as { entry: Entry[] };
    const mr = bundle.entry
      .map((e) => e.resource)
      .find((r) => r.resourceType === 'MedicationRequest' && r.status === 'active')!;
    const [continuous, bolus] = dosagesOf(mr);
    expect(dosagesOf(mr)).toHaveLength(2);

    const [ordered, calculated] = continuous!.doseAndRate as Json[];
    expect(ordered!.rateQuantity).toEqual(q(status.programmedDoseMcgPerDay, 'ug/d'));
    expect(calculated!.rateQuantity).toEqual(q(roundRateMlPerDay(status.programmedDoseMcgPerDay / 2000), 'mL/d'));
    expect(continuous!.text).toMatch(/boluses.*separate/i);

    expect(bolus).toMatchObject({
      sequence: 1,
      asNeededBoolean: true,
      doseAndRate: [{ doseQuantity: q(25, 'ug') }],
      maxDosePerPeriod: { numerator: q(100, 'ug'), denominator: q(1, 'd') },
    });
    expect(rateTypeOf((bolus!.doseAndRate as Json[])[0]!)).toBe('ordered');
    expect(bolus!.text).toContain('25 mcg');
    expect(bolus!.text).toContain('at most 4 per day');
    expect(bolus!.timing).toEqual(continuous!.timing);
    // nothing lost: the projection's planning rate is the continuous rate plus every allowed bolus
    expect(status.planningDoseMcgPerDay).toBe(status.programmedDoseMcgPerDay + 100);
    expect(status.rateMlPerDay).toBeCloseTo(status.planningDoseMcgPerDay / 2000, 4);
  });

  it('includes the open alarms as DetectedIssues somewhere in the clinic (the demo has every state)', async () => {
    let issues = 0;
    for (const p of patients) {
      const res = await t.http.get(`/api/fhir/Patient/${p.id}/$everything`).set(as('admin')).expect(200);
      issues += (res.body.entry as Entry[]).filter((e) => e.resource.resourceType === 'DetectedIssue').length;
    }
    expect(issues).toBeGreaterThanOrEqual(12);
  });

  it('serves the single Patient resource', async () => {
    const p = patients[0]!;
    const res = await t.http.get(`/api/fhir/Patient/${p.id}`).set(as('nurse')).expect(200);
    expect(res.body).toMatchObject({
      resourceType: 'Patient',
      id: p.id,
      birthDate: p.birthDate,
      name: [{ family: p.familyName, given: [p.givenName] }],
    });
    expect(res.body.identifier[0].value).toBe(p.mrn);
  });

  it('refuses front-desk staff and anonymous callers; unknown patients are 404', async () => {
    const id = patients[0]!.id;
    const staff = await t.http.get(`/api/fhir/Patient/${id}/$everything`).set(as('staff')).expect(403);
    expect(staff.body.code).toBe('FORBIDDEN');
    await t.http.get(`/api/fhir/Patient/${id}`).set(as('staff')).expect(403);
    await t.http.get(`/api/fhir/Patient/${id}/$everything`).expect(401);
    const missing = await t.http
      .get('/api/fhir/Patient/00000000-0000-4000-8000-000000000000/$everything')
      .set(as('physician'))
      .expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    await t.http.get('/api/fhir/Patient/not-a-uuid').set(as('physician')).expect(404);
  });
});
