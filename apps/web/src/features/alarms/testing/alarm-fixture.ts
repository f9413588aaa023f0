/** Test data for the alarm board's tests: one alarm as the board lists it. Not part of the app bundle. */
import type { AlarmView } from '../api/alarms';

/**
 * An open, high-priority LOW_RESERVOIR alarm (a1 on pump p1 of patient pt1, raised 1 Mar 2026 10:00 UTC, version 1)
 * with nothing acknowledged, snoozed, resolved or escalated; `over` replaces any field or adds the list-item ones.
 */
export const alarmItem = (over: Partial<AlarmView> = {}): AlarmView => ({
  id: 'a1',
  pumpId: 'p1',
  patientId: 'pt1',
  code: 'LOW_RESERVOIR',
  priority: 'high',
  status: 'open',
  raisedAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  acknowledgedBy: null,
  acknowledgedAt: null,
  acknowledgeNote: null,
  snoozedUntil: null,
  snoozeReason: null,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  escalated: false,
  escalatedAt: null,
  details: null,
  version: 1,
  ...over,
});

/** The same alarm named `id`, on pump `pump-<id>` of patient `pt-<id>`: a board of several distinct alarms. */
export const boardAlarm = (id: string, over: Partial<AlarmView> = {}): AlarmView =>
  alarmItem({ id, pumpId: `pump-${id}`, patientId: `pt-${id}`, ...over });
