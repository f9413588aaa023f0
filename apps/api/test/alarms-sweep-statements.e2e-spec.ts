import { Client } from 'pg';
import { FixedClock } from '../src/common/clock/clock';
import {
  activeCodes,
  auditCount,
  DAY_MS,
  engine,
  filledPump,
  insertAppointment,
  sweep,
} from './support/alarm-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * A batch's statements share one connection and are sent one after another while the process prepares the next:
 * never queued on a client still busy with the one before (node-postgres 8.23 warns that it will refuse that), and
 * a batch that raises, refreshes and resolves still writes each change with its audit entry.
 */
describe('alarm sweep: one statement at a time on the batch connection', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  useTestApp({ clock }, (app) => ({ t, u } = app));

  it('raises, re-prioritises and resolves over several batches, never sending a statement on a busy connection', async () => {
    // a statement sent while its connection still runs another (what node-postgres deprecates, and more)
    const overlapping: string[] = [];
    const query = Client.prototype.query;
    const busy = (c: object) => {
      const state = c as { _activeQuery?: unknown; _queryQueue?: unknown[] };
      return !!state._activeQuery || (state._queryQueue?.length ?? 0) > 0;
    };
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (busy(this)) overlapping.push(String((args[0] as { text?: string })?.text ?? args[0]).slice(0, 60));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    const service = engine(t) as unknown as { batchSize: number };
    service.batchSize = 2;
    try {
      const pumps: string[] = [];
      for (let i = 0; i < 5; i++) pumps.push((await filledPump(t, u)).pumpId);
      const first = await sweep(t);
      expect(first.pumps).toBeGreaterThanOrEqual(5);
      expect(first.raised).toBeGreaterThanOrEqual(5); // REFILL_NOT_BOOKED on each pump
      const raisedAudits = await auditCount(t, 'alarm.raise');

      // weeks later without a booking: REFILL_NOT_BOOKED rises; one pump gets its booking (resolved)
      clock.set(new Date(clock.now().getTime() + 40 * DAY_MS));
      await insertAppointment(t, u, pumps[0]!, { at: new Date(clock.now().getTime() + 2 * DAY_MS) });
      const later = await sweep(t);
      expect(later.updated + later.resolved).toBeGreaterThanOrEqual(5);
      expect(await auditCount(t, 'alarm.raise')).toBeGreaterThanOrEqual(raisedAudits);
      expect(await auditCount(t, 'alarm.update')).toBeGreaterThanOrEqual(later.updated);
      expect(await activeCodes(t, u, pumps[0]!)).not.toHaveProperty('REFILL_NOT_BOOKED');
    } finally {
      service.batchSize = 1000;
      Client.prototype.query = query;
    }
    expect(overlapping).toEqual([]);
  });
});
