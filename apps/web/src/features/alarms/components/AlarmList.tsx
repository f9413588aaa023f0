import type { PatientDto, Role } from '@pumpwatch/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { AlarmView } from '../api/alarms';
import { AlarmRow } from './AlarmRow';

const ROW_ESTIMATE_PX = 72;
/** Ask for the next page this many rows before the end, so scrolling rarely reaches an empty end. */
const LOAD_AHEAD_ROWS = 20;

/** Virtualised so a clinic with hundreds of open alarms stays fast; rows are measured, not fixed. */
export function AlarmList(props: {
  alarms: AlarmView[];
  patients?: Map<string, PatientDto>;
  timeZone: string;
  nowMs: number;
  role?: Role;
  busyId?: string;
  onAcknowledge: (a: AlarmView) => void;
  onSnooze: (a: AlarmView) => void;
  onResolve: (a: AlarmView) => void;
  /** Rendering rows near the end of the list (a paged board loads its next page). */
  onNearEnd?: () => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.alarms.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 8,
    initialRect: { width: 1000, height: 700 },
  });
  const lastShown = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  const { onNearEnd } = props;
  const nearEnd = lastShown >= props.alarms.length - LOAD_AHEAD_ROWS;
  useEffect(() => {
    if (nearEnd) onNearEnd?.();
  }, [nearEnd, onNearEnd, props.alarms.length]);
  return (
    <div className="alarm-list" role="region" aria-label="Alarms" ref={parentRef}>
      <div className="alarm-row alarm-head" aria-hidden="true">
        <span>Priority</span>
        <span>Patient</span>
        <span>Alarm</span>
        <span>Time to alarm / empty</span>
        <span>Status</span>
        <span>Actions</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="list">
        {virtualizer.getVirtualItems().map((item) => {
          const alarm = props.alarms[item.index]!;
          return (
            <div
              key={alarm.id}
              role="listitem"
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
            >
              <AlarmRow
                alarm={alarm}
                patient={alarm.patientId ? props.patients?.get(alarm.patientId) : undefined}
                timeZone={props.timeZone}
                nowMs={props.nowMs}
                role={props.role}
                busy={props.busyId === alarm.id}
                onAcknowledge={props.onAcknowledge}
                onSnooze={props.onSnooze}
                onResolve={props.onResolve}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
