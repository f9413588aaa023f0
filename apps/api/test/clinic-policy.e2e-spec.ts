import { DataSource } from 'typeorm';
import { SETTINGS_CACHE_MS } from '../src/modules/clinic-settings/clinic-settings.service';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * The clinic policy's alarm-lifecycle settings: refused when unsafe at saving (422 POLICY_INVALID, each field's
 * reason), and, when an unsafe value is already stored, read as its nearest safe bound and reported.
 */
describe('clinic policy: lifecycle settings', () => {
  let t: TestApp;
  let u: TestUsers;
  useTestApp({}, (app) => ({ t, u } = app));

  const settings = async () => (await t.http.get('/api/clinic-settings').set(u.auth('admin')).expect(200)).body;
  const put = async (policy: Record<string, unknown>) =>
    t.http
      .put('/api/clinic-settings')
      .set(u.auth('admin'))
      .send({ version: (await settings()).version, policy });

  it('refuses a fractional look-back (the alarm query counts whole days) and an escalation after hours', async () => {
    const res = await put({ unverifiedLookbackDays: 1.5, escalateCriticalMinutes: 600 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('POLICY_INVALID');
    expect(res.body.details.errors).toEqual([
      {
        field: 'policy.escalateCriticalMinutes',
        code: 'POLICY_VALUE_OUT_OF_BOUNDS',
        problem:
          'must be a whole number, at least 1 and at most 60 (a critical alarm nobody acknowledges reaches the ' +
          'next level within the hour)',
      },
      {
        field: 'policy.unverifiedLookbackDays',
        code: 'POLICY_VALUE_OUT_OF_BOUNDS',
        problem: expect.stringMatching(/^must be a whole number, at least 1 and at most 365/),
      },
    ]);
    expect((await settings()).policy).toMatchObject({ unverifiedLookbackDays: 30, escalateCriticalMinutes: 15 });
  });

  it('refuses a critical snooze longer than the ordinary one', async () => {
    const res = await put({ maxSnoozeHours: 2, maxCriticalSnoozeHours: 3 });
    expect(res.status).toBe(422);
    expect(res.body.details.errors).toEqual([
      expect.objectContaining({ field: 'policy.maxCriticalSnoozeHours', code: 'POLICY_VALUES_INCONSISTENT' }),
    ]);
  });

  it('reads an unsafe stored value as its nearest safe bound and reports it, instead of a silent default', async () => {
    // as an older version (any positive number) or a hand edit may have left it
    await t.app
      .get(DataSource)
      .query(
        `UPDATE clinic_settings SET policy = policy || '{"escalateHighMinutes": 5000, "unverifiedLookbackDays": 1.5}'::jsonb`,
      );
    await new Promise((r) => setTimeout(r, SETTINGS_CACHE_MS + 100));
    const read = await settings();
    expect(read.policy).toMatchObject({ escalateHighMinutes: 720, unverifiedLookbackDays: 2 });
    expect(read.policyWarnings).toEqual([
      expect.objectContaining({ field: 'escalateHighMinutes', code: 'POLICY_VALUE_OUT_OF_BOUNDS', used: 720 }),
      expect.objectContaining({ field: 'unverifiedLookbackDays', code: 'POLICY_VALUE_OUT_OF_BOUNDS', used: 2 }),
    ]);
    // saving again refuses the stored value until the admin corrects it, then the warnings are gone
    expect((await put({ bufferDays: 8 })).status).toBe(422);
    expect((await put({ escalateHighMinutes: 240, unverifiedLookbackDays: 30 })).status).toBe(200);
    expect((await settings()).policyWarnings).toEqual([]);
  });
});
