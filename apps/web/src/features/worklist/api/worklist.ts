import {
  NEXT_CURSOR_HEADER,
  OVERDUE_COUNT_HEADER,
  TOTAL_COUNT_HEADER,
  type AppointmentDto,
  type CreateAppointmentRequest,
  type RefillCalendarDto,
  type RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { invalidatePumpViews, queryKeys } from '../../../lib/query-keys';

/** Rows per page of the worklist: the first screen comes fast, the rest as the nurse scrolls. */
export const WORKLIST_PAGE_SIZE = 100;

/** One page of the worklist, where the next starts (null: the last page), and the whole list's counts. */
export interface WorklistPage {
  rows: RefillWorklistItemDto[];
  nextCursor: string | null;
  total: number | null;
  overdue: number | null;
}

const count = (h: Headers, name: string) => {
  const v = h.get(name);
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
};

/** The worklist page by page (overdue first, then by due date); every loaded page is re-read on refresh. */
export const worklistQuery = (range: { from?: string; to?: string }) =>
  infiniteQueryOptions({
    queryKey: [...queryKeys.worklist, 'refills', range],
    queryFn: async ({ pageParam, signal }): Promise<WorklistPage> => {
      const q = new URLSearchParams();
      if (range.from) q.set('from', range.from);
      if (range.to) q.set('to', range.to);
      q.set('limit', String(WORKLIST_PAGE_SIZE));
      if (pageParam) q.set('cursor', pageParam);
      const page: WorklistPage = { rows: [], nextCursor: null, total: null, overdue: null };
      page.rows = await apiFetch<RefillWorklistItemDto[]>(`/api/worklist/refills?${q}`, {
        signal,
        onHeaders: (h) => {
          page.nextCursor = h.get(NEXT_CURSOR_HEADER);
          page.total = count(h, TOTAL_COUNT_HEADER);
          page.overdue = count(h, OVERDUE_COUNT_HEADER);
        },
      });
      return page;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 120_000,
  });

export const calendarQuery = (month: string) =>
  queryOptions({
    queryKey: [...queryKeys.worklist, 'calendar', month],
    queryFn: () => apiFetch<RefillCalendarDto>(`/api/worklist/refills/calendar?month=${month}`),
  });

/** The Idempotency-Key makes a double click or a retried request book one appointment, not two. */
export const bookAppointment = ({ body, idempotencyKey }: { body: CreateAppointmentRequest; idempotencyKey: string }) =>
  apiFetch<AppointmentDto>('/api/appointments', {
    method: 'POST',
    json: body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });

/** Books a refill for one pump (one Idempotency-Key per attempt, lib/idempotency.ts); its views are read again. */
export function useBookAppointment(pumpId: string, onBooked: (appointment: AppointmentDto) => void) {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (at: string) =>
      bookAppointment({ body: { pumpId, at, kind: 'refill' }, idempotencyKey: key.current() }),
    onSettled: (_appointment, error) => key.settle(error),
    onSuccess: (appointment) => {
      onBooked(appointment);
      invalidatePumpViews(queryClient, pumpId);
    },
  });
}
