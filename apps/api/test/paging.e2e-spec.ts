import {
  NEXT_CURSOR_HEADER,
  OVERDUE_COUNT_HEADER,
  TOTAL_COUNT_HEADER,
  type AlarmListItemDto,
  type AlarmSummaryDto,
  type RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { DoseProgramEntity } from '../src/modules/dose-programs/dose-program.entity';
import { RefillEntity } from '../src/modules/refills/refill.entity';
import { DAY_MS } from './support/alarm-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * Cursor paging of the alarm board and the refill worklist over HTTP: the pages of a list, read one after the
 * other, are exactly the unpaged list (same rows, same order, same JSON); rows written between two page reads
 * neither repeat nor hide a row that was there all along; a cursor that is not one of the list's own is refused.
 */
describe('paged alarm board and worklist', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  let db: DataSource;
  let batch = 0;

  /** `n` patients with one pump each, named from `names` in turn; returns the pump ids. */
  async function pumps(n: number, names: string[]): Promise<string[]> {
    const tag = `B${++batch}`;
    await db.query(
      `INSERT INTO patients (id, version, mrn, given_name, family_name, birth_date, spasticity_origin, high_risk)
       SELECT gen_random_uuid(), 1, $1 || '-' || g, 'Pat', ($2::text[])[1 + (g % array_length($2::text[], 1))],
              '1970-01-01', 'spinal', false
         FROM generate_series(1, $3) g`,
      [tag, names, n],
    );
    const rows = (await db.query(
      `INSERT INTO pumps (id, version, patient_id, model, serial_number, reservoir_capacity_ml, low_reservoir_alarm_ml,
                          implanted_at)
       SELECT gen_random_uuid(), 1, id, 'SynchroMed II', 'SN-' || mrn, 20, 2, '2025-01-01T00:00:00Z'
         FROM patients WHERE mrn LIKE $1 || '-%'
       RETURNING id`,
      [tag],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Open alarms on the pumps: priorities in turn, raised at a few shared instants (ties broken by id). */
  async function alarms(
    pumpIds: string[],
    status = 'open',
    raisedBase = '2026-03-01T00:00:00Z',
    priorities = ['critical', 'high', 'medium', 'low'],
  ): Promise<void> {
    await db.query(
      `INSERT INTO alarms (version, pump_id, patient_id, code, priority, status, raised_at)
       SELECT 1, p.id, p.patient_id, 'REFILL_NOT_BOOKED',
              ($4::text[])[1 + (n % array_length($4::text[], 1))], $2,
              $3::timestamptz + ((n % 5) || ' minutes')::interval + interval '0.000123 seconds'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n) JOIN pumps p ON p.id = v.id`,
      [pumpIds, status, raisedBase, priorities],
    );
  }

  type Page<T> = { rows: T[]; next: string | undefined; headers: Record<string, string> };
  async function page<T>(path: string): Promise<Page<T>> {
    const res = await t.http.get(path).set(u.auth('staff'));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(Array.isArray(res.body)).toBe(true);
    return { rows: res.body as T[], next: res.headers[NEXT_CURSOR_HEADER.toLowerCase()], headers: res.headers };
  }
  /** Every page of a list, following X-Next-Cursor; `between` runs after each page. */
  async function allPages<T>(base: string, limit: number, between?: (n: number) => Promise<void>): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor: string | undefined;
    do {
      const sep = base.includes('?') ? '&' : '?';
      const p = await page<T>(`${base}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(p.rows.length).toBeLessThanOrEqual(limit);
      pages.push(p.rows);
      cursor = p.next;
      if (between) await between(pages.length);
    } while (cursor && pages.length < 1000);
    return pages;
  }

  const errorOf = async (path: string) => {
    const res = await t.http.get(path).set(u.auth('staff'));
    return { status: res.status, code: (res.body as { code?: string }).code };
  };

  useTestApp({ clock }, async (app) => {
    ({ t, u } = app);
    db = t.app.get(DataSource);
  });

  describe('alarm board', () => {
    let original: string[];

    beforeAll(async () => {
      original = await pumps(230, ['Adams', 'Brown', 'Clark']);
      await alarms(original.slice(0, 200));
      await alarms(original.slice(200), 'acknowledged');
      // a clinic-wide alarm: no pump, no patient
      await db.query(
        `INSERT INTO alarms (version, pump_id, patient_id, code, priority, status, raised_at)
         VALUES (1, NULL, NULL, 'NOTIFICATIONS_FAILING', 'high', 'open', '2026-03-01T00:02:00.000123Z')`,
      );
    });

    it('pages concatenate to the unpaged list exactly, for each filter', async () => {
      for (const filter of ['?status=open', '', '?status=open&priority=high', '?status=acknowledged']) {
        const full = await page<AlarmListItemDto>(`/api/alarms${filter}`);
        expect(full.next).toBeUndefined(); // unpaged: the whole list, never a cursor
        expect(full.rows.length).toBeGreaterThan(0);
        const pages = await allPages<AlarmListItemDto>(`/api/alarms${filter}`, 37);
        expect(pages.flat()).toEqual(full.rows);
        expect(pages.at(-1)!.length).toBeGreaterThan(0);
      }
      const open = await page<AlarmListItemDto>('/api/alarms?status=open');
      expect(open.rows).toHaveLength(201);
      // critical first, then oldest raised, then id
      const rank = { critical: 0, high: 1, medium: 2, low: 3 };
      const keys = open.rows.map((a) => [rank[a.priority], a.raisedAt, a.id].join('|'));
      expect(keys).toEqual([...keys].sort());
    });

    it('a page that exactly ends the list carries no cursor', async () => {
      const p = await page<AlarmListItemDto>('/api/alarms?status=acknowledged&limit=30');
      expect(p.rows).toHaveLength(30);
      expect(p.next).toBeUndefined();
    });

    it('alarms raised between page reads neither repeat nor hide an alarm that was there all along', async () => {
      const before = (await page<AlarmListItemDto>('/api/alarms?status=open')).rows.map((a) => a.id);
      const fresh = await pumps(40, ['Zed']);
      const pages = await allPages<AlarmListItemDto>('/api/alarms?status=open', 25, async (n) => {
        // raised while the nurse scrolls: ranked before and after the pages already read
        if (n === 2) await alarms(fresh.slice(0, 20), 'open', '2026-02-01T00:00:00Z');
        if (n === 4) await alarms(fresh.slice(20), 'open', '2026-03-01T12:00:00Z', ['low']);
      });
      const seen = pages.flat().map((a) => a.id);
      expect(new Set(seen).size).toBe(seen.length); // no duplicates
      for (const id of before) expect(seen).toContain(id); // no gaps
      // every alarm ranked after the cursor when it was raised (the last low ones) is on a later page
      const after = (await page<AlarmListItemDto>('/api/alarms?status=open')).rows;
      const late = after.filter((a) => a.raisedAt.startsWith('2026-03-01T12:'));
      expect(late).toHaveLength(20);
      for (const a of late) expect(seen).toContain(a.id);
    });

    it('counts per priority for the board header, whatever is paged', async () => {
      const open = (await page<AlarmListItemDto>('/api/alarms?status=open')).rows;
      const res = await t.http.get('/api/alarms/summary?status=open').set(u.auth('staff')).expect(200);
      const summary = res.body as AlarmSummaryDto;
      expect(summary.total).toBe(open.length);
      for (const p of ['critical', 'high', 'medium', 'low'] as const) {
        expect(summary.byPriority[p]).toBe(open.filter((a) => a.priority === p).length);
      }
      await t.http.get('/api/alarms/summary?status=nope').set(u.auth('staff')).expect(400);
    });

    it('refuses a bad cursor or a page size over 200 with a code, and a cursor of other filters', async () => {
      expect(await errorOf('/api/alarms?status=open&limit=10&cursor=not-a-cursor')).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
      const forged = Buffer.from(JSON.stringify({ l: 'alarms', f: 'x', k: [0, "1'; DROP", 'x'] })).toString(
        'base64url',
      );
      expect((await errorOf(`/api/alarms?status=open&limit=10&cursor=${forged}`)).code).toBe('INVALID_CURSOR');
      const first = await page<AlarmListItemDto>('/api/alarms?status=open&limit=10');
      expect(first.next).toBeDefined();
      const cursor = encodeURIComponent(first.next!);
      expect(await errorOf(`/api/alarms?status=active&limit=10&cursor=${cursor}`)).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
      expect((await errorOf(`/api/worklist/refills?limit=10&cursor=${cursor}`)).code).toBe('INVALID_CURSOR');
      // the page size may change between pages (same filters)
      expect((await page<AlarmListItemDto>(`/api/alarms?status=open&limit=5&cursor=${cursor}`)).rows).toHaveLength(5);
      expect(await errorOf('/api/alarms?status=open&limit=201')).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect((await errorOf('/api/alarms?status=open&limit=0')).status).toBe(400);
    });
  });

  describe('refill worklist', () => {
    const TO = '2026-12-31';
    /** Filled `daysAgo` days ago with 20 mL at 1000 mcg/mL, 400 mcg/day: due ~ 37 days after the refill. */
    async function fill(pumpIds: string[], daysAgo: (i: number) => number): Promise<void> {
      const now = clock.now().getTime();
      await db.getRepository(DoseProgramEntity).save(
        pumpIds.map((pumpId) => ({
          pumpId,
          effectiveAt: new Date(now - 400 * DAY_MS),
          basalDoseMcgPerDay: 400,
          flexSteps: null,
          bolusDoseMcg: null,
          maxBolusesPerDay: null,
          programmedDoseMcgPerDay: 400,
          createdBy: u.ids.physician,
          verifiedBy: u.ids.physician2,
          verifiedAt: new Date(now - 400 * DAY_MS),
        })),
      );
      await db.getRepository(RefillEntity).save(
        pumpIds.map((pumpId, i) => ({
          pumpId,
          at: new Date(now - daysAgo(i) * DAY_MS),
          actualResidualMl: 2,
          volumeAddedMl: 20,
          concentrationMcgPerMl: 1000,
          programmedConcentrationMcgPerMl: 1000,
          needlePositionConfirmed: true,
          discrepancy: 'NONE' as const,
          discrepancyMl: 0,
          recordedBy: u.ids.nurse,
        })),
      );
    }
    let original: string[];

    beforeAll(async () => {
      original = await pumps(70, ['Evans', 'Evans', 'Fox']);
      // refills 0…60 days ago in steps of 4: due dates shared by several pumps, some overdue
      await fill(original, (i) => (i % 16) * 4);
    });

    it('pages concatenate to the unpaged list exactly, with the whole list counted in headers', async () => {
      const full = await page<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}`);
      expect(full.next).toBeUndefined();
      expect(full.headers[TOTAL_COUNT_HEADER.toLowerCase()]).toBeUndefined(); // unpaged: body as before
      const ids = full.rows.map((i) => i.pumpId);
      expect(ids).toHaveLength(70);
      const overdue = full.rows.filter((i) => i.overdue).length;
      expect(overdue).toBeGreaterThan(0);
      expect(overdue).toBeLessThan(70);
      // overdue first, then due date, then patient name, then pump id
      const keys = full.rows.map((i) =>
        [i.overdue ? 0 : 1, i.refillDueDate, i.patient.familyName, i.patient.givenName, i.pumpId].join('|'),
      );
      expect(keys).toEqual([...keys].sort());

      const first = await page<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}&limit=9`);
      expect(first.headers[TOTAL_COUNT_HEADER.toLowerCase()]).toBe('70');
      expect(first.headers[OVERDUE_COUNT_HEADER.toLowerCase()]).toBe(String(overdue));
      const pages = await allPages<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}`, 9);
      expect(pages).toHaveLength(8);
      expect(pages.flat()).toEqual(full.rows);
      // the default range too
      const dflt = await page<RefillWorklistItemDto>('/api/worklist/refills');
      expect((await allPages<RefillWorklistItemDto>('/api/worklist/refills', 6)).flat()).toEqual(dflt.rows);
    });

    it('pumps falling due between page reads neither repeat nor hide a row that was there all along', async () => {
      const fresh = await pumps(20, ['Aaron', 'Zulu']);
      const pages = await allPages<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}`, 10, async (n) => {
        // very overdue (before the pages read) and due late (after them)
        if (n === 2) await fill(fresh.slice(0, 10), () => 90);
        if (n === 3) await fill(fresh.slice(10), () => 1);
      });
      const seen = pages.flat().map((i) => i.pumpId);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of original) expect(seen).toContain(id);
      for (const id of fresh.slice(10)) expect(seen).toContain(id);
    });

    it('refuses a bad cursor, a cursor of another range, and a renamed cursor row, with a code', async () => {
      expect(await errorOf('/api/worklist/refills?limit=5&cursor=%%%')).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
      const first = await page<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}&limit=5`);
      const cursor = encodeURIComponent(first.next!);
      expect(await errorOf(`/api/worklist/refills?to=2026-11-30&limit=5&cursor=${cursor}`)).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
      expect((await errorOf(`/api/alarms?limit=5&cursor=${cursor}`)).code).toBe('INVALID_CURSOR');
      expect(await errorOf('/api/worklist/refills?limit=201')).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      // the cursor's row renamed: its place in the order moved, so the page would start elsewhere — refused
      const last = first.rows.at(-1)!;
      await db.query(`UPDATE patients SET family_name = 'Renamed' WHERE id = $1`, [last.patient.id]);
      expect(await errorOf(`/api/worklist/refills?to=${TO}&limit=5&cursor=${cursor}`)).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
    });

    it('the CSV export stays the whole list and takes no page parameters', async () => {
      const csv = await t.http.get(`/api/exports/worklist.csv?to=${TO}`).set(u.auth('staff')).expect(200);
      const full = await page<RefillWorklistItemDto>(`/api/worklist/refills?to=${TO}`);
      expect(csv.text.trim().split(/\r?\n/)).toHaveLength(full.rows.length + 1);
      await t.http.get(`/api/exports/worklist.csv?limit=5`).set(u.auth('staff')).expect(400);
    });
  });
});
