import type { AlarmCode, AlarmPriority, AlarmStatus } from './enums';
import type { AlarmDto, AppointmentDto, WorklistItemDto } from './resources';

type Instant = string;
type LocalDate = string;

export interface PatientRef {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
}

/** `GET /api/alarms?status=` filter: `active` = every unresolved status. */
export type AlarmStatusFilter = AlarmStatus | 'active';

export interface AlarmListQuery {
  status?: AlarmStatusFilter;
  priority?: AlarmPriority;
  code?: AlarmCode;
  patientId?: string;
  pumpId?: string;
  /** Page size (1…PAGE_LIMIT_MAX). Without it every unresolved alarm is returned (resolved history: the first 500). */
  limit?: number;
  /** The X-Next-Cursor of the previous page: this page starts after it. */
  cursor?: string;
}

/**
 * Cursor paging of the alarm board and the refill worklist. The body stays a plain JSON array (the same rows as the
 * unpaged list, in the same order); the response headers say where the next page starts and how many rows match.
 * No X-Next-Cursor header means the last page.
 */
export const PAGE_LIMIT_MAX = 200;
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';
/** Rows matching the filter over all pages (sent with paged responses). */
export const TOTAL_COUNT_HEADER = 'X-Total-Count';
/** Worklist only: how many of those rows are overdue. */
export const OVERDUE_COUNT_HEADER = 'X-Overdue-Count';
/** The cursor is not one this list handed out (malformed, or from another filter): start again without it. */
export const INVALID_CURSOR = 'INVALID_CURSOR';

/** `GET /api/alarms/summary?status=`: counts for the board's header and priority filter. */
export interface AlarmSummaryDto {
  total: number;
  byPriority: Record<AlarmPriority, number>;
}

/** `GET /api/worklist/refills` paging (with the range filters `from`, `to`). */
export interface RefillWorklistQuery {
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** One alarm board row: the alarm plus the patient and the pump's projection numbers (null when not projectable). */
export interface AlarmListItemDto extends AlarmDto {
  /** Null for a clinic-wide alarm. */
  patient: PatientRef | null;
  highRisk: boolean;
  reservoirNowMl: number | null;
  lowReservoirAlarmAt: Instant | null;
  projectedEmptyAt: Instant | null;
  /** The same at the pump's worst-case rate (measured over-infusion included): what an urgent row must show. */
  worstCaseLowReservoirAlarmAt: Instant | null;
  worstCaseEmptyAt: Instant | null;
  refillDueDate: LocalDate | null;
}

export interface AcknowledgeAlarmRequest {
  note?: string;
  version?: number;
}

export interface SnoozeAlarmRequest {
  until: Instant;
  reason: string;
  version?: number;
}

export interface ResolveAlarmRequest {
  note: string;
  version?: number;
}

/** Result of one alarm sweep (`skipped` when another instance holds the sweep lock). */
export interface AlarmSweepResult {
  skipped: boolean;
  pumps: number;
  raised: number;
  updated: number;
  resolved: number;
  escalated: number;
}

/** Server-sent event payload on `GET /api/alarms/stream` (event name `alarm`). */
export type AlarmStreamEvent = AlarmListItemDto;

/** `GET /api/worklist/refills` row: due refills with the proposed booking slot. */
export interface RefillWorklistItemDto extends WorklistItemDto {
  /** When the reservoir reaches its alarm / runs empty at the worst-case rate. */
  worstCaseLowReservoirAlarmAt: Instant | null;
  worstCaseEmptyAt: Instant | null;
  /** The booked appointment is at or after the worst-case alarm: rebook earlier. */
  appointmentAfterWorstCaseAlarm: boolean;
  /** Opening time of the latest working day on or before the due date (not before today), UTC instant. */
  proposedSlot: Instant | null;
}

export interface CalendarAppointmentDto extends AppointmentDto {
  patient: PatientRef;
  highRisk: boolean;
}

export interface RefillCalendarDayDto {
  date: LocalDate;
  booked: CalendarAppointmentDto[];
  proposed: RefillWorklistItemDto[];
}

/** `GET /api/worklist/refills/calendar?month=YYYY-MM` */
export interface RefillCalendarDto {
  month: string;
  timeZone: string;
  days: RefillCalendarDayDto[];
}
