import { describe, expect, it } from 'vitest';
import { boardAlarm as alarm } from '../testing/alarm-fixture';
import type { AlarmView } from './alarms';
import { mergeBoard, type BoardFilter } from './board-deltas';

const OPEN: BoardFilter = { status: 'open' };
const ids = (rows: AlarmView[]) => rows.map((r) => r.id);
const deltas = (...rows: AlarmView[]) => new Map(rows.map((r) => [r.id, r]));

describe('mergeBoard: live changes laid over the loaded pages', () => {
  const page1 = [
    alarm('a', { priority: 'critical' }),
    alarm('b', { raisedAt: '2026-03-01T09:00:00.000Z' }),
    alarm('c'),
  ];
  const page2 = [alarm('d', { priority: 'low' })];

  it('keeps the pages as the server ordered them, each alarm once', () => {
    expect(ids(mergeBoard([page1, [page1[2]!, ...page2]], new Map(), OPEN, false))).toEqual(['a', 'b', 'c', 'd']);
    expect(mergeBoard(undefined, new Map(), OPEN, false)).toEqual([]);
  });

  it('replaces an older version in place and never a newer one', () => {
    const escalated = alarm('b', { raisedAt: '2026-03-01T09:00:00.000Z', escalated: true, version: 2 });
    const merged = mergeBoard([page1], deltas(escalated), OPEN, false);
    expect(ids(merged)).toEqual(['a', 'b', 'c']);
    expect(merged[1]!.escalated).toBe(true);
    const stale = alarm('b', { raisedAt: '2026-03-01T09:00:00.000Z', status: 'acknowledged', version: 0 });
    expect(mergeBoard([page1], deltas(stale), OPEN, false)[1]).toBe(page1[1]);
  });

  it('drops an alarm that no longer matches the board (acknowledged on the open board, resolved)', () => {
    const acked = alarm('a', { priority: 'critical', status: 'acknowledged', version: 2 });
    const resolved = alarm('c', { status: 'resolved', version: 3 });
    expect(ids(mergeBoard([page1, page2], deltas(acked, resolved), OPEN, false))).toEqual(['b', 'd']);
    // the unresolved board keeps the acknowledged one
    expect(ids(mergeBoard([page1, page2], deltas(acked, resolved), { status: 'active' }, false))).toEqual([
      'a',
      'b',
      'd',
    ]);
  });

  it('adds a new alarm at its place: a new critical one on top', () => {
    const fresh = alarm('z', { priority: 'critical', raisedAt: '2026-03-01T11:00:00.000Z' });
    const older = alarm('y', { priority: 'critical', raisedAt: '2026-03-01T08:00:00.000Z' });
    expect(ids(mergeBoard([page1], deltas(fresh, older), OPEN, true))).toEqual(['y', 'a', 'z', 'b', 'c']);
  });

  it('while more pages follow, leaves an alarm ranked after the loaded rows to its page', () => {
    const low = alarm('l', { priority: 'low' });
    expect(ids(mergeBoard([page1], deltas(low), OPEN, true))).toEqual(['a', 'b', 'c']);
    expect(ids(mergeBoard([page1], deltas(low), OPEN, false))).toEqual(['a', 'b', 'c', 'l']);
    // moved down the order past the loaded rows: it leaves the loaded rows until its page comes
    const demoted = alarm('a', { priority: 'low', version: 2 });
    expect(ids(mergeBoard([page1], deltas(demoted), OPEN, true))).toEqual(['b', 'c']);
  });

  it('applies the filters the server applied (priority, code)', () => {
    const medium = alarm('m', { priority: 'medium' });
    expect(ids(mergeBoard([[page1[0]!]], deltas(medium), { status: 'open', priority: 'critical' }, false))).toEqual([
      'a',
    ]);
    const other = alarm('o', { code: 'REFILL_OVERDUE' });
    expect(ids(mergeBoard([page1], deltas(other), { status: 'open', code: 'LOW_RESERVOIR' }, false))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
