import type { PatientDto, Role } from '@pumpwatch/contracts';
import { Link } from 'react-router';
import { PriorityBadge } from '../../../components/ui/PriorityBadge';
import { WorstCaseEmpty } from '../../../components/ui/WorstCaseEmpty';
import { alarmWords } from '../../../lib/codes';
import { formatFromNow, formatInstant, formatMl } from '../../../lib/format';
import { can } from '../../../lib/session';
import type { AlarmView } from '../api/alarms';

export interface AlarmRowProps {
  alarm: AlarmView;
  patient?: PatientDto;
  timeZone: string;
  nowMs: number;
  role?: Role;
  busy?: boolean;
  onAcknowledge: (alarm: AlarmView) => void;
  onSnooze: (alarm: AlarmView) => void;
  onResolve: (alarm: AlarmView) => void;
}

const STATUS_WORDS = { open: 'Open', acknowledged: 'Acknowledged', snoozed: 'Snoozed', resolved: 'Resolved' } as const;

type TimeKey = 'lowReservoirAlarmAt' | 'projectedEmptyAt' | 'worstCaseLowReservoirAlarmAt' | 'worstCaseEmptyAt';

/** Instants the row can show: embedded in the alarm, or in its details (whichever the API provides). */
function instant(alarm: AlarmView, key: TimeKey): string | null {
  const top = alarm[key];
  if (typeof top === 'string') return top;
  const nested = alarm.details?.[key];
  return typeof nested === 'string' ? nested : null;
}

export function AlarmRow({
  alarm,
  patient,
  timeZone,
  nowMs,
  role,
  busy,
  onAcknowledge,
  onSnooze,
  onResolve,
}: AlarmRowProps) {
  const who = alarm.patient ?? patient;
  const name = who ? `${who.familyName}, ${who.givenName}` : alarm.patientId ? 'Unknown patient' : 'Whole clinic';
  const highRisk = alarm.highRisk ?? patient?.highRisk ?? false;
  const critical = alarm.priority === 'critical';
  const alarmAt = instant(alarm, 'lowReservoirAlarmAt');
  const emptyAt = instant(alarm, 'projectedEmptyAt');
  // An urgent row answers "how long do we have?" with the worst case: the nominal time can be days later.
  const urgent = critical || alarm.code === 'REFILL_OVERDUE';
  const worstEmptyAt = urgent ? instant(alarm, 'worstCaseEmptyAt') : null;
  const actionable = alarm.status === 'open' || alarm.status === 'snoozed';
  const mayAck = can.acknowledge(role, critical);
  const resolvable = alarm.code === 'REFILL_DISCREPANCY' || alarm.code === 'THERAPY_INTERRUPTED';
  // an open call about symptoms: its outcome (on the triage screen) is what closes the alarm
  const triageCalls = alarm.code === 'TRIAGE_OPEN' ? (alarm.details?.triageCallIds as string[] | undefined) : undefined;
  const triageCallId = triageCalls?.[triageCalls.length - 1];

  return (
    <div
      className={`alarm-row alarm-${alarm.priority}`}
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-code={alarm.code}
    >
      <div className="alarm-cell alarm-priority">
        <PriorityBadge priority={alarm.priority} />
        {alarm.escalated && <span className="tag">Escalated</span>}
      </div>
      <div className="alarm-cell">
        {alarm.patientId ? (
          <Link to={`/patients/${alarm.patientId}`} className="alarm-patient">
            {name}
          </Link>
        ) : (
          <strong className="alarm-patient">Whole clinic</strong>
        )}
        <span className="muted">
          {who ? `MRN ${who.mrn}` : ''}
          {alarm.reservoirNowMl != null ? ` · reservoir ${formatMl(alarm.reservoirNowMl)}` : ''}
        </span>
        {highRisk && (
          <span className="tag tag-risk">
            <span aria-hidden="true">⚑ </span>High risk
          </span>
        )}
      </div>
      <div className="alarm-cell">
        <strong className="alarm-code">{alarmWords(alarm.code)}</strong>
        <span className="muted">Raised {formatInstant(alarm.raisedAt, timeZone)}</span>
        {triageCallId && <Link to={`/triage?call=${triageCallId}`}>Open the call</Link>}
      </div>
      <div className="alarm-cell alarm-times">
        {worstEmptyAt ? (
          <>
            <WorstCaseEmpty at={worstEmptyAt} timeZone={timeZone} nowMs={nowMs} />
            {emptyAt && <span className="muted small">Nominal: empty {formatFromNow(emptyAt, nowMs)}</span>}
          </>
        ) : alarmAt || emptyAt ? (
          <>
            {alarmAt && <span>Low-reservoir alarm {formatFromNow(alarmAt, nowMs)}</span>}
            {emptyAt && <span>Empty {formatFromNow(emptyAt, nowMs)}</span>}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div className="alarm-cell">
        <span className="alarm-status">{STATUS_WORDS[alarm.status]}</span>
        {alarm.status === 'snoozed' && alarm.snoozedUntil && (
          <span className="muted">until {formatInstant(alarm.snoozedUntil, timeZone)}</span>
        )}
        {alarm.acknowledgedAt && <span className="muted">ack. {formatInstant(alarm.acknowledgedAt, timeZone)}</span>}
      </div>
      <div className="alarm-cell alarm-actions">
        {actionable && alarm.status === 'open' && (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={!mayAck || busy}
              onClick={() => onAcknowledge(alarm)}
              aria-label={`Acknowledge: ${alarmWords(alarm.code)} for ${name}`}
            >
              Acknowledge
            </button>
            {!mayAck && role === 'staff' && <span className="muted small">Critical: nurse or physician only</span>}
          </>
        )}
        {actionable && can.snooze(role) && (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => onSnooze(alarm)}
            aria-label={`Snooze: ${alarmWords(alarm.code)} for ${name}`}
          >
            Snooze
          </button>
        )}
        {alarm.status !== 'resolved' && resolvable && can.resolve(role) && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => onResolve(alarm)}>
            Resolve
          </button>
        )}
      </div>
    </div>
  );
}
