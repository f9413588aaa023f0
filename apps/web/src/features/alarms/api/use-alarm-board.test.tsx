import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../../lib/api-client';
import { boardAlarm as alarm } from '../testing/alarm-fixture';
import { alarmBoardQuery, type AlarmView } from './alarms';
import type { BoardFilter } from './board-deltas';
import { STREAM_WAIT_MS, useAlarmBoard } from './use-alarm-board';

/** A stand-in EventSource the test opens and feeds events to. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  emit(alarm: AlarmView, id: string) {
    const e = new MessageEvent<string>('alarm', { data: JSON.stringify(alarm), lastEventId: id });
    for (const fn of this.listeners.get('alarm') ?? []) fn(e);
  }
}

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ...headers } });

const OPEN: BoardFilter = { status: 'open' };

/** The stand-in stream, the user's token, and fetch answered by `answer`; returns the URLs fetched, in order. */
function serve(answer: (input: string) => Response): string[] {
  FakeEventSource.instances = [];
  setAccessToken('token');
  vi.stubGlobal('EventSource', FakeEventSource);
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      calls.push(input);
      return answer(input);
    }),
  );
  return calls;
}

/** A server whose board holds `row` alone, no critical alarm, as its summary says. */
const oneAlarmServer = (row: AlarmView) => (input: string) => {
  if (input.startsWith('/api/alarms/summary'))
    return json({ total: 1, byPriority: { critical: 0, high: 1, medium: 0, low: 0 } });
  if (input.includes('priority=critical')) return json([]);
  return json([row]);
};

/** A fresh query client that does not retry. */
const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

/** useAlarmBoard on the open board, rendered with `client` (a fresh one unless given). */
function renderBoard(client = newClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useAlarmBoard('token', OPEN), { wrapper });
}

const page1 = [alarm('a', { priority: 'critical' }), alarm('b'), alarm('c')];
const page2 = [alarm('d', { priority: 'low' })];

describe('useAlarmBoard: paged, loaded once, kept live by the stream', () => {
  let calls: string[];

  beforeEach(() => {
    calls = serve((input) => {
      if (input.startsWith('/api/alarms/summary')) {
        return json({ total: 4, byPriority: { critical: 1, high: 2, medium: 0, low: 1 } });
      }
      if (input === '/api/alarms?status=open&priority=critical') return json([page1[0]]);
      if (input === '/api/alarms?status=open&limit=100') return json(page1, { 'X-Next-Cursor': 'CUR1' });
      if (input === '/api/alarms?status=open&limit=100&cursor=CUR1') return json(page2);
      return new Response('{}', { status: 404 });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setAccessToken(null);
  });

  const boardCalls = () => calls.filter((c) => c.includes('limit='));

  it('reads the first page once the stream is open, the next page on demand with its cursor', async () => {
    const { result } = renderBoard();
    await new Promise((r) => setTimeout(r, 20));
    expect(boardCalls()).toEqual([]); // nothing read before the stream is open
    const es = FakeEventSource.instances[0]!;
    expect(es.url).toContain('/api/alarms/stream?access_token=token');
    act(() => es.open());
    await waitFor(() => expect(result.current.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']));
    expect(boardCalls()).toEqual(['/api/alarms?status=open&limit=100']);
    expect(result.current.board.hasNextPage).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']));
    expect(boardCalls()).toEqual([
      '/api/alarms?status=open&limit=100',
      '/api/alarms?status=open&limit=100&cursor=CUR1',
    ]);
    expect(result.current.board.hasNextPage).toBe(false);
    await waitFor(() => expect(result.current.summary.data?.total).toBe(4));
  });

  it('applies streamed changes without reading the board again, and cues a new critical alarm', async () => {
    const { result } = renderBoard();
    const es = FakeEventSource.instances[0]!;
    act(() => es.open());
    await waitFor(() => expect(result.current.rows).toHaveLength(3));
    await waitFor(() => expect(result.current.criticalRows?.map((r) => r.id)).toEqual(['a']));
    act(() => {
      es.emit(alarm('b', { status: 'acknowledged', version: 2 }), '100');
      es.emit(alarm('z', { priority: 'critical', raisedAt: '2026-03-01T11:00:00.000Z' }), '101');
    });
    await waitFor(() => expect(result.current.rows.map((r) => r.id)).toEqual(['a', 'z', 'c']));
    expect(result.current.criticalRows?.map((r) => r.id)).toEqual(['a', 'z']);
    // a replayed older version changes nothing
    act(() => es.emit(alarm('b', { version: 1 }), '102'));
    expect(result.current.rows.map((r) => r.id)).toEqual(['a', 'z', 'c']);
    await new Promise((r) => setTimeout(r, 50));
    expect(boardCalls()).toEqual(['/api/alarms?status=open&limit=100']);
  });

  it("applies the user's own action from its answer", async () => {
    const { result } = renderBoard();
    act(() => FakeEventSource.instances[0]!.open());
    await waitFor(() => expect(result.current.rows).toHaveLength(3));
    act(() => result.current.apply(alarm('c', { status: 'snoozed', version: 2 })));
    expect(result.current.rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(boardCalls()).toHaveLength(1);
  });

  it('without a stream (EventSource missing) reads the board straight away and polls', async () => {
    vi.stubGlobal('EventSource', undefined);
    const { result } = renderBoard();
    await waitFor(() => expect(result.current.rows).toHaveLength(3));
    expect(result.current.stream).toBe('down');
  });

  it('a new stream that cannot resume re-reads the board once', async () => {
    const { result } = renderBoard();
    const first = FakeEventSource.instances[0]!;
    act(() => first.open());
    await waitFor(() => expect(result.current.rows).toHaveLength(3));
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      act(() => {
        first.readyState = FakeEventSource.CLOSED;
        first.onerror?.();
      });
      expect(result.current.stream).toBe('down');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
    } finally {
      vi.useRealTimers();
    }
    const second = FakeEventSource.instances[1]!;
    expect(second).toBeDefined();
    act(() => second.open());
    await waitFor(() => expect(boardCalls().length).toBeGreaterThanOrEqual(2));
    expect(boardCalls()[1]).toBe('/api/alarms?status=open&limit=100');
  });
});

describe('useAlarmBoard: a stream that never connects', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setAccessToken(null);
  });

  it('reads the board after a short wait anyway, and again once the stream is live', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = serve(oneAlarmServer(alarm('b')));
    const { result } = renderBoard();
    const boardReads = () => calls.filter((c) => c.includes('limit=')).length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(STREAM_WAIT_MS - 500);
    });
    expect(boardReads()).toBe(0);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000);
    });
    await waitFor(() => expect(result.current.rows.map((r) => r.id)).toEqual(['b']));
    expect(boardReads()).toBe(1);
    act(() => FakeEventSource.instances[0]!.open());
    await waitFor(() => expect(boardReads()).toBe(2)); // what changed before the stream opened
  });
});

describe('useAlarmBoard: back on the board after a visit elsewhere', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setAccessToken(null);
  });

  it('reads the kept pages again once the stream is open (no stream carried the changes meanwhile)', async () => {
    const calls = serve(oneAlarmServer(alarm('fresh')));
    const client = newClient();
    // the board as an earlier visit left it
    client.setQueryData(alarmBoardQuery(OPEN).queryKey, {
      pages: [{ rows: [alarm('stale')], nextCursor: null }],
      pageParams: [null],
    });
    const { result } = renderBoard(client);
    expect(result.current.rows.map((r) => r.id)).toEqual(['stale']);
    act(() => FakeEventSource.instances[0]!.open());
    await waitFor(() => expect(result.current.rows.map((r) => r.id)).toEqual(['fresh']));
    expect(calls.filter((c) => c.includes('limit=100'))).toHaveLength(1);
  });
});
