import type { AlarmStreamEvent } from '@pumpwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiFetch, getAccessToken } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type StreamState = 'connecting' | 'live' | 'down';

/** Wait before opening a new stream once the browser gave up on one (e.g. its access token had expired). */
const RECONNECT_MS = 5_000;
/** Counts, the worklist and other alarm lists are re-read at most this often while changes stream in. */
const REFRESH_DEBOUNCE_MS = 1_000;

export interface AlarmStreamHandlers {
  /** Each changed alarm as the server sent it (the board lays it over its pages). */
  onAlarm(alarm: AlarmStreamEvent): void;
  /** The board may have missed changes (a new stream that could not resume from the last one): re-read it. */
  onResync(): void;
}

/**
 * Server-sent alarm changes. Each `alarm` event goes to `onAlarm` (the board applies it instead of re-reading);
 * lists that do not take changes one by one (the per-priority counts, the worklist, a patient's alarms) are marked
 * stale, debounced. EventSource reconnects by itself and resumes from its Last-Event-ID (the server replays what
 * changed meanwhile). When it gives up (its URL's access token has expired) a new stream opens with the current
 * token and `since` = the last event id seen, so nothing changed in between is missed; without any event seen yet,
 * or after the stream was down (the board was polled meanwhile), `onResync` asks for one re-read. The server closes
 * the stream with `signed-out` once the session has ended: a call to the API then renews the session or signs the
 * user out. `down` also when the browser has no EventSource (the caller polls then).
 */
export function useAlarmStream(token: string | null, handlers: AlarmStreamHandlers): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>(() => (typeof EventSource === 'undefined' ? 'down' : 'connecting'));
  const signedIn = token !== null;
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!signedIn || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let debounce: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | null = null;
    let opened = false;
    let wasDown = false;
    const refreshOthers = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        void queryClient.invalidateQueries({
          queryKey: queryKeys.alarms,
          // the board and the critical list take the changes themselves
          predicate: (q) => q.queryKey[1] !== 'board' && q.queryKey[1] !== 'critical-open',
        });
        void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
      }, REFRESH_DEBOUNCE_MS);
    };
    const onAlarm = (e: MessageEvent<string>) => {
      if (e.lastEventId) lastEventId = e.lastEventId;
      let alarm: AlarmStreamEvent;
      try {
        alarm = JSON.parse(e.data) as AlarmStreamEvent;
      } catch {
        return;
      }
      if (!alarm || typeof alarm.id !== 'string') return;
      latest.current.onAlarm(alarm);
      refreshOthers();
    };
    const connect = () => {
      const current = getAccessToken();
      if (!current) return;
      const resume = lastEventId ? `&since=${encodeURIComponent(lastEventId)}` : '';
      const es = new EventSource(`/api/alarms/stream?access_token=${encodeURIComponent(current)}${resume}`);
      source = es;
      es.onopen = () => {
        setState('live');
        // a first stream needs nothing: the board loads once it is open. A new one without a resume point, or
        // after being down, may have missed changes.
        if (opened && (!resume || wasDown)) latest.current.onResync();
        opened = true;
        wasDown = false;
      };
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) return setState('connecting');
        setState('down');
        wasDown = true;
        retry = setTimeout(connect, RECONNECT_MS);
      };
      es.addEventListener('alarm', onAlarm);
      es.addEventListener('signed-out', () => {
        es.close();
        setState('down');
        // renews the session if it is still alive (then a new stream opens, resuming), else the 401 signs the user out
        void apiFetch('/api/auth/me')
          .then(() => (retry = setTimeout(connect, 0)))
          .catch(() => undefined);
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      clearTimeout(debounce);
      source?.close();
    };
  }, [signedIn, queryClient]);
  return state;
}
