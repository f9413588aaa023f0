import {
  NEXT_CURSOR_HEADER,
  type AlarmDto,
  type AlarmListItemDto,
  type AlarmStatus,
  type AlarmSummaryDto,
  type Page,
  type PatientDto,
} from '@pumpwatch/contracts';
import { infiniteQueryOptions, queryOptions, useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { BoardFilter } from './board-deltas';

/** A board row: the alarm with its patient and the pump's projection (older APIs may omit the extras). */
export type AlarmView = AlarmDto & Partial<Omit<AlarmListItemDto, keyof AlarmDto>>;

/** `active` = every unresolved alarm (open, acknowledged, snoozed). */
export type StatusFilter = AlarmStatus | 'active' | 'all';

/** Rows per page of the board: the first screen comes fast, the rest as the nurse scrolls. */
export const BOARD_PAGE_SIZE = 100;

/** One page of a paged list and where the next starts (null: the last page). */
export interface ListPage<T> {
  rows: T[];
  nextCursor: string | null;
}

const boardParams = (f: Pick<BoardFilter, 'status'> & Partial<BoardFilter>) => {
  const q = new URLSearchParams();
  if (f.status !== 'all') q.set('status', f.status);
  if (f.priority) q.set('priority', f.priority);
  if (f.code) q.set('code', f.code);
  return q;
};

/**
 * The board, page by page in the server's order (critical first). Loaded once: live changes come from the alarm
 * stream and are laid over the pages (mergeBoard), so the board is not re-read on every change. The caller sets
 * polling only while the stream is down.
 */
export const alarmBoardQuery = (filter: BoardFilter) =>
  infiniteQueryOptions({
    queryKey: [...queryKeys.alarms, 'board', filter],
    queryFn: async ({ pageParam, signal }): Promise<ListPage<AlarmView>> => {
      const q = boardParams(filter);
      q.set('limit', String(BOARD_PAGE_SIZE));
      if (pageParam) q.set('cursor', pageParam);
      let nextCursor: string | null = null;
      const rows = await apiFetch<AlarmView[]>(`/api/alarms?${q}`, {
        signal,
        onHeaders: (h) => (nextCursor = h.get(NEXT_CURSOR_HEADER)),
      });
      return { rows, nextCursor };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });

/**
 * Every open critical alarm (unpaged: the cue for a new one must not depend on how far the board was scrolled).
 * Live changes are laid over it like the board's.
 */
export const criticalOpenQuery = () =>
  queryOptions({
    queryKey: [...queryKeys.alarms, 'critical-open'],
    queryFn: () => apiFetch<AlarmView[]>('/api/alarms?status=open&priority=critical'),
    staleTime: Infinity,
  });

/** How many alarms of a status there are, per priority (the board header and the priority filter). */
export const alarmSummaryQuery = (status: StatusFilter) =>
  queryOptions({
    queryKey: [...queryKeys.alarms, 'summary', { status }],
    queryFn: () => apiFetch<AlarmSummaryDto>(`/api/alarms/summary?${boardParams({ status })}`),
  });

/** Names and risk flags for rows when the alarm list does not embed them. */
export const patientLookupQuery = () =>
  queryOptions({
    queryKey: [...queryKeys.patients, 'lookup'],
    queryFn: () => apiFetch<Page<PatientDto>>('/api/patients?pageSize=500'),
    select: (page) => new Map(page.items.map((p) => [p.id, p])),
    staleTime: 60_000,
  });

/** One alarm, as a notification's link opens it (`/alarms?id=…`). */
export const alarmQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.alarm(id),
    queryFn: () => apiFetch<AlarmListItemDto>(`/api/alarms/${id}`),
  });

export const acknowledgeAlarm = ({ id, note }: { id: string; note?: string }) =>
  apiFetch<AlarmListItemDto>(`/api/alarms/${id}/acknowledge`, { method: 'POST', json: note ? { note } : {} });

export const snoozeAlarm = ({ id, until, reason }: { id: string; until: string; reason: string }) =>
  apiFetch<AlarmListItemDto>(`/api/alarms/${id}/snooze`, { method: 'POST', json: { until, reason } });

export const resolveAlarm = ({ id, note }: { id: string; note: string }) =>
  apiFetch<AlarmListItemDto>(`/api/alarms/${id}/resolve`, { method: 'POST', json: { note } });

export type AlarmAction = 'acknowledged' | 'snoozed' | 'resolved';

/**
 * The board's actions on one alarm. Each answers with the alarm as it now is, which the board lays over its pages
 * at once (`changed`; the stream brings the same change), so nothing is read again. A failed acknowledgement is
 * reported to `acknowledgeFailed` (the board re-reads: the alarm may have changed meanwhile); snooze and resolve
 * failures stay on their dialogs (the mutation's error).
 */
export function useAlarmActions(on: {
  changed(alarm: AlarmListItemDto, action: AlarmAction): void;
  acknowledgeFailed(error: unknown): void;
}) {
  const acknowledge = useMutation({
    mutationFn: acknowledgeAlarm,
    onSuccess: (alarm) => on.changed(alarm, 'acknowledged'),
    onError: on.acknowledgeFailed,
  });
  const snooze = useMutation({ mutationFn: snoozeAlarm, onSuccess: (alarm) => on.changed(alarm, 'snoozed') });
  const resolve = useMutation({ mutationFn: resolveAlarm, onSuccess: (alarm) => on.changed(alarm, 'resolved') });
  return { acknowledge, snooze, resolve };
}
