import type {
  CreateNotificationChannelRequest,
  CreateOnCallShiftRequest,
  NotificationChannelDto,
  NotificationDeliveryDto,
  NotificationPrefsDto,
  NotificationStatusDto,
  OnCallShiftDto,
} from '@pumpwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

const KEY = ['notifications'] as const;

export const notificationKeys = {
  all: KEY,
  channels: [...KEY, 'channels'] as const,
  onCall: [...KEY, 'on-call'] as const,
  prefs: [...KEY, 'prefs'] as const,
  status: [...KEY, 'status'] as const,
  deliveries: (alarmId: string) => [...KEY, 'deliveries', alarmId] as const,
};

export const channelsQuery = () =>
  queryOptions({
    queryKey: notificationKeys.channels,
    queryFn: () => apiFetch<NotificationChannelDto[]>('/api/notification-channels'),
  });

/** Shifts overlapping the next `days` days from `fromIso` (now and the next shifts). */
export const rotaQuery = (fromIso: string, days = 14) =>
  queryOptions({
    queryKey: [...notificationKeys.onCall, fromIso, days],
    queryFn: () => {
      const to = new Date(Date.parse(fromIso) + days * 86_400_000).toISOString();
      return apiFetch<OnCallShiftDto[]>(
        `/api/on-call?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(to)}`,
      );
    },
    refetchInterval: 60_000,
  });

export const prefsQuery = () =>
  queryOptions({
    queryKey: notificationKeys.prefs,
    queryFn: () => apiFetch<NotificationPrefsDto>('/api/users/me/notifications'),
  });

export const notificationStatusQuery = () =>
  queryOptions({
    queryKey: notificationKeys.status,
    queryFn: () => apiFetch<NotificationStatusDto>('/api/notifications/status'),
    refetchInterval: 60_000,
  });

export const deliveriesQuery = (alarmId: string) =>
  queryOptions({
    queryKey: notificationKeys.deliveries(alarmId),
    queryFn: () => apiFetch<NotificationDeliveryDto[]>(`/api/notifications?alarmId=${alarmId}`),
    refetchInterval: 15_000,
  });

/** A mutation that refreshes every notification view when it succeeds. */
function useNotificationMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: KEY }) });
}

export const useCreateChannel = () =>
  useNotificationMutation((body: CreateNotificationChannelRequest) =>
    apiFetch<NotificationChannelDto>('/api/notification-channels', { method: 'POST', json: body }),
  );
export const useDeleteChannel = () =>
  useNotificationMutation((id: string) => apiFetch<void>(`/api/notification-channels/${id}`, { method: 'DELETE' }));
export const useCreateShift = () =>
  useNotificationMutation((body: CreateOnCallShiftRequest) =>
    apiFetch<OnCallShiftDto>('/api/on-call', { method: 'POST', json: body }),
  );
export const useDeleteShift = () =>
  useNotificationMutation((id: string) => apiFetch<void>(`/api/on-call/${id}`, { method: 'DELETE' }));
export const useUpdatePrefs = () =>
  useNotificationMutation((body: Partial<NotificationPrefsDto>) =>
    apiFetch<NotificationPrefsDto>('/api/users/me/notifications', { method: 'PUT', json: body }),
  );
export const useSendDigest = () =>
  useNotificationMutation(() => apiFetch<{ queued: number }>('/api/notifications/digest', { method: 'POST' }));
