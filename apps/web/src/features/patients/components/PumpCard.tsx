import type { PumpDto, PumpStatusDto, Role } from '@pumpwatch/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { AppointmentActions } from '../../../components/appointments/AppointmentActions';
import { PriorityBadge } from '../../../components/ui/PriorityBadge';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { alarmWords, DUE_REASON_WORDS, words } from '../../../lib/codes';
import {
  formatConcentration,
  formatFromNow,
  formatInstant,
  formatLocalDate,
  formatMcgPerDay,
  formatMl,
  formatMlPerDay,
} from '../../../lib/format';
import { can } from '../../../lib/session';
import { eventTypesFor } from '../api/pump-events';
import { PumpStateBanners } from './PumpStateBanners';
import { RecordEventDialog } from './RecordEventDialog';

interface Props {
  pump: PumpDto;
  /** `worstCaseFactor`: the factor the worst case used (a measured over-infusion included). */
  status: { data?: PumpStatusDto & { worstCaseFactor?: number }; error: unknown; isPending: boolean };
  timeZone: string;
  nowMs: number;
  role?: Role;
  patientName: string;
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function PumpCard({ pump, status, timeZone, nowMs, role, patientName }: Props) {
  const s = status.data;
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const notFilled = status.error instanceof ApiError && status.error.code === 'NO_REFILL_RECORDED';
  return (
    <article className="card pump-card" aria-labelledby={`pump-${pump.id}`} data-testid="pump-card">
      <div className="card-head">
        <h3 id={`pump-${pump.id}`}>
          {pump.model} <span className="muted">SN {pump.serialNumber}</span>
        </h3>
        <div className="card-actions">
          {pump.active && can.recordRefill(role) && (
            <Link className="btn btn-primary btn-small" to={`/pumps/${pump.id}/refill`}>
              Record refill
            </Link>
          )}
          {pump.active && can.changeDose(role) && (
            <Link className="btn btn-small" to={`/pumps/${pump.id}/dose`}>
              Change dose
            </Link>
          )}
          {pump.active && eventTypesFor(role).length > 0 && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setNotice(null);
                setRecording(true);
              }}
            >
              Record event
            </button>
          )}
        </div>
      </div>
      <PumpStateBanners pump={pump} timeZone={timeZone} />
      <p role="status" aria-live="polite" data-testid="pump-card-notice">
        {notice && (
          <>
            <span aria-hidden="true">✓ </span>
            {notice}
          </>
        )}
      </p>
      {recording && (
        <RecordEventDialog
          pump={pump}
          role={role}
          timeZone={timeZone}
          nowMs={Date.now()}
          onDone={(message) => {
            setRecording(false);
            setNotice(message);
          }}
          onClose={() => setRecording(false)}
        />
      )}
      <dl className="facts">
        <Row term="Reservoir capacity">{formatMl(pump.reservoirCapacityMl)}</Row>
        <Row term="Low-reservoir alarm level">{formatMl(pump.lowReservoirAlarmMl)}</Row>
        <Row term="Implanted">{formatInstant(pump.implantedAt, timeZone)}</Row>
        <Row term="Battery">
          {pump.eriReportedAt
            ? `Replacement indicator reported ${formatInstant(pump.eriReportedAt, timeZone)}; stops by ${formatLocalDate(pump.batteryStopDate)}`
            : pump.batteryStopDate
              ? `Expected end ${formatLocalDate(pump.batteryStopDate)}`
              : pump.eriDate
                ? `Replacement indicator expected ${formatLocalDate(pump.eriDate)}`
                : 'No battery date recorded'}
        </Row>
      </dl>
      {status.isPending ? (
        <Loading label="Projecting reservoir…" />
      ) : notFilled ? (
        <p className="alert alert-info">No refill recorded yet: record the initial fill to project this pump.</p>
      ) : status.error || !s ? (
        <ErrorState error={status.error} />
      ) : (
        <>
          <dl className="facts facts-key">
            <Row term="Concentration">{formatConcentration(s.concentrationMcgPerMl)}</Row>
            <Row term="Dose (programmed)">{formatMcgPerDay(s.programmedDoseMcgPerDay)}</Row>
            <Row term="Dose (planning, incl. boluses)">{formatMcgPerDay(s.planningDoseMcgPerDay)}</Row>
            <Row term="Rate">{formatMlPerDay(s.rateMlPerDay)}</Row>
            <Row term="Reservoir now">{formatMl(s.reservoirNowMl)}</Row>
            <Row term="Low-reservoir alarm">
              {formatInstant(s.lowReservoirAlarmAt, timeZone)} ({formatFromNow(s.lowReservoirAlarmAt, nowMs)})
            </Row>
            <Row term="Worst-case alarm">{formatInstant(s.worstCaseLowReservoirAlarmAt, timeZone)}</Row>
            {typeof s.worstCaseFactor === 'number' && (
              <Row term="Worst case assumes">
                <span data-testid="worst-case-factor">
                  delivery up to {Math.round((s.worstCaseFactor - 1) * 1000) / 10} % faster than programmed (a refill
                  that measured the pump running faster raises it until the next refill)
                </span>
              </Row>
            )}
            <Row term="Worst-case empty">
              {formatInstant(s.worstCaseEmptyAt, timeZone)} ({formatFromNow(s.worstCaseEmptyAt, nowMs)})
            </Row>
            <Row term="Refill due">
              <strong>{formatLocalDate(s.refillDueDate)}</strong>
              {s.refillDueReason && <span className="muted"> — {words(DUE_REASON_WORDS, s.refillDueReason)}</span>}
            </Row>
            <Row term="Last refill">{formatInstant(s.lastRefillAt, timeZone)}</Row>
            <Row term="Next appointment">
              {s.nextAppointmentAt ? formatInstant(s.nextAppointmentAt, timeZone) : 'None booked'}
              {s.nextAppointmentAt && can.book(role) && (
                <div>
                  <AppointmentActions
                    pumpId={pump.id}
                    patientName={patientName}
                    appointmentAt={s.nextAppointmentAt}
                    timeZone={timeZone}
                    nowMs={nowMs}
                    onDone={setNotice}
                  />
                </div>
              )}
            </Row>
          </dl>
          {s.alarms.length > 0 && (
            <ul className="status-alarms" aria-label="Projection alarms">
              {s.alarms.map((a) => (
                <li key={a.code}>
                  <PriorityBadge priority={a.priority} /> {alarmWords(a.code)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </article>
  );
}
