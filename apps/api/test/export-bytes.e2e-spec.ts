import type { ImportReport, PatientDto } from '@pumpwatch/contracts';
import { IMPORT_COLUMNS } from '@pumpwatch/contracts';
import type { Response } from 'supertest';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

/**
 * The exact bytes of the file exports: what Excel and calendar apps read, not what a lenient parser forgives.
 * Excel opens a CSV without a byte-order mark in the machine's legacy code page ("FernÃ¡ndez"); RFC 5545 ends
 * every content line, the last one included, with CRLF.
 */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CRLF = Buffer.from('\r\n');
const FERNANDEZ_UTF8 = Buffer.from([0x46, 0x65, 0x72, 0x6e, 0xc3, 0xa1, 0x6e, 0x64, 0x65, 0x7a]); // "Fernández"

/** The response body as raw bytes (supertest would otherwise decode text, which hides a missing mark). */
const raw = (res: Response) => res.body as Buffer;
function bytesOf(req: import('supertest').Test): import('supertest').Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

/** Occurrences of a byte sequence in a buffer. */
function countOf(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
}

describe('file exports: exact bytes (demo clinic)', () => {
  let t: TestApp;

  const { as } = useDemoApp({ at: '2026-03-02T10:00:00Z' }, async (app) => {
    t = app;
    const patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body
      .items as PatientDto[];
    const target = patients.find((p) => p.mrn === 'DEMO-005')!;
    const current = (await t.http.get(`/api/patients/${target.id}`).set(as('nurse')).expect(200)).body as PatientDto;
    await t.http
      .patch(`/api/patients/${target.id}`)
      .set(as('nurse'))
      .send({ familyName: 'Fernández', version: current.version })
      .expect(200);
  });

  it.each([
    [
      'worklist.csv',
      'nurse',
      'refillDueDate,overdue,refillDueReason,mrn,familyName,givenName,highRisk,reservoirNowMl,lowReservoirAlarmAt,' +
        'nextAppointmentAt,proposedSlot,pumpId,patientId\r\n',
    ],
    [
      'alarms.csv',
      'nurse',
      'id,priority,code,status,raisedAt,mrn,familyName,givenName,highRisk,reservoirNowMl,refillDueDate,' +
        'acknowledgedAt,acknowledgedBy,acknowledgeNote,snoozedUntil,snoozeReason,resolvedAt,resolution,escalated,' +
        'pumpId,patientId\r\n',
    ],
    ['audit.csv', 'physician', 'seq,at,userId,action,entityType,entityId,before,after,prevHash,hash\r\n'],
  ])(
    '%s starts with the UTF-8 byte-order mark, then the header row; "Fernández" is UTF-8; CRLF ends it',
    async (file, role, header) => {
      const res = await bytesOf(t.http.get(`/api/exports/${file}`).set(as(role))).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const body = raw(res);
      expect(body.subarray(0, BOM.length + Buffer.byteLength(header))).toEqual(
        Buffer.concat([BOM, Buffer.from(header)]),
      );
      // one mark only: a second one would show as a stray character in a cell
      expect(countOf(body, BOM)).toBe(1);
      expect(countOf(body, FERNANDEZ_UTF8)).toBeGreaterThan(0);
      expect(body.subarray(-2)).toEqual(CRLF);
    },
  );

  it('an error stays a JSON envelope without a byte-order mark', async () => {
    const res = await bytesOf(t.http.get('/api/exports/audit.csv').set(as('nurse'))).expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(raw(res).subarray(0, 1).toString()).toBe('{');
  });

  it('the import template starts with the byte-order mark too, and the importer reads it back ("Fernández" kept)', async () => {
    const res = await bytesOf(t.http.get('/api/imports/template.csv').set(as('physician'))).expect(200);
    const body = raw(res);
    expect(body.subarray(0, BOM.length + IMPORT_COLUMNS.join(',').length + 2)).toEqual(
      Buffer.concat([BOM, Buffer.from(`${IMPORT_COLUMNS.join(',')}\r\n`)]),
    );
    expect(countOf(body, BOM)).toBe(1);
    expect(body.subarray(-2)).toEqual(CRLF);

    // the template as a clinic would send it back: mark kept, a name with an accent typed into the example row
    const edited = Buffer.from(body.toString('utf8').replace('Example', 'Fernández'), 'utf8');
    expect(edited.subarray(0, 3)).toEqual(BOM);
    const upload = await t.http.post('/api/imports').set(as('physician')).attach('file', edited, 'template.csv');
    expect(upload.status).toBe(201);
    const report = upload.body as ImportReport;
    expect(report).toMatchObject({ rows: 1, valid: 1, invalid: 0, errors: [] });
    // the first column is read as "mrn", not "\uFEFFmrn" (which would be an unknown column)
    expect(report.warnings).toEqual([]);
    const found = (await t.http.get('/api/patients?search=MRN-000123').set(as('nurse')).expect(200)).body
      .items as PatientDto[];
    expect(found.map((p) => [p.mrn, p.familyName])).toEqual([['MRN-000123', 'Fernández']]);
  });

  it('the iCalendar feed ends with CRLF after END:VCALENDAR and has no bare line feed', async () => {
    const created = await t.http.post('/api/calendar/token').set(as('staff')).expect(201);
    const res = await bytesOf(t.http.get(created.body.path as string)).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const body = raw(res);
    expect(body.subarray(0, 17)).toEqual(Buffer.from('BEGIN:VCALENDAR\r\n'));
    expect(body.subarray(-15)).toEqual(Buffer.from('END:VCALENDAR\r\n'));
    // every LF belongs to a CRLF
    expect(countOf(body, Buffer.from('\n'))).toBe(countOf(body, CRLF));
  });
});
