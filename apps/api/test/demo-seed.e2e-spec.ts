import { FixedClock } from '../src/common/clock/clock';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Projection alarms each demo patient must show on the day the demo starts (docs/clinical/PROJECTION-AND-ALARMS.md §6).
 */
const EXPECTED: Record<string, { code: string; priority: string }[]> = {
  'DEMO-001': [],
  'DEMO-002': [{ code: 'REFILL_NOT_BOOKED', priority: 'low' }],
  'DEMO-003': [{ code: 'REFILL_NOT_BOOKED', priority: 'medium' }],
  'DEMO-004': [{ code: 'REFILL_NOT_BOOKED', priority: 'high' }],
  'DEMO-005': [{ code: 'REFILL_OVERDUE', priority: 'high' }],
  'DEMO-006': [{ code: 'REFILL_OVERDUE', priority: 'critical' }],
  // high-risk: REFILL_OVERDUE critical → stays critical
  'DEMO-007': [
    { code: 'LOW_RESERVOIR', priority: 'critical' },
    { code: 'REFILL_OVERDUE', priority: 'critical' },
  ],
  'DEMO-008': [
    { code: 'LOW_RESERVOIR', priority: 'critical' },
    { code: 'REFILL_OVERDUE', priority: 'critical' },
    { code: 'RESERVOIR_EMPTY', priority: 'critical' },
  ],
  'DEMO-010': [{ code: 'APPOINTMENT_AFTER_ALARM', priority: 'high' }],
  'DEMO-011': [{ code: 'APPOINTMENT_AFTER_DUE_DATE', priority: 'medium' }],
  'DEMO-012': [],
  'DEMO-018': [],
};

/**
 * Alarms from stored facts (docs/clinical/PROJECTION-AND-ALARMS.md §6) the board must show for the other demo patients.
 */
const FACT_ALARMS: Record<string, string> = {
  'DEMO-009': 'REFILL_DISCREPANCY',
  'DEMO-012': 'BATTERY_ERI_SOON',
  'DEMO-013': 'BATTERY_ERI_REACHED',
  'DEMO-014': 'MRI_CHECK_DUE',
  'DEMO-015': 'DOSE_UNVERIFIED',
  'DEMO-016': 'THERAPY_INTERRUPTED',
  'DEMO-017': 'APPOINTMENT_MISSED',
};

describe.each([
  ['a winter day', '2026-01-15T10:00:00Z'],
  ['a summer Monday', '2026-06-29T08:30:00Z'],
  ['today', new Date().toISOString()],
])('demo clinic seeded on %s', (_label, nowIso) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo', clock: new FixedClock(new Date(nowIso)) });
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'nurse@demo.pumpwatch.local', password: 'pumpwatch-demo' })
      .expect(200);
    token = login.body.accessToken;
  });
  afterAll(() => t.close());

  it('has the four demo users and at least 12 patients', async () => {
    for (const who of ['physician', 'staff', 'admin']) {
      await t.http
        .post('/api/auth/login')
        .send({ email: `${who}@demo.pumpwatch.local`, password: 'pumpwatch-demo' })
        .expect(200);
    }
    const res = await t.http.get('/api/patients?pageSize=100').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(12);
  });

  it('puts every patient in the intended projection state', async () => {
    const res = await t.http.get('/api/patients?pageSize=100').set('Authorization', `Bearer ${token}`).expect(200);
    const byMrn = new Map<string, string>(res.body.items.map((p: { mrn: string; id: string }) => [p.mrn, p.id]));
    for (const [mrn, alarms] of Object.entries(EXPECTED)) {
      const patient = await t.http.get(`/api/patients/${byMrn.get(mrn)}`).set('Authorization', `Bearer ${token}`);
      const status = await t.http
        .get(`/api/pumps/${patient.body.pumps[0].id}/status`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect({ mrn, alarms: status.body.alarms }).toEqual({ mrn, alarms });
    }
  });

  it('shows the expected open alarm for every demo patient state on the alarm board', async () => {
    const res = await t.http.get('/api/alarms?status=open').set('Authorization', `Bearer ${token}`).expect(200);
    const codesByMrn = new Map<string, string[]>();
    for (const a of res.body as { code: string; patient: { mrn: string } }[]) {
      codesByMrn.set(a.patient.mrn, [...(codesByMrn.get(a.patient.mrn) ?? []), a.code]);
    }
    for (const [mrn, alarms] of Object.entries(EXPECTED)) {
      expect({ mrn, codes: [...(codesByMrn.get(mrn) ?? [])].sort() }).toEqual({
        mrn,
        codes: [...alarms.map((a) => a.code), ...(FACT_ALARMS[mrn] ? [FACT_ALARMS[mrn]] : [])].sort(),
      });
    }
    for (const [mrn, code] of Object.entries(FACT_ALARMS)) {
      expect({ mrn, codes: codesByMrn.get(mrn) ?? [] }).toEqual({ mrn, codes: expect.arrayContaining([code]) });
    }
    // critical first
    const ranks = (res.body as { priority: string }[]).map((a) =>
      ['critical', 'high', 'medium', 'low'].indexOf(a.priority),
    );
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
  });

  it('keeps a verifiable audit chain', async () => {
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'admin@demo.pumpwatch.local', password: 'pumpwatch-demo' });
    const res = await t.http
      .get('/api/audit/verify')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(res.body.ok).toBe(true);
  });
});
