import type { AppointmentDto, PatientDto, PumpStatusDto } from '@pumpwatch/contracts';
import { FixedClock } from '../src/common/clock/clock';
import { signInDemoUsers } from './support/demo';
import { startTestApp, type TestApp } from './support/test-app';

/** iCalendar refill feed over the seeded demo clinic (Europe/London). */
interface VEvent {
  uid: string;
  props: Map<string, string>;
}

/** Unfolds RFC 5545 lines and splits VEVENTs into `NAME[;params]` → value maps. */
function parseIcs(text: string): { lines: string[]; calendar: Map<string, string>; events: VEvent[] } {
  const raw = text.split('\r\n');
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ') && lines.length) lines[lines.length - 1] += l.slice(1);
    else if (l) lines.push(l);
  }
  const calendar = new Map<string, string>();
  const events: VEvent[] = [];
  let current: Map<string, string> | null = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') current = new Map();
    else if (l === 'END:VEVENT') {
      events.push({ uid: current!.get('UID')!, props: current! });
      current = null;
    } else {
      const i = l.indexOf(':');
      (current ?? calendar).set(l.slice(0, i), l.slice(i + 1));
    }
  }
  return { lines: raw, calendar, events };
}

describe('iCalendar refill feed (demo clinic)', () => {
  let t: TestApp;
  let clock: FixedClock;
  const tokens: Record<string, string> = {};
  const as = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });
  let patients: PatientDto[];

  beforeAll(async () => {
    clock = new FixedClock(new Date('2026-03-02T10:00:00Z'));
    t = await startTestApp({ seed: 'demo', clock });
    Object.assign(tokens, await signInDemoUsers(t));
    patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body.items;
  });
  afterAll(() => t.close());

  it('lists every booked refill as a timed UTC event and every due date as an all-day event in the clinic zone', async () => {
    const created = await t.http.post('/api/calendar/token').set(as('staff')).expect(201);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.path).toBe(`/api/calendar/${created.body.token}.ics`);

    const res = await t.http.get(created.body.path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const ics = parseIcs(res.text);
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(res.text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(ics.calendar.get('VERSION')).toBe('2.0');
    expect(ics.calendar.get('PRODID')).toMatch(/PumpWatch/);
    expect(ics.calendar.get('X-WR-TIMEZONE')).toBe('Europe/London');
    // RFC 5545 §3.1: content lines fold at 75 octets
    for (const l of ics.lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);

    const byUid = new Map(ics.events.map((e) => [e.uid, e]));
    expect(byUid.size).toBe(ics.events.length);
    let dueEvents = 0;
    for (const p of patients) {
      const detail = (await t.http.get(`/api/patients/${p.id}`).set(as('nurse')).expect(200)).body as {
        pumps: { id: string; explantedAt: string | null }[];
      };
      for (const pump of detail.pumps) {
        const status = await t.http.get(`/api/pumps/${pump.id}/status`).set(as('nurse'));
        const event = byUid.get(`refill-due-${pump.id}@pumpwatch`);
        if (status.status !== 200) {
          expect(event).toBeUndefined();
          continue;
        }
        const s = status.body as PumpStatusDto;
        dueEvents++;
        expect(event).toBeDefined();
        expect(event!.props.get('DTSTART;VALUE=DATE')).toBe(s.refillDueDate!.replaceAll('-', ''));
        expect(event!.props.get('SUMMARY')).toContain(p.mrn);
        // minimum necessary: MRN and initials, never the full name in a synced calendar
        expect(event!.props.get('SUMMARY')).not.toContain(p.familyName);
      }
    }
    expect(dueEvents).toBeGreaterThanOrEqual(12);

    const booked = (await t.http.get('/api/appointments?status=booked').set(as('nurse')).expect(200))
      .body as AppointmentDto[];
    expect(booked.length).toBeGreaterThan(0);
    for (const a of booked) {
      const event = byUid.get(`appointment-${a.id}@pumpwatch`)!;
      expect(event).toBeDefined();
      const utc = a.at.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
      expect(event.props.get('DTSTART')).toBe(utc);
      expect(event.props.get('DTEND')).toMatch(/^\d{8}T\d{6}Z$/);
    }
    expect(ics.events).toHaveLength(dueEvents + booked.length);
  });

  it('keeps UIDs stable as time passes, so calendars update events instead of duplicating them', async () => {
    const { body } = await t.http.post('/api/calendar/token').set(as('nurse')).expect(201);
    const first = parseIcs((await t.http.get(body.path).expect(200)).text).events;
    clock.advance(3 * 86_400_000);
    try {
      const later = parseIcs((await t.http.get(body.path).expect(200)).text).events;
      expect(later.map((e) => e.uid).sort()).toEqual(first.map((e) => e.uid).sort());
    } finally {
      clock.set('2026-03-02T10:00:00Z');
    }
  });

  it('rotating replaces the token; revoking ends the feed (404); only the hash is stored', async () => {
    const one = (await t.http.post('/api/calendar/token').set(as('physician')).expect(201)).body;
    const two = (await t.http.post('/api/calendar/token').set(as('physician')).expect(201)).body;
    expect(two.token).not.toBe(one.token);
    await t.http.get(one.path).expect(404);
    await t.http.get(two.path).expect(200);

    const { DataSource } = await import('typeorm');
    const rows = (await t.app.get(DataSource).query(`SELECT token_sha256 FROM calendar_tokens`)) as {
      token_sha256: string;
    }[];
    expect(rows.some((r) => r.token_sha256.includes(two.token))).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.map((r) => r.token_sha256)).toContain(createHash('sha256').update(two.token).digest('hex'));

    await t.http.delete('/api/calendar/token').set(as('physician')).expect(204);
    const gone = await t.http.get(two.path).expect(404);
    expect(gone.body.code).toBe('NOT_FOUND');
    await t.http.delete('/api/calendar/token').set(as('physician')).expect(404);
  });

  it('needs a signed-in user to create a token; unknown or malformed tokens are 404', async () => {
    await t.http.post('/api/calendar/token').expect(401);
    await t.http.delete('/api/calendar/token').expect(401);
    await t.http.get(`/api/calendar/${'A'.repeat(43)}.ics`).expect(404);
    await t.http.get('/api/calendar/short.ics').expect(404);
  });

  it("a deactivated user's feed stops at once", async () => {
    const { body } = await t.http.post('/api/calendar/token').set(as('admin')).expect(201);
    await t.http.get(body.path).expect(200);
    const { DataSource } = await import('typeorm');
    await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE email = 'admin@demo.pumpwatch.local'`);
    try {
      await t.http.get(body.path).expect(404);
    } finally {
      await t.app.get(DataSource).query(`UPDATE users SET active = true WHERE email = 'admin@demo.pumpwatch.local'`);
    }
  });
});
