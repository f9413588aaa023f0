import { SchedulerRegistry } from '@nestjs/schedule';
import { FixedClock } from '../src/common/clock/clock';
import { loadConfig } from '../src/config/config';
import { createApp } from '../src/create-app';
import { ALARM_SWEEP_JOB } from '../src/modules/alarms/alarm-sweep.scheduler';
import { createTestDatabase, startTestApp } from './support/test-app';

describe('alarm sweep schedule', () => {
  it('is off in tests (PUMPWATCH_ALARM_CRON=off)', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.get(SchedulerRegistry).getCronJob(ALARM_SWEEP_JOB).isActive).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('runs on the configured cron expression', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      ...process.env,
      PUMPWATCH_SEED: 'none',
      PUMPWATCH_WEB_DIST: '/nonexistent',
      PUMPWATCH_ALARM_CRON: '*/10 * * * *',
    });
    const app = await createApp({ config, databaseUrl: db.url, clock: new FixedClock(new Date()), logger: false });
    try {
      const job = app.get(SchedulerRegistry).getCronJob(ALARM_SWEEP_JOB);
      expect(job.isActive).toBe(true);
      expect(String(job.cronTime.source)).toBe('*/10 * * * *');
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
