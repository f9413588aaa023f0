import type { AlarmPriority } from './enums';

type Instant = string;

/** What a webhook channel can subscribe to; e-mail pages follow the routing rules, not a subscription. */
export const NOTIFICATION_EVENTS = [
  'alarm.raised',
  'alarm.escalated',
  'alarm.resolved',
  'digest.daily',
  'reminder.patient',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** `cancelled`: the channel was deleted before the delivery was made. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `GET /api/notification-channels` (admin): never carries the secret. */
export interface NotificationChannelDto {
  id: string;
  name: string;
  kind: 'webhook';
  url: string;
  events: NotificationEvent[];
  minPriority: AlarmPriority;
  createdAt: Instant;
}

/** `POST /api/notification-channels` (admin). */
export interface CreateNotificationChannelRequest {
  name: string;
  kind: 'webhook';
  url: string;
  /** Key of the HMAC-SHA256 signature, at least 16 characters. */
  secret: string;
  events: NotificationEvent[];
  minPriority: AlarmPriority;
}

export type OnCallLevel = 1 | 2;

/** A shift covers [startsAt, endsAt): back-to-back shifts do not overlap. */
export interface OnCallShiftDto {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  userRole: string;
  level: OnCallLevel;
  startsAt: Instant;
  endsAt: Instant;
}

export interface CreateOnCallShiftRequest {
  userId: string;
  startsAt: Instant;
  endsAt: Instant;
  level: OnCallLevel;
}

/** `GET|PUT /api/users/me/notifications`. Pages to the on-call clinician ignore these: pages are not optional. */
export interface NotificationPrefsDto {
  /** Optional e-mail (the daily digest); off = pages only. */
  email: boolean;
  digest: boolean;
}

/** One row of `GET /api/notifications` (physician, admin), newest first. */
export interface NotificationDeliveryDto {
  id: string;
  deliveryId: string;
  /** "email" or the webhook channel's id. */
  channel: string;
  /** The e-mail address or the channel's name. */
  recipient: string;
  event: NotificationEvent;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Instant;
  sentAt: Instant | null;
  alarmId: string | null;
  nextAttemptAt: Instant | null;
}

/** `GET /api/notifications/status` (all roles): what the health badge warns about. */
export interface NotificationStatusDto {
  emailConfigured: boolean;
  webhookChannels: number;
  /** Deliveries waiting for a retry after a failure. */
  failing: number;
  /** Deliveries given up after every attempt, in the last 24 hours. */
  deadLast24h: number;
  /** The clinic-wide NOTIFICATIONS_FAILING alarm is open. */
  alarmOpen: boolean;
}
