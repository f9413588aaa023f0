import type { AlarmListItemDto, AlarmListQuery } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { AlarmQueries } from '../src/modules/alarms/alarm-queries.service';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/** A board that silently drops alarms past a page size hides patients at risk: unresolved alarms are never cut. */
describe('alarm board completeness', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  const CODES = ['REFILL_NOT_BOOKED', 'LOW_RESERVOIR', 'REFILL_OVERDUE', 'MRI_CHECK_DUE'];
  const PUMPS = 160; // × 4 codes = 640 unresolved alarms, more than any old default page

  useTestApp({ clock }, async (app) => {
    ({ t, u } = app);
    const db = t.app.get(DataSource);
    await db.query(
      `INSERT INTO patients (id, version, mrn, given_name, family_name, birth_date, spasticity_origin, high_risk)
       SELECT gen_random_uuid(), 1, 'LIMIT-' || g, 'Many', 'Alarms' || g, '1970-01-01', 'spinal', false
         FROM generate_series(1, $1) g`,
      [PUMPS],
    );
    await db.query(
      `INSERT INTO pumps (id, version, patient_id, model, serial_number, reservoir_capacity_ml, low_reservoir_alarm_ml,
                          implanted_at)
       SELECT gen_random_uuid(), 1, id, 'SynchroMed II', 'SN-' || mrn, 20, 2, '2025-01-01T00:00:00Z'
         FROM patients WHERE mrn LIKE 'LIMIT-%'`,
    );
    await db.query(
      `INSERT INTO alarms (version, pump_id, patient_id, code, priority, status, raised_at)
       SELECT 1, p.id, p.patient_id, c.code, 'low', CASE WHEN c.n = 4 THEN 'acknowledged' ELSE 'open' END,
              '2026-03-01T00:00:00Z'::timestamptz - (c.n || ' minutes')::interval
         FROM pumps p CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS c(code, n)
        WHERE p.serial_number LIKE 'SN-LIMIT-%'`,
      [CODES],
    );
    await db.query(
      `INSERT INTO alarms (version, pump_id, patient_id, code, priority, status, raised_at, resolved_at)
       SELECT 1, p.id, p.patient_id, 'REFILL_NOT_BOOKED', 'low', 'resolved', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'
         FROM pumps p CROSS JOIN generate_series(1, 4) WHERE p.serial_number LIKE 'SN-LIMIT-%'`,
    );
    // every optional field filled on some rows, timestamps with microseconds, jsonb with decimals and nesting
    await db.query(
      `UPDATE alarms SET acknowledged_by = patient_id, acknowledged_at = '2026-03-01T10:00:00.123456Z',
              acknowledge_note = 'seen "quoted" ✓', snoozed_until = '2026-03-02T11:30:00.999999Z',
              snooze_reason = 'ward round', escalated = true, escalated_at = '2026-03-01T09:15:00.5Z',
              details = '{"refillIds": ["a", "b"], "discrepancyMl": 2.50, "nested": {"x": null, "y": [1.0, -0.25]}}'
        WHERE code = 'LOW_RESERVOIR'`,
    );
  });

  const list = async (query: string) =>
    (await t.http.get(`/api/alarms${query}`).set(u.auth('staff')).expect(200)).body as AlarmListItemDto[];

  it('returns every open and every unresolved alarm by default, however many', async () => {
    expect(await list('?status=open')).toHaveLength(PUMPS * 3);
    expect(await list('')).toHaveLength(PUMPS * 4);
    expect(await list('?status=acknowledged')).toHaveLength(PUMPS);
  });

  it('honours an explicit limit, and pages resolved history at 500 by default, never silently', async () => {
    expect(await list('?status=open&limit=10')).toHaveLength(10);
    const resolved = await t.http.get('/api/alarms?status=resolved').set(u.auth('staff')).expect(200);
    expect(resolved.body).toHaveLength(500);
    // the default cut of the history says where the rest starts
    const cursor = resolved.headers['x-next-cursor'] as string;
    expect(cursor).toBeDefined();
    const rest = await list(`?status=resolved&cursor=${encodeURIComponent(cursor)}`);
    expect(rest).toHaveLength(PUMPS * 4 - 500);
    // pages are at most 200 rows
    expect((await t.http.get('/api/alarms?status=resolved&limit=2000').set(u.auth('staff'))).status).toBe(400);
    expect((await t.http.get('/api/alarms?limit=201').set(u.auth('staff'))).status).toBe(400);
  });

  it('renders the same JSON as the DTO mapping for every filter', async () => {
    const queries = t.app.get(AlarmQueries);
    for (const [query, q] of [
      ['', {}],
      ['?status=open', { status: 'open' }],
      ['?status=resolved&limit=30', { status: 'resolved', limit: 30 }],
      ['?code=LOW_RESERVOIR', { code: 'LOW_RESERVOIR' }],
    ] as const) {
      const viaHttp = await list(query);
      expect(viaHttp.length).toBeGreaterThan(0);
      expect(viaHttp).toEqual(JSON.parse(JSON.stringify(await queries.list(q as AlarmListQuery))));
    }
  });
});
