import { createHmac } from 'node:crypto';
import { ALARM_CODE_WORDS, type AlarmCode, type AlarmPriority, type NotificationEvent } from '@pumpwatch/contracts';
import { ALARM_PRIORITIES } from '@pumpwatch/domain';

/** Tries in all before a delivery is given up (`dead`). */
export const MAX_ATTEMPTS = 8;
/** Wait after the first failed try; each later failure doubles it (30 s, 1 min, 2 min … 32 min). */
export const FIRST_RETRY_MS = 30_000;
/** A webhook or SMTP exchange that has not finished by then counts as failed (and is retried). */
export const SEND_TIMEOUT_MS = 10_000;

/** When the next try is due after `attemptsMade` tries have failed. */
export function retryDelayMs(attemptsMade: number): number {
  return FIRST_RETRY_MS * 2 ** Math.max(0, attemptsMade - 1);
}

const rank = (p: AlarmPriority) => ALARM_PRIORITIES.indexOf(p); // 0 = critical

/** A channel asking for `min` hears of alarms at that priority and above. */
export function meetsMinPriority(priority: AlarmPriority, min: AlarmPriority): boolean {
  return rank(priority) <= rank(min);
}

/** First letters of given and family name, upper case: all a pager needs to tell two patients apart. */
export function initials(givenName: string | null, familyName: string | null): string {
  const first = (s: string | null) => (s ?? '').trim().charAt(0).toUpperCase();
  return `${first(givenName)}${first(familyName)}`;
}

/** `sha256=<lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes>`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex')}`;
}

/** Alarm names in e-mail: the board's words (one table, in packages/contracts); an unknown code as it is. */
export const alarmWords = (code: string): string => ALARM_CODE_WORDS[code as AlarmCode] ?? code;

/** What a notification about one alarm may say: identifiers only, never a name, birth date or free text. */
export interface AlarmSubject {
  alarmId: string;
  code: AlarmCode;
  priority: AlarmPriority;
  status: string;
  mrn: string;
  initials: string;
  pumpId: string;
  serialNumber: string;
}

export const alarmLink = (publicUrl: string, alarmId: string) => `${publicUrl}/alarms?id=${alarmId}`;

/** The webhook body of an alarm event, serialised once: every retry sends these same bytes. */
export function alarmWebhookBody(
  deliveryId: string,
  event: NotificationEvent,
  occurredAt: Date,
  s: AlarmSubject,
  publicUrl: string,
): string {
  return JSON.stringify({
    deliveryId,
    event,
    occurredAt: occurredAt.toISOString(),
    alarm: { id: s.alarmId, code: s.code, priority: s.priority, status: s.status },
    patient: { mrn: s.mrn, initials: s.initials },
    pump: { id: s.pumpId, serialNumber: s.serialNumber },
    link: alarmLink(publicUrl, s.alarmId),
  });
}

/** A stored e-mail: rendered once at enqueue, like a webhook body. */
export interface MailBody {
  to: string;
  subject: string;
  text: string;
}

const EVENT_WORDS: Record<string, string> = {
  'alarm.raised': 'alarm',
  'alarm.escalated': 'ESCALATED: not acknowledged',
};

/**
 * An alarm page. The subject says only the priority and the alarm: subjects show on lock screens and in mail
 * previews, so the patient's identifiers stay in the body (MRN, initials, pump serial, link; nothing else).
 */
export function alarmMail(to: string, event: NotificationEvent, s: AlarmSubject, publicUrl: string): MailBody {
  const what = EVENT_WORDS[event] ?? event;
  return {
    to,
    subject: `[PumpWatch] ${s.priority.toUpperCase()} ${what}: ${alarmWords(s.code)}`,
    text: [
      `${alarmWords(s.code)} (${s.code})`,
      `Priority: ${s.priority}`,
      event === 'alarm.escalated' ? 'Not acknowledged yet: escalated to you.' : null,
      `Patient: MRN ${s.mrn}, initials ${s.initials}`,
      `Pump serial: ${s.serialNumber}`,
      '',
      `Open the alarm: ${alarmLink(publicUrl, s.alarmId)}`,
    ]
      .filter((l) => l !== null)
      .join('\n'),
  };
}
