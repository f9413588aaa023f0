import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { snapshot } from '../src/common/db/write';
import { AlarmEntity } from '../src/modules/alarms/alarm.entity';
import { loadAlarmBatch, revalidateBatch, type PumpBatchRow } from '../src/modules/alarms/alarm-batch.loader';
import type { FactWindow } from '../src/modules/alarms/alarm-facts.loader';
import {
  activeCodes,
  DAY_MS,
  engine,
  filledPump,
  insertAppointment,
  insertRefill,
  sweep,
} from './support/alarm-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * The sweep reads each batch while the previous one is evaluated, without locks. Under the evaluator lock the
 * read-ahead is checked: a pump whose inputs or unresolved alarms changed in between is read again, so a write
 * that lands between the read and the batch's turn is never evaluated from stale facts.
 */
describe('alarm sweep: batches read ahead, checked under the lock', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const window = (): FactWindow => ({
    now: clock.now(),
    timeZone: 'Europe/London',
    closingTime: '17:00',
    unverifiedLookbackDays: 30,
  });

  useTestApp({ clock }, (app) => ({ t, u } = app));

  it('keeps unchanged pumps and reads again those whose inputs or alarms changed since', async () => {
    const pumps: string[] = [];
    for (let i = 0; i < 3; i++) pumps.push((await filledPump(t, u)).pumpId);
    await sweep(t);
    const [refilled, reprioritised, untouched] = pumps as [string, string, string];
    const ahead = await loadAlarmBatch(db().manager, pumps, window(), false);
    expect(ahead).toHaveLength(3);

    // an input change (bumps input_seq) and another evaluator's alarm write (does not)
    await insertRefill(t, u, refilled, { at: new Date(clock.now().getTime() - 60_000), volumeAddedMl: 5 });
    await db().transaction(async (m) => {
      await m.query(`SELECT set_config('pumpwatch.evaluating', 'on', true)`);
      await m.query(`UPDATE alarms SET version = version + 1 WHERE pump_id = $1 AND status <> 'resolved'`, [
        reprioritised,
      ]);
    });

    const { rows, reloaded } = await db().transaction((m) => revalidateBatch(m, pumps, ahead, window()));
    expect(reloaded).toBe(2);
    const byPump = new Map<string, PumpBatchRow>(rows.map((r) => [r.ctx.pumpId, r]));
    expect(byPump.get(untouched)).toBe(ahead.find((r) => r.ctx.pumpId === untouched)); // kept as read
    const fresh = await loadAlarmBatch(db().manager, pumps, window());
    for (const id of [refilled, reprioritised]) {
      const expected = fresh.find((r) => r.ctx.pumpId === id)!;
      expect(byPump.get(id)!.inputSeq).toBe(expected.inputSeq);
      expect(byPump.get(id)!.stored.map((a) => [a.id, a.version])).toEqual(
        expected.stored.map((a) => [a.id, a.version]),
      );
      expect(byPump.get(id)!.ctx.lastRefill?.id).toBe(expected.ctx.lastRefill?.id);
    }
  });

  it("records each raised alarm's audit snapshot exactly as the database holds the alarm", async () => {
    const pumps: string[] = [];
    for (let i = 0; i < 3; i++)
      pumps.push((await filledPump(t, u, { riskFactors: i ? [] : ['SCI_T6_OR_ABOVE'] })).pumpId);
    await sweep(t);
    const raised = (await db().query(
      `SELECT entity_id, after FROM audit_log WHERE action = 'alarm.raise' AND entity_id IN
         (SELECT id::text FROM alarms WHERE pump_id = ANY($1::uuid[]))`,
      [pumps],
    )) as { entity_id: string; after: Record<string, unknown> }[];
    expect(raised.length).toBeGreaterThanOrEqual(3);
    for (const r of raised) {
      const stored = await db().getRepository(AlarmEntity).findOneByOrFail({ id: r.entity_id });
      if (stored.version !== 1) continue; // changed since (escalated): its later entries record that
      expect(r.after).toEqual(snapshot(stored));
    }
  });

  it('a refill booked between a batch read and its turn is evaluated, not the stale read', async () => {
    const pumps: string[] = [];
    for (let i = 0; i < 4; i++) pumps.push((await filledPump(t, u)).pumpId);
    const target = [...pumps].sort().at(-1)!; // evaluated last: read ahead by the batch before it
    const service = engine(t) as unknown as {
      batchSize: number;
      readAhead(ids: string[], settings: unknown, arrived: () => void): Promise<unknown>;
    };
    const original = service.readAhead.bind(service);
    service.batchSize = 1;
    let readAheads = 0;
    service.readAhead = async (ids, settings, arrived) => {
      readAheads++;
      const read = await original(ids, settings, arrived);
      // booked after the read: REFILL_NOT_BOOKED no longer holds for this pump
      if (ids.includes(target))
        await insertAppointment(t, u, target, { at: new Date(clock.now().getTime() + 5 * DAY_MS) });
      return read;
    };
    try {
      const result = await sweep(t);
      expect(result.pumps).toBeGreaterThanOrEqual(4);
      expect(readAheads).toBe(result.pumps - 1); // every batch but the first was read ahead
    } finally {
      service.batchSize = 1000;
      service.readAhead = original;
    }
    expect(await activeCodes(t, u, target)).not.toHaveProperty('REFILL_NOT_BOOKED');
    for (const id of pumps.filter((p) => p !== target)) {
      expect(await activeCodes(t, u, id)).toHaveProperty('REFILL_NOT_BOOKED');
    }
  });
});
