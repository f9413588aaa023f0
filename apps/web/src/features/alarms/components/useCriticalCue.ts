import { useEffect, useRef, useState } from 'react';
import type { AlarmView } from '../api/alarms';
import { beep } from './beep';

const MUTE_KEY = 'pumpwatch.alarmSoundMuted';

/**
 * New critical alarms since the board opened: a visible banner always, a beep unless muted.
 * The first load only sets the baseline (no cue for alarms that were already there).
 */
export function useCriticalCue(alarms: AlarmView[] | undefined) {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<AlarmView[]>([]);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');

  useEffect(() => {
    if (!alarms) return;
    const critical = alarms.filter((a) => a.priority === 'critical' && a.status === 'open');
    if (seen.current === null) {
      seen.current = new Set(critical.map((a) => a.id));
      return;
    }
    const added = critical.filter((a) => !seen.current!.has(a.id));
    if (added.length === 0) return;
    for (const a of added) seen.current.add(a.id);
    setFresh((prev) => [...added, ...prev]);
    if (!muted) beep();
  }, [alarms, muted]);

  return {
    fresh,
    dismiss: () => setFresh([]),
    muted,
    toggleMute: () =>
      setMuted((m) => {
        localStorage.setItem(MUTE_KEY, m ? '0' : '1');
        return !m;
      }),
  };
}
