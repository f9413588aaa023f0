import {
  NEXT_CURSOR_HEADER,
  OVERDUE_COUNT_HEADER,
  TOTAL_COUNT_HEADER,
  type AppointmentDto,
  type CreateAppointmentRequest,
  type RefillCalendarDto,
  type RefillWorklistItemDto,
  type UpdateAppointmentRequest,
} from '@pumpwatch/contracts';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

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

export const bookAppointment = (body: CreateAppointmentRequest) =>
  apiFetch<AppointmentDto>('/api/appointments', { method: 'POST', json: body });

/** Booked appointments of one pump, soonest first (the first is the one the projection counts as next). */
export const bookedAppointmentsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: [...queryKeys.pumpAppointments(pumpId), 'booked'],
    queryFn: () => apiFetch<AppointmentDto[]>(`/api/appointments?pumpId=${pumpId}&status=booked`),
  });

export const updateAppointmentStatus = ({ id, body }: { id: string; body: UpdateAppointmentRequest }) =>
  apiFetch<AppointmentDto>(`/api/appointments/${id}`, { method: 'PATCH', json: body });

export const APPOINTMENT_CODE_WORDS: Record<string, string> = {
  APPOINTMENT_NOT_YET_DUE: 'This appointment is still ahead: it can be marked missed only once its time has passed.',
  APPOINTMENT_NOT_BOOKED: 'This appointment is no longer booked (already cancelled, missed or completed).',
  VERSION_CONFLICT: 'This appointment changed since you opened it: close and check it again.',
  FORBIDDEN: 'Your role may not change appointments.',
  NOT_FOUND: 'This appointment no longer exists.',
};
