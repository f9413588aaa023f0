import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiFetch, getAccessToken } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type StreamState = 'connecting' | 'live' | 'down';

/** Wait before opening a new stream once the browser gave up on one (e.g. its access token had expired). */
const RECONNECT_MS = 5_000;

/**
 * Server-sent alarm changes: any message invalidates the alarm queries (the list is re-read, never patched
 * from the event, so the board always shows the server's truth). EventSource reconnects by itself; when it gives
 * up (its URL's access token has expired) a new stream opens with the current token, and every (re)opening
 * re-reads the board, so nothing changed in between is missed. The server closes the stream with `signed-out`
 * once the session has ended: a call to the API then renews the session or signs the user out.
 */
export function useAlarmStream(token: string | null): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const signedIn = token !== null;
  useEffect(() => {
    if (!signedIn || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    };
    const connect = () => {
      const current = getAccessToken();
      if (!current) return;
      const es = new EventSource(`/api/alarms/stream?access_token=${encodeURIComponent(current)}`);
      source = es;
      es.onopen = () => {
        setState('live');
        refresh();
      };
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) return setState('connecting');
        setState('down');
        retry = setTimeout(connect, RECONNECT_MS);
      };
      es.onmessage = refresh;
      for (const type of ['alarm', 'alarms', 'alarm.raised', 'alarm.updated', 'alarm.resolved', 'change']) {
        es.addEventListener(type, refresh);
      }
      es.addEventListener('signed-out', () => {
        es.close();
        setState('down');
        // renews the session if it is still alive (then a new stream opens), else the 401 signs the user out
        void apiFetch('/api/auth/me')
          .then(() => (retry = setTimeout(connect, 0)))
          .catch(() => undefined);
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [signedIn, queryClient]);
  return state;
}
