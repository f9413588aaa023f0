import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../../lib/query-keys';

export type StreamState = 'connecting' | 'live' | 'down';

/**
 * Server-sent alarm changes: any message invalidates the alarm queries (the list is re-read, never patched
 * from the event, so the board always shows the server's truth). EventSource reconnects by itself.
 */
export function useAlarmStream(token: string | null): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    if (!token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/alarms/stream?access_token=${encodeURIComponent(token)}`);
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    };
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    source.onmessage = refresh;
    for (const type of ['alarm', 'alarms', 'alarm.raised', 'alarm.updated', 'alarm.resolved', 'change']) {
      source.addEventListener(type, refresh);
    }
    return () => source.close();
  }, [token, queryClient]);
  return state;
}
