import type { AlarmListItemDto, AuditEntryDto, PatientDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { safeText, toCsv } from '../src/modules/exports/csv';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

/**
 * Minimal RFC 4180 reader (quoted fields, doubled quotes) that, like a spreadsheet, also ends a record at an
 * unquoted lone CR or LF, so the tests read what a spreadsheet reads.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The text after the UTF-8 byte-order mark every export starts with (a spreadsheet does not show it). */
function withoutBom(text: string): string {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text.slice(1);
}

/** Header row + records as objects. */
function records(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...body] = parseCsv(withoutBom(text));
  return { header: header!, rows: body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

describe('CSV exports (demo clinic)', () => {
  let t: TestApp;
  let patients: PatientDto[];

  const { as } = useDemoApp({ at: '2026-03-02T10:00:00Z' }, async (app) => {
    t = app;
    patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body.items;
  });

  it('worklist.csv has the rows of GET /api/worklist/refills, in order, with the same filters', async () => {
    for (const q of ['', '?to=2026-03-31', '?from=2026-03-10&to=2026-04-30']) {
      const json = (await t.http.get(`/api/worklist/refills${q}`).set(as('staff')).expect(200))
        .body as RefillWorklistItemDto[];
      const res = await t.http.get(`/api/exports/worklist.csv${q}`).set(as('staff')).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="refill-worklist\.csv"/);
      const { header, rows } = records(res.text);
      expect(header.slice(0, 4)).toEqual(['refillDueDate', 'overdue', 'refillDueReason', 'mrn']);
      expect(rows.map((r) => r.pumpId)).toEqual(json.map((i) => i.pumpId));
      for (const [i, item] of json.entries()) {
        expect(rows[i]).toMatchObject({
          refillDueDate: item.refillDueDate,
          mrn: item.patient.mrn,
          familyName: item.patient.familyName,
          overdue: String(item.overdue),
          reservoirNowMl: String(item.reservoirNowMl),
          nextAppointmentAt: item.nextAppointmentAt ?? '',
        });
      }
    }
    const all = records((await t.http.get('/api/exports/worklist.csv').set(as('nurse')).expect(200)).text);
    expect(all.rows.length).toBeGreaterThanOrEqual(5);
    await t.http.get('/api/exports/worklist.csv?from=2026-05-01&to=2026-04-01').set(as('nurse')).expect(400);
    await t.http.get('/api/exports/worklist.csv?to=tomorrow').set(as('nurse')).expect(400);
  });

  it('alarms.csv follows the alarm board filters (status, priority, code)', async () => {
    for (const q of ['', '?status=active&priority=critical', '?code=REFILL_NOT_BOOKED', '?status=resolved']) {
      const json = (await t.http.get(`/api/alarms${q}`).set(as('staff')).expect(200)).body as AlarmListItemDto[];
      const { header, rows } = records(
        (await t.http.get(`/api/exports/alarms.csv${q}`).set(as('staff')).expect(200)).text,
      );
      expect(header).toContain('priority');
      expect(rows.map((r) => r.id)).toEqual(json.map((a) => a.id));
      for (const [i, a] of json.entries()) {
        expect(rows[i]).toMatchObject({ code: a.code, priority: a.priority, status: a.status, mrn: a.patient!.mrn });
      }
    }
    const critical = records(
      (await t.http.get('/api/exports/alarms.csv?priority=critical').set(as('nurse')).expect(200)).text,
    ).rows;
    expect(critical.length).toBeGreaterThan(0);
    expect(new Set(critical.map((r) => r.priority))).toEqual(new Set(['critical']));
    await t.http.get('/api/exports/alarms.csv?priority=urgent').set(as('nurse')).expect(400);
  });

  it('audit.csv mirrors GET /api/audit (entityId filter) for physicians and admins only', async () => {
    const patient = patients[0]!;
    for (const q of ['', `?entityId=${patient.id}`]) {
      const json = (await t.http.get(`/api/audit${q}`).set(as('physician')).expect(200)).body as AuditEntryDto[];
      const { header, rows } = records(
        (await t.http.get(`/api/exports/audit.csv${q}`).set(as('admin')).expect(200)).text,
      );
      expect(header).toEqual([
        'seq',
        'at',
        'userId',
        'action',
        'entityType',
        'entityId',
        'before',
        'after',
        'prevHash',
        'hash',
      ]);
      expect(rows.map((r) => r.hash)).toEqual(json.map((e) => e.hash));
      for (const [i, e] of json.entries()) {
        expect(rows[i]!.seq).toBe(String(e.seq));
        expect(rows[i]!.after ? JSON.parse(rows[i]!.after) : null).toEqual(e.after);
      }
    }
    const one = records(
      (await t.http.get(`/api/exports/audit.csv?entityId=${patient.id}`).set(as('physician')).expect(200)).text,
    ).rows;
    expect(one.length).toBeGreaterThan(0);
    expect(new Set(one.map((r) => r.entityId))).toEqual(new Set([patient.id]));

    for (const role of ['nurse', 'staff']) {
      const res = await t.http.get('/api/exports/audit.csv').set(as(role)).expect(403);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await t.http.get('/api/exports/worklist.csv').expect(401);
    await t.http.get('/api/exports/alarms.csv').expect(401);
  });

  it('neutralises spreadsheet formulas in text cells (CSV injection) but keeps numbers', async () => {
    const target = patients.find((p) => p.mrn === 'DEMO-005')!;
    const current = (await t.http.get(`/api/patients/${target.id}`).set(as('nurse')).expect(200)).body;
    await t.http
      .patch(`/api/patients/${target.id}`)
      .set(as('nurse'))
      .send({
        familyName: '=HYPERLINK("http://evil.example","click")',
        givenName: '+1+cmd|calc',
        version: current.version,
      })
      .expect(200);
    const alarm = (
      (await t.http.get(`/api/alarms?patientId=${target.id}`).set(as('nurse')).expect(200)).body as AlarmListItemDto[]
    ).find((a) => a.priority !== 'critical')!;
    await t.http
      .post(`/api/alarms/${alarm.id}/acknowledge`)
      .set(as('nurse'))
      .send({ note: '@SUM(1+1)*cmd', version: alarm.version })
      .expect(200);

    const worklist = records((await t.http.get('/api/exports/worklist.csv').set(as('nurse')).expect(200)).text).rows;
    const row = worklist.find((r) => r.mrn === 'DEMO-005')!;
    expect(row.familyName).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row.givenName).toBe("'+1+cmd|calc");

    const alarms = records(
      (await t.http.get(`/api/exports/alarms.csv?patientId=${target.id}`).set(as('nurse')).expect(200)).text,
    ).rows;
    expect(alarms.find((r) => r.id === alarm.id)!.acknowledgeNote).toBe("'@SUM(1+1)*cmd");
    expect(alarms.find((r) => r.id === alarm.id)!.familyName).toBe(`'=HYPERLINK("http://evil.example","click")`);

    const audit = records(
      (await t.http.get(`/api/exports/audit.csv?entityId=${target.id}`).set(as('physician')).expect(200)).text,
    ).rows;
    expect(audit.some((r) => r.action.includes('update') && r.after.includes('HYPERLINK'))).toBe(true);
    for (const r of [...worklist, ...alarms, ...audit]) {
      for (const v of Object.values(r)) expect(/^[=+@\t\r]/.test(v)).toBe(false);
    }
    // text starting with '-' is neutralised too; a number cell (e.g. a discrepancy of -1.5 mL) stays a number
    expect(
      toCsv(
        [{ ml: -1.5, text: '-1.5' }],
        [
          { header: 'ml', value: (r) => r.ml },
          { header: 'text', value: (r) => r.text },
        ],
      ),
    ).toBe("ml,text\r\n-1.5,'-1.5\r\n");
    expect(safeText('-1.5')).toBe("'-1.5");
    expect(safeText('-')).toBe("'-");
    expect(safeText('plain')).toBe('plain');
  });

  it('guards every line of a multi-line cell and quotes cells holding a lone CR or LF', async () => {
    const alarm = (
      (await t.http.get('/api/alarms?status=open').set(as('nurse')).expect(200)).body as AlarmListItemDto[]
    ).find((a) => a.priority !== 'critical')!;
    const target = { id: alarm.patientId };
    const note = "Smith\n=cmd|' /C calc'!A0\r@SUM(1)"; // no CRLF: csv-stringify quoted only that
    await t.http
      .post(`/api/alarms/${alarm.id}/acknowledge`)
      .set(as('nurse'))
      .send({ note, version: alarm.version })
      .expect(200);
    const text = (await t.http.get(`/api/exports/alarms.csv?patientId=${target.id}`).set(as('nurse')).expect(200)).text;
    const { header, rows } = records(text);
    // one record per alarm: the line breaks stayed inside the quoted cell
    expect(rows.every((r) => r.id && r.patientId === target.id)).toBe(true);
    expect(rows.find((r) => r.id === alarm.id)!.acknowledgeNote).toBe("Smith\n'=cmd|' /C calc'!A0\r'@SUM(1)");
    for (const cells of parseCsv(withoutBom(text))) {
      expect(cells.length).toBe(header.length);
      for (const line of cells.flatMap((cell) => cell.split(/\r\n|\r|\n/))) {
        if (!/^-?\d+(\.\d+)?$/.test(line)) expect(line).not.toMatch(/^[=+@\t-]/); // a negative number is data
      }
    }
    expect(toCsv([{ v: 'a\nb' }, { v: 'c\rd' }, { v: 'e\r\n-f' }], [{ header: 'v', value: (r) => r.v }])).toBe(
      `v\r\n"a\nb"\r\n"c\rd"\r\n"e\r\n'-f"\r\n`,
    );
  });

  it('refuses control characters in names and MRNs with 400 VALIDATION_FAILED and changes nothing', async () => {
    const target = patients.find((p) => p.mrn === 'DEMO-007')!;
    const current = (await t.http.get(`/api/patients/${target.id}`).set(as('nurse')).expect(200)).body as PatientDto;
    const bad = ['Smith\n=cmd', 'Smith\r', 'a\tb', 'nul\u0000', 'esc\u001b[31m', 'del\u007f', 'nel\u0085', 'ls\u2028x'];
    for (const field of ['givenName', 'familyName', 'mrn'] as const) {
      for (const value of bad) {
        const patch = await t.http
          .patch(`/api/patients/${target.id}`)
          .set(as('nurse'))
          .send({ [field]: value, version: current.version });
        expect([field, value, patch.status, patch.body.code]).toEqual([field, value, 400, 'VALIDATION_FAILED']);
        const create = await t.http
          .post('/api/patients')
          .set(as('nurse'))
          .send({
            mrn: 'CTRL-1',
            givenName: 'Ann',
            familyName: 'Lee',
            birthDate: '1970-01-01',
            spasticityOrigin: 'spinal',
            riskFactors: [],
            [field]: value,
          });
        expect([field, value, create.status, create.body.code]).toEqual([field, value, 400, 'VALIDATION_FAILED']);
      }
    }
    const after = (await t.http.get(`/api/patients/${target.id}`).set(as('nurse')).expect(200)).body as PatientDto;
    expect(after).toEqual(current);
    const created = await t.http.get('/api/patients?search=CTRL-1').set(as('nurse')).expect(200);
    expect(created.body.total).toBe(0);
    const user = await t.http
      .post('/api/users')
      .set(as('admin'))
      .send({ email: 'ctrl@clinic.example', name: 'Eve\nAdmin', role: 'staff', password: 'x'.repeat(12) });
    expect([user.status, user.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    // letters from any script, accents and bidirectional marks stay allowed in names
    await t.http
      .patch(`/api/patients/${target.id}`)
      .set(as('nurse'))
      .send({ givenName: 'Zoë \u202eنام', version: current.version })
      .expect(200);
  });
});
