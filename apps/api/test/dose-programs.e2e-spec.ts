import { FixedClock } from '../src/common/clock/clock';
import { createPatient, createPump, createPumpWithFill, programDose, recordPumpEvent } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('dose programs', () => {
  let t: TestApp;
  let u: TestUsers;
  const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
  useTestApp({ clock, drugLibrary: true }, (app) => ({ t, u } = app));

  const post = (pumpId: string, body: object, who: Parameters<TestUsers['auth']>[0] = 'physician') =>
    t.http.post(`/api/pumps/${pumpId}/dose-programs`).set(u.auth(who)).send(body);

  let pumpId: string;
  let firstProgram: { id: string; version: number };

  it('programs the first dose (physician): no previous dose, unverified', async () => {
    const patient = await createPatient(t, u);
    pumpId = (await createPump(t, u, patient.id, { implantedAt: '2026-01-05T10:00:00Z' })).id;
    expect((await t.http.get(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('staff')).expect(200)).body).toEqual([]);
    const res = await post(pumpId, { basalDoseMcgPerDay: 400, bolusDoseMcg: 20, maxBolusesPerDay: 3, notes: 'start' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      pumpId,
      effectiveAt: '2026-03-01T09:00:00.000Z',
      basalDoseMcgPerDay: 400,
      flexSteps: null,
      programmedDoseMcgPerDay: 400,
      planningDoseMcgPerDay: 460,
      warnings: [],
      overridden: [],
      overrideReason: null,
      notes: 'start',
      createdBy: u.ids.physician,
      verifiedBy: null,
      verifiedAt: null,
      version: 1,
    });
    firstProgram = res.body;
  });

  it('refuses nurses, staff and admins', async () => {
    for (const who of ['nurse', 'staff', 'admin'] as const) {
      expect((await post(pumpId, { basalDoseMcgPerDay: 400 }, who)).status).toBe(403);
    }
  });

  it('needs exactly one of basal / flex steps; flex steps sum to 24 h, at most 13', async () => {
    const both = await post(pumpId, {
      basalDoseMcgPerDay: 400,
      flexSteps: [{ durationMinutes: 1440, doseRateMcgPerHour: 10 }],
    });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    expect((await post(pumpId, { bolusDoseMcg: 10 })).status).toBe(400);
    const short = await post(pumpId, {
      flexSteps: [
        { durationMinutes: 600, doseRateMcgPerHour: 16 },
        { durationMinutes: 600, doseRateMcgPerHour: 17 },
      ],
    });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('FLEX_STEPS_NOT_24H');
    const tooMany = await post(pumpId, {
      flexSteps: Array.from({ length: 14 }, (_, i) => ({
        durationMinutes: i < 13 ? 100 : 140,
        doseRateMcgPerHour: 16,
      })),
    });
    expect(tooMany.status).toBe(400);
    const negative = await post(pumpId, { basalDoseMcgPerDay: -5 });
    expect(negative.status).toBe(400);
  });

  it('DOSE_INCREASE_TOO_LARGE: refused without an override, stored with one', async () => {
    clock.advance(25 * HOUR);
    // the first program plans 400 + 3 × 20 mcg boluses = 460 mcg/day: +40 % of it is 644
    const refused = await post(pumpId, { basalDoseMcgPerDay: 650 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'DOSE_INCREASE_TOO_LARGE',
      details: { errors: ['DOSE_INCREASE_TOO_LARGE'], warnings: [] },
    });
    const ok = await post(pumpId, { basalDoseMcgPerDay: 650, override: { reason: 'severe spasms, discussed' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      programmedDoseMcgPerDay: 650,
      overridden: ['DOSE_INCREASE_TOO_LARGE'],
      overrideReason: 'severe spasms, discussed',
    });
  });

  it('DOSE_CHANGE_TOO_SOON: a blank reason does not override, a real one does', async () => {
    clock.advance(2 * HOUR);
    const refused = await post(pumpId, { basalDoseMcgPerDay: 680 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DOSE_CHANGE_TOO_SOON');
    const blank = await post(pumpId, { basalDoseMcgPerDay: 680, override: { reason: '   ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.code).toBe('DOSE_CHANGE_TOO_SOON');
    // a reason shorter than 8 characters is no documented reason
    const short = await post(pumpId, { basalDoseMcgPerDay: 680, override: { reason: 'pain' } });
    expect(short.status).toBe(422);
    expect(short.body.details).toMatchObject({ overridable: ['DOSE_CHANGE_TOO_SOON'], minOverrideReasonChars: 8 });
    const ok = await post(pumpId, { basalDoseMcgPerDay: 680, override: { reason: 'titration on the ward' } });
    expect(ok.status).toBe(201);
    expect(ok.body.overridden).toEqual(['DOSE_CHANGE_TOO_SOON']);
    // a decrease is always allowed within 24 h, with a warning beyond 20 %
    const down = await post(pumpId, { basalDoseMcgPerDay: 500 });
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({ warnings: ['DOSE_DECREASE_LARGE'], overridden: [] });
  });

  it("DOSE_UNIT_SUSPECT can never be overridden (code = the engine's first code, all listed)", async () => {
    const up = await post(pumpId, { basalDoseMcgPerDay: 5000, override: { reason: 'typed mcg/h?' } });
    expect(up.status).toBe(422);
    expect(up.body.code).toBe(up.body.details.errors[0]);
    expect(up.body.details.nonOverridable).toEqual(['DOSE_UNIT_SUSPECT']);
    expect(up.body.message).toContain('No override reason can lift DOSE_UNIT_SUSPECT');
    expect(up.body.details.errors).toEqual(
      expect.arrayContaining([
        'CUMULATIVE_INCREASE_TOO_LARGE',
        'DOSE_ABOVE_MAXIMUM',
        'DOSE_INCREASE_TOO_LARGE',
        'DOSE_UNIT_SUSPECT',
      ]),
    );
    // a 10× decrease can be lifted (a wrong high dose must always be correctable), but only with a reason
    const down = await post(pumpId, { basalDoseMcgPerDay: 50 });
    expect(down.status).toBe(422);
    expect(down.body.code).toBe(down.body.details.errors[0]);
    expect(down.body.details.errors).toContain('DOSE_UNIT_SUSPECT');
    expect(down.body.details.nonOverridable).toEqual([]);
    expect(down.body.details.overridable).toContain('DOSE_UNIT_SUSPECT');
  });

  it('flex programs: programmed dose is the daily total, checked against the current one', async () => {
    clock.advance(25 * HOUR);
    const res = await post(pumpId, {
      flexSteps: [
        { durationMinutes: 480, doseRateMcgPerHour: 18 },
        { durationMinutes: 960, doseRateMcgPerHour: 24 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      basalDoseMcgPerDay: null,
      programmedDoseMcgPerDay: 528,
      planningDoseMcgPerDay: 528,
    });
    expect(res.body.flexSteps).toHaveLength(2);
  });

  it('lists newest first, to every role', async () => {
    const res = await t.http.get(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('staff')).expect(200);
    expect(res.body.map((p: { programmedDoseMcgPerDay: number }) => p.programmedDoseMcgPerDay)).toEqual([
      528, 500, 680, 650, 400,
    ]);
    expect(
      (await t.http.get(`/api/pumps/00000000-0000-0000-0000-000000000000/dose-programs`).set(u.auth('nurse'))).status,
    ).toBe(404);
  });

  it('second-person verification: never the author; nurse or physician; stale version 409', async () => {
    const path = `/api/dose-programs/${firstProgram.id}/verify`;
    const self = await t.http.post(path).set(u.auth('physician')).send({});
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('VERIFIER_IS_AUTHOR');
    expect((await t.http.post(path).set(u.auth('staff')).send({})).status).toBe(403);
    expect((await t.http.post(path).set(u.auth('admin')).send({})).status).toBe(403);
    const stale = await t.http
      .post(path)
      .set(u.auth('nurse'))
      .send({ version: firstProgram.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const ok = await t.http.post(path).set(u.auth('nurse')).set('If-Match', `"${firstProgram.version}"`).send({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ verifiedBy: u.ids.nurse, verifiedAt: clock.now().toISOString(), version: 2 });
    const again = await t.http.post(path).set(u.auth('physician2')).send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_VERIFIED');
  });

  it('no first start or increase within 24 h of implant, even with an override', async () => {
    const patient = await createPatient(t, u);
    const implantedMs = clock.now().getTime() - 2 * HOUR;
    const pump = await createPump(t, u, patient.id, { implantedAt: new Date(implantedMs).toISOString() });
    const first = await post(pump.id, { basalDoseMcgPerDay: 200, override: { reason: 'started in theatre' } });
    expect(first.status).toBe(422);
    expect(first.body.details.nonOverridable).toEqual(['INCREASE_TOO_SOON_AFTER_IMPLANT']);
    // the start scheduled a day after the implant is judged where it takes effect
    const scheduled = { basalDoseMcgPerDay: 200, effectiveAt: new Date(implantedMs + 24 * HOUR).toISOString() };
    expect((await post(pump.id, scheduled)).status).toBe(201);
    const res = await post(pump.id, { basalDoseMcgPerDay: 220, override: { reason: 'pain since surgery' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DOSE_CHANGE_TOO_SOON');
    expect(res.body.details.errors).toEqual(['DOSE_CHANGE_TOO_SOON', 'INCREASE_TOO_SOON_AFTER_IMPLANT']);
    expect(res.body.details.nonOverridable).toEqual(['INCREASE_TOO_SOON_AFTER_IMPLANT']);
  });

  it('a child gets the pediatric increase limit (15 %); an adult the spinal one (40 %)', async () => {
    const child = await createPatient(t, u, { birthDate: '2015-05-01' });
    const childPump = await createPump(t, u, child.id);
    await programDose(t, u, childPump.id, { basalDoseMcgPerDay: 100 });
    const adult = await createPatient(t, u);
    const adultPump = await createPump(t, u, adult.id);
    await programDose(t, u, adultPump.id, { basalDoseMcgPerDay: 100 });
    clock.advance(25 * HOUR);
    const childRes = await post(childPump.id, { basalDoseMcgPerDay: 120 });
    expect(childRes.status).toBe(422);
    expect(childRes.body.code).toBe('DOSE_INCREASE_TOO_LARGE');
    expect((await post(adultPump.id, { basalDoseMcgPerDay: 120 })).status).toBe(201);
  });

  it('effectiveAt: scheduled up to 90 days ahead, never before the last refill or the implant', async () => {
    const { pump, fill } = await createPumpWithFill(t, u);
    clock.advance(10 * DAY);
    const far = await post(pump.id, {
      basalDoseMcgPerDay: 420,
      effectiveAt: new Date(clock.now().getTime() + 91 * DAY).toISOString(),
    });
    expect(far.status).toBe(422);
    expect(far.body.code).toBe('EFFECTIVE_AT_TOO_FAR_AHEAD');
    const scheduledAt = new Date(clock.now().getTime() + 5 * DAY).toISOString();
    const scheduled = await post(pump.id, { basalDoseMcgPerDay: 420, effectiveAt: scheduledAt });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.effectiveAt).toBe(scheduledAt);
    const beforeFill = await post(pump.id, {
      basalDoseMcgPerDay: 380,
      effectiveAt: new Date(new Date(fill!.at).getTime() - HOUR).toISOString(),
    });
    expect(beforeFill.status).toBe(422);
    expect(beforeFill.body.code).toBe('EFFECTIVE_AT_BEFORE_LAST_REFILL');
    const beforeImplant = await post(pump.id, { basalDoseMcgPerDay: 380, effectiveAt: '2020-01-01T00:00:00Z' });
    expect(beforeImplant.status).toBe(422);
    // a past effectiveAt after the last refill documents a change already made
    const backdated = await post(pump.id, {
      basalDoseMcgPerDay: 390,
      effectiveAt: new Date(new Date(fill!.at).getTime() + DAY).toISOString(),
    });
    expect(backdated.status).toBe(201);
  });

  it('refuses an explanted pump', async () => {
    const patient = await createPatient(t, u);
    const pump = await createPump(t, u, patient.id);
    await recordPumpEvent(t, u, pump.id, 'EXPLANT', { who: 'physician' });
    const res = await post(pump.id, { basalDoseMcgPerDay: 300 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PUMP_EXPLANTED');
  });

  it('replays an Idempotency-Key', async () => {
    const patient = await createPatient(t, u);
    const pump = await createPump(t, u, patient.id);
    const send = () =>
      t.http
        .post(`/api/pumps/${pump.id}/dose-programs`)
        .set(u.auth('physician'))
        .set('Idempotency-Key', 'dose-key-1')
        .send({ basalDoseMcgPerDay: 300 });
    const a = await send();
    const b = await send();
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await t.http.get(`/api/pumps/${pump.id}/dose-programs`).set(u.auth('nurse'))).body).toHaveLength(1);
  });

  it('audits every write; the chain verifies', async () => {
    const audit = await t.http.get(`/api/audit?entityId=${firstProgram.id}`).set(u.auth('admin')).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action).sort()).toEqual([
      'dose-program.create',
      'dose-program.verify',
    ]);
    const verify = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
