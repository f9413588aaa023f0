/**
 * When a clinical record may say it happened (docs/clinical/DOSE-AND-REFILL-RULES.md, PROJECTION-AND-ALARMS.md):
 * a refill, a pump event or a call is never recorded in the future, beyond a few minutes of clock difference
 * between the device it is typed on and the server; and a triage call only while the engine's answer, drawn from
 * the pump's state at the call, still fits what can be done about it.
 */

/** Clock difference tolerated between the recording device and the server. */
export const RECORD_CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * A call is triaged as it comes in: one entered more than a day later is documentation, and belongs in the
 * patient's notes rather than on the board as an open call.
 */
export const TRIAGE_CALL_MAX_AGE_MS = 24 * 3_600_000;

/** The record's instant is after `now` by more than the tolerated clock difference. */
export const isRecordInFuture = (atMs: number, nowMs: number): boolean => atMs > nowMs + RECORD_CLOCK_TOLERANCE_MS;

/** The call came in too long ago to be triaged now. */
export const isTriageCallTooOld = (atMs: number, nowMs: number): boolean => atMs < nowMs - TRIAGE_CALL_MAX_AGE_MS;
