import type { ImportRecordDto, ImportReport } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { baseRow, csvOf, storedCounts, uploader, xlsxOf } from './support/import-files';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

// The test clock: 2026-03-01T09:00Z, clinic zone Europe/London (UTC in winter).
let t: TestApp;
let u: TestUsers;
let upload: ReturnType<typeof uploader>;

useTestApp({ drugLibrary: true }, async (app) => {
  ({ t, u } = app);
  upload = uploader(t, u);
});

const codesOf = (r: ImportReport, row: number) => r.errors.filter((e) => e.row === row).map((e) => e.code);

describe('POST /api/imports', () => {
  it('dry run: 200 report with the preview, nothing stored', async () => {
    const before = await storedCounts(t);
    const overdue = baseRow({ last_refill_at: '2025-09-01', daily_dose_mcg: '200' });
    const fine = baseRow({ next_appointment_at: '2026-03-20 09:30' });
    const res = await upload(csvOf([overdue, fine])).expect(200);
    const report = res.body as ImportReport;
    expect(report).toMatchObject({ rows: 2, valid: 2, invalid: 0, unchanged: 0, errors: [] });
    expect(report.importId).toBeUndefined();
    expect(report.creates).toEqual({ patients: 2, pumps: 2, refills: 2, dosePrograms: 2, appointments: 1 });
    expect(report.preview).toHaveLength(2);
    // 20 mL at 500 mcg/mL = 10,000 mcg; at 200 mcg/day that ran out long before today
    expect(report.preview[0]).toMatchObject({ row: 1, mrn: overdue.mrn, pumpSerial: overdue.pump_serial });
    expect(report.preview[0].alarms).toEqual(expect.arrayContaining(['REFILL_OVERDUE', 'DOSE_UNVERIFIED']));
    expect(report.preview[1].alarms).toContain('DOSE_UNVERIFIED');
    expect(report.preview[1].alarms).not.toContain('REFILL_OVERDUE');
    expect(report.preview[1].refillDueDate).toMatch(/^2026-\d\d-\d\d$/);
    expect(report.preview[1].lowReservoirAlarmAt).toMatch(/Z$/);
    expect(await storedCounts(t)).toEqual(before);
  });

  it('commit: 201, one transaction, audited with the importId, programs unverified, alarms raised; re-import is unchanged', async () => {
    const row = baseRow({ risk_factors: 'PRIOR_WITHDRAWAL|lives_far', notes: 'prefers mornings' });
    const file = csvOf([row]);
    const res = await upload(file, '', 'physician').expect(201);
    const report = res.body as ImportReport;
    expect(report.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.creates).toEqual({ patients: 1, pumps: 1, refills: 1, dosePrograms: 1, appointments: 0 });

    const patients = await t.http.get(`/api/patients?search=${row.mrn}`).set(u.auth('nurse')).expect(200);
    const patient = patients.body.items[0];
    expect(patient).toMatchObject({ mrn: row.mrn, highRisk: true, riskFactors: ['PRIOR_WITHDRAWAL', 'LIVES_FAR'] });
    const full = await t.http.get(`/api/patients/${patient.id}`).set(u.auth('nurse')).expect(200);
    const pumpId = full.body.pumps[0].id as string;
    expect(full.body.pumps[0]).toMatchObject({ serialNumber: row.pump_serial, lowReservoirAlarmMl: 2 });

    const programs = await t.http.get(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('nurse')).expect(200);
    expect(programs.body).toHaveLength(1);
    expect(programs.body[0]).toMatchObject({ basalDoseMcgPerDay: 150, verifiedBy: null });
    const refills = await t.http.get(`/api/pumps/${pumpId}/refills`).set(u.auth('nurse')).expect(200);
    expect(refills.body[0]).toMatchObject({
      at: '2026-02-10T10:00:00.000Z',
      volumeAddedMl: 20,
      actualResidualMl: null,
    });

    const alarms = await t.http.get(`/api/alarms?pumpId=${pumpId}&status=active`).set(u.auth('nurse')).expect(200);
    expect(alarms.body.map((a: { code: string }) => a.code)).toContain('DOSE_UNVERIFIED');

    const audit = await t.app
      .get(DataSource)
      .query(`SELECT action, after->>'importId' AS import_id FROM audit_log WHERE after->>'importId' = $1`, [
        report.importId,
      ]);
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual([
      'dose-program.create',
      'import.commit',
      'patient.create',
      'pump.create',
      'refill.create',
    ]);
    // the second clinician's verification clears DOSE_UNVERIFIED; the importer cannot verify their own import
    await t.http
      .post(`/api/dose-programs/${programs.body[0].id}/verify`)
      .set(u.auth('physician'))
      .send({ version: programs.body[0].version })
      .expect(422);

    const again = (await upload(file, '', 'physician').expect(201)).body as ImportReport;
    expect(again).toMatchObject({ rows: 1, valid: 1, unchanged: 1 });
    expect(again.creates).toEqual({ patients: 0, pumps: 0, refills: 0, dosePrograms: 0, appointments: 0 });
    expect(again.updates).toEqual({ patients: 0, pumps: 0, refills: 0, dosePrograms: 0, appointments: 0 });

    const changed = (
      await upload(csvOf([{ ...row, given_name: 'Adeline', low_reservoir_alarm_ml: '3' }]), '').expect(201)
    ).body as ImportReport;
    expect(changed.updates).toMatchObject({ patients: 1, pumps: 1 });
    expect(changed.unchanged).toBe(0);

    const history = (await t.http.get('/api/imports').set(u.auth('admin')).expect(200)).body as ImportRecordDto[];
    expect(history[0].id).toBe(changed.importId);
    expect(history[1].id).toBe(again.importId);
    const one = await t.http.get(`/api/imports/${report.importId}`).set(u.auth('physician')).expect(200);
    expect(one.body).toMatchObject({ id: report.importId, fileName: 'clinic.csv', rows: 1, valid: 1, invalid: 0 });
  });

  it('records already on file: another patient’s serial, a different dose, a stale refill are row errors', async () => {
    const a = baseRow();
    await upload(csvOf([a]), '').expect(201);
    const other = baseRow({ pump_serial: a.pump_serial });
    const dose = { ...a, daily_dose_mcg: '175' };
    const stale = { ...a, last_refill_at: '2026-01-10 10:00' };
    const one = async (row: Record<string, string | undefined>) =>
      ((await upload(csvOf([row])).expect(200)).body as ImportReport).errors.map((e) => e.code);
    expect(await one(other)).toEqual(['PUMP_BELONGS_TO_OTHER_PATIENT']);
    expect(await one(dose)).toEqual(['DOSE_DIFFERS_FROM_RECORD']);
    expect(await one(stale)).toEqual(['REFILL_BEFORE_PREVIOUS']);
  });

  it('appointments: a new one in the past, or a second booking, is refused; the booked one matches on re-import', async () => {
    const past = baseRow({ next_appointment_at: '2026-02-27 09:00' });
    const r = (await upload(csvOf([past])).expect(200)).body as ImportReport;
    expect(r.errors).toEqual([expect.objectContaining({ column: 'next_appointment_at', code: 'APPOINTMENT_IN_PAST' })]);
    const booked = baseRow({ next_appointment_at: '2026-03-10 09:00' });
    await upload(csvOf([booked]), '').expect(201);
    const again = (await upload(csvOf([booked])).expect(200)).body as ImportReport;
    expect(again.unchanged).toBe(1);
    const other = (await upload(csvOf([{ ...booked, next_appointment_at: '2026-03-12 09:00' }])).expect(200))
      .body as ImportReport;
    expect(other.errors.map((e) => e.code)).toEqual(['APPOINTMENT_ALREADY_BOOKED']);
    // an update is audited with the record as it was and as it is, and the importId
    const changed = (await upload(csvOf([{ ...booked, family_name: 'Renamed' }]), '').expect(201)).body as ImportReport;
    const [entry] = await t.app
      .get(DataSource)
      .query(`SELECT before, after FROM audit_log WHERE action = 'patient.update' AND after->>'importId' = $1`, [
        changed.importId,
      ]);
    expect(entry.before.familyName).toBe('Importer');
    expect(entry.after).toMatchObject({ familyName: 'Renamed', importId: changed.importId });
  });

  it('invalid rows: commit is 422 IMPORT_HAS_ERRORS with nothing stored, unless skipInvalid', async () => {
    const good = baseRow();
    const bad = baseRow({ daily_dose_mcg: '' });
    const before = await storedCounts(t);
    const res = await upload(csvOf([good, bad]), '').expect(422);
    expect(res.body.code).toBe('IMPORT_HAS_ERRORS');
    expect(res.body.details).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
    expect(res.body.details.errors).toEqual([
      { row: 2, column: 'daily_dose_mcg', code: 'REQUIRED', message: expect.any(String) },
    ]);
    expect(await storedCounts(t)).toEqual(before);

    const skipped = (await upload(csvOf([good, bad]), 'skipInvalid=true').expect(201)).body as ImportReport;
    expect(skipped).toMatchObject({ valid: 1, invalid: 1 });
    expect(skipped.creates.pumps).toBe(1);
    expect((await upload(csvOf([bad]), 'skipInvalid=true').expect(422)).body.code).toBe('IMPORT_HAS_ERRORS');
  });

  it('row checks: each problem with its code and column, every problem of a row listed', async () => {
    const rows = [
      baseRow({ mrn: '', volume_after_refill_ml: '25', spasticity_origin: 'spine' }),
      baseRow({ reservoir_capacity_ml: '30', concentration_mcg_per_ml: '750' }),
      baseRow({ daily_dose_mcg: '2500' }),
      baseRow({ last_refill_at: '2023-12-01 10:00' }),
      baseRow({ implanted_on: '2026-03-02', last_refill_at: '2026-03-01 12:00' }),
      baseRow({ dose_effective_at: '2026-02-11 10:00' }),
      baseRow({ birth_date: '05/03/1970' }),
      baseRow({ last_refill_at: '2026-02-30' }),
      baseRow({ concentration_mcg_per_ml: '1 mg/mL', daily_dose_mcg: '0.5 mg/day' }),
      baseRow({ volume_after_refill_ml: '20 mL', concentration_mcg_per_ml: '500 µg/mL', daily_dose_mcg: '150mcg/day' }),
      baseRow({ volume_after_refill_ml: '"1,000"', pump_model: 'Medtronic 9000' }),
      baseRow({ risk_factors: 'PRIOR_WITHDRAWAL|SMOKER', daily_dose_mcg: '1200' }),
      baseRow({ next_appointment_at: '2026-02-20 09:00', daily_dose_mcg: '0' }),
    ];
    rows[10].volume_after_refill_ml = '1,000';
    const r = (await upload(csvOf(rows)).expect(200)).body as ImportReport;
    expect(r.rows).toBe(13);
    const cell = (row: number, code: string) => r.errors.find((e) => e.row === row && e.code === code)?.column;
    expect(cell(1, 'REQUIRED')).toBe('mrn');
    expect(cell(1, 'INVALID_VALUE')).toBe('spasticity_origin');
    expect(codesOf(r, 2)).toEqual(expect.arrayContaining(['INVALID_VALUE', 'CONCENTRATION_NOT_IN_LIBRARY']));
    expect(cell(2, 'INVALID_VALUE')).toBe('reservoir_capacity_ml');
    expect(codesOf(r, 3)).toEqual(['DOSE_ABOVE_MAXIMUM']);
    expect(codesOf(r, 4)).toEqual(['REFILL_BEFORE_IMPLANT']);
    expect(codesOf(r, 5)).toEqual(expect.arrayContaining(['IN_FUTURE']));
    expect(codesOf(r, 6)).toEqual(['DOSE_AFTER_REFILL']);
    expect(cell(7, 'INVALID_DATE')).toBe('birth_date');
    expect(cell(8, 'INVALID_DATE')).toBe('last_refill_at');
    expect(r.errors.filter((e) => e.row === 9).map((e) => [e.column, e.code])).toEqual([
      ['concentration_mcg_per_ml', 'UNIT_MISMATCH'],
      ['daily_dose_mcg', 'UNIT_MISMATCH'],
    ]);
    expect(codesOf(r, 10)).toEqual([]);
    expect(codesOf(r, 11)).toEqual(expect.arrayContaining(['INVALID_NUMBER', 'INVALID_VALUE']));
    expect(cell(12, 'INVALID_VALUE')).toBe('risk_factors');
    expect(codesOf(r, 13)).toEqual(expect.arrayContaining(['DOSE_ZERO_WITHDRAWAL_RISK']));
    expect(r.warnings.filter((w) => w.code === 'DOSE_ABOVE_1000')).toHaveLength(0); // row 12 is invalid
    const big = (await upload(csvOf([baseRow({ daily_dose_mcg: '1200' })])).expect(200)).body as ImportReport;
    expect(big.warnings).toEqual([
      expect.objectContaining({ row: 1, column: 'daily_dose_mcg', code: 'DOSE_ABOVE_1000' }),
    ]);
  });

  it('VOLUME_EXCEEDS_CAPACITY, a time in the DST gap, duplicates and conflicting patient rows', async () => {
    const shared = baseRow();
    const rows = [
      baseRow({ volume_after_refill_ml: '21' }),
      baseRow({ last_refill_at: '2025-03-30 01:30' }),
      shared,
      { ...baseRow(), pump_serial: shared.pump_serial },
      { ...baseRow({ mrn: shared.mrn }), birth_date: '1971-05-01' },
      baseRow({ mrn: shared.mrn, pump_serial: 'SN-OTHER-1' }),
    ];
    const r = (await upload(csvOf(rows)).expect(200)).body as ImportReport;
    expect(codesOf(r, 1)).toEqual(['VOLUME_EXCEEDS_CAPACITY']);
    expect(codesOf(r, 2)).toEqual(['INVALID_DATE']);
    expect(codesOf(r, 3)).toEqual(expect.arrayContaining(['DUPLICATE_PUMP', 'PATIENT_CONFLICT']));
    expect(codesOf(r, 4)).toEqual(['DUPLICATE_PUMP']);
    expect(r.errors.find((e) => e.row === 5)).toMatchObject({ code: 'PATIENT_CONFLICT', column: 'birth_date' });
    expect(codesOf(r, 6)).toEqual(['PATIENT_CONFLICT']);
  });

  it('date orders, decimal commas in ; files, unknown columns, blank rows keep their number', async () => {
    const row = baseRow({
      implanted_on: '10.01.2024',
      last_refill_at: '01/02/2026 14:15',
      volume_after_refill_ml: '19,5',
    });
    const columns = [
      'mrn',
      'Family Name',
      'GIVEN-NAME',
      'ward',
      ...Object.keys(row).filter((c) => !['mrn', 'family_name', 'given_name'].includes(c)),
    ];
    const withAliases = { ...row, 'Family Name': row.family_name, 'GIVEN-NAME': row.given_name, ward: '3B' };
    const blank = Object.fromEntries(columns.map((c) => [c, '']));
    const file = csvOf([blank, withAliases], ';', columns);
    expect((await upload(file, 'dryRun=true&dateOrder=XYZ').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const ymd = (await upload(file, 'dryRun=true').expect(200)).body as ImportReport;
    expect(codesOf(ymd, 2)).toEqual(['INVALID_DATE', 'INVALID_DATE']);
    expect(ymd.warnings).toEqual([expect.objectContaining({ column: 'ward', code: 'UNKNOWN_COLUMN' })]);
    const mdy = (await upload(file, 'dryRun=true&dateOrder=MDY').expect(200)).body as ImportReport;
    // month first: implanted 1 October 2024, refilled 2 January 2026
    expect(mdy).toMatchObject({ rows: 1, valid: 1, errors: [] });
    const dmy = (await upload(file, 'dateOrder=DMY').expect(201)).body as ImportReport;
    expect(dmy).toMatchObject({ rows: 1, valid: 1 });
    const pump = await t.app.get(DataSource).query('SELECT id FROM pumps WHERE serial_number = $1', [row.pump_serial]);
    const refills = await t.http.get(`/api/pumps/${pump[0].id}/refills`).set(u.auth('nurse')).expect(200);
    expect(refills.body[0]).toMatchObject({ at: '2026-02-01T14:15:00.000Z', volumeAddedMl: 19.5 });
  });

  it('XLSX: typed date and number cells, a formula’s saved value, numeric MRNs as shown', async () => {
    const row = baseRow({ mrn: '', pump_serial: '' });
    const file = await xlsxOf([row], (c, v) => {
      if (c === 'mrn') return 48213;
      if (c === 'pump_serial') return 'XL-' + Date.now();
      if (c === 'implanted_on') return new Date('2024-01-10T00:00:00Z');
      if (c === 'last_refill_at') return new Date('2026-02-10T10:00:00Z');
      if (c === 'daily_dose_mcg') return { formula: '100+50', result: 150 };
      if (c === 'volume_after_refill_ml') return 20;
      return v;
    });
    const r = (await upload(file, 'dryRun=true&dateOrder=MDY', 'admin', 'clinic.xlsx').expect(200))
      .body as ImportReport;
    expect(r).toMatchObject({ rows: 1, valid: 1, errors: [] });
    expect(r.preview[0].mrn).toBe('48213');
  });

  it('roles: admin and physician only', async () => {
    const file = csvOf([baseRow()]);
    expect((await upload(file, 'dryRun=true', 'nurse').expect(403)).body.code).toBe('FORBIDDEN');
    await upload(file, 'dryRun=true', 'staff').expect(403);
    await upload(file, 'dryRun=true', 'admin').expect(200);
    await t.http.get('/api/imports').set(u.auth('nurse')).expect(403);
    await t.http.get('/api/imports/template.csv').set(u.auth('staff')).expect(403);
  });

  it('templates: the header and one example row, valid under the default date order', async () => {
    const csv = await t.http.get('/api/imports/template.csv').set(u.auth('physician')).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0].split(',')).toContain('daily_dose_mcg');
    const dry = (await upload(Buffer.from(csv.text)).expect(200)).body as ImportReport;
    expect(dry).toMatchObject({ rows: 1, valid: 1, invalid: 0 });
    const xlsx = await t.http
      .get('/api/imports/template.xlsx')
      .set(u.auth('admin'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const fromXlsx = (await upload(xlsx.body as Buffer, 'dryRun=true', 'admin', 't.xlsx').expect(200))
      .body as ImportReport;
    expect(fromXlsx).toMatchObject({ rows: 1, valid: 1, invalid: 0 });
  });
});
