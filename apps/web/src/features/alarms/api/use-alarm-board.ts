import type { AlarmListItemDto } from '@pumpwatch/contracts';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { queryKeys } from '../../../lib/query-keys';
import { alarmBoardQuery, alarmSummaryQuery, criticalOpenQuery, type AlarmView } from './alarms';
import { mergeBoard, type BoardFilter } from './board-deltas';
import { useAlarmStream } from './use-alarm-stream';

/** Polling while the live stream is down (the only time the board is re-read on a timer). */
const FALLBACK_POLL_MS = 60_000;
/**
 * More changes than this since the pages were read (a sweep reconciling thousands of alarms) and the board is read
 * again instead: laying thousands of changes over every render would cost more than one reload.
 */
const MAX_DELTAS = 2_000;
const CRITICAL: BoardFilter = { status: 'open', priority: 'critical' };
/**
 * The board waits this long for the live stream before its first read. A stream that cannot connect (a proxy
 * dropping it) must never keep the board empty: the board is then read (and polled), and read again once the
 * stream is live.
 */
export const STREAM_WAIT_MS = 3_000;

/**
 * The alarm board's data: the first page once the live stream is open (so no change falls between the read and
 * the stream), further pages on demand (`loadMore`, as the nurse scrolls), and every streamed change laid over
 * the pages (mergeBoard) rather than re-reading them. Also the open critical alarms (unpaged, for the new-critical
 * cue) and the per-priority counts.
 */
export function useAlarmBoard(token: string | null, filter: BoardFilter) {
  const queryClient = useQueryClient();
  const deltas = useRef(new Map<string, AlarmView>());
  const [changes, setChanges] = useState(0);

  const resync = useCallback(() => {
    deltas.current = new Map();
    setChanges((n) => n + 1);
    void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
  }, [queryClient]);

  /** A changed alarm from the stream or from this user's own action (whichever comes first; both are idempotent). */
  const apply = useCallback(
    (alarm: AlarmView | AlarmListItemDto) => {
      const known = deltas.current.get(alarm.id);
      if (known && known.version >= alarm.version) return;
      if (!known && deltas.current.size >= MAX_DELTAS) return resync();
      deltas.current.set(alarm.id, alarm);
      setChanges((n) => n + 1);
    },
    [resync],
  );

  const stream = useAlarmStream(token, { onAlarm: apply, onResync: resync });
  // the first read waits for the stream (or for it to fail, or STREAM_WAIT_MS): changes from then on arrive as events
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), STREAM_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  const ready = useRef(false);
  if (stream !== 'connecting' || waited) ready.current = true;
  const poll = stream === 'live' ? false : FALLBACK_POLL_MS;

  const board = useInfiniteQuery({ ...alarmBoardQuery(filter), enabled: ready.current, refetchInterval: poll });
  const critical = useQuery({ ...criticalOpenQuery(), enabled: ready.current, refetchInterval: poll });
  const summary = useQuery({ ...alarmSummaryQuery(filter.status), refetchInterval: poll });

  // Pages shown before this stream was first live — read before it opened (STREAM_WAIT_MS), or kept from an earlier
  // visit to the board, when no stream carried the changes — are read again once it is live; later reconnections
  // resume from the last event instead.
  const everLive = useRef(false);
  const readBeforeLive = useRef(false);
  if (!everLive.current && stream !== 'live' && (ready.current || board.data || critical.data)) {
    readBeforeLive.current = true;
  }
  useEffect(() => {
    if (stream !== 'live' || everLive.current) return;
    everLive.current = true;
    if (readBeforeLive.current) resync();
  }, [stream, resync]);

  const pages = board.data?.pages;
  const morePages = board.hasNextPage;
  const rows = useMemo(
    () =>
      mergeBoard(
        pages?.map((p) => p.rows),
        deltas.current,
        filter,
        morePages,
      ),
    // `changes` counts the deltas received: the map itself is mutated in place
    [pages, changes, filter, morePages],
  );
  const criticalRows = useMemo(
    () => (critical.data ? mergeBoard([critical.data], deltas.current, CRITICAL, false) : undefined),
    [critical.data, changes],
  );

  const { fetchNextPage, isFetchingNextPage } = board;
  const loadMore = useCallback(() => {
    if (morePages && !isFetchingNextPage) void fetchNextPage();
  }, [morePages, isFetchingNextPage, fetchNextPage]);

  return { stream, board, rows, criticalRows, summary, apply, resync, loadMore };
}
