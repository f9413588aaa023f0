import type { AppointmentDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { computeStatus, type StatusOutput } from '@pumpwatch/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ClinicDateTimeInput } from '../../../components/ui/ClinicDateInput';
import { Dialog } from '../../../components/ui/Dialog';
import { Field } from '../../../components/ui/Field';
import { PriorityBadge } from '../../../components/ui/PriorityBadge';
import { ApiError } from '../../../lib/api-client';
import { alarmWords } from '../../../lib/codes';
import { latestRefill, projectionInput, statusInput } from '../../../lib/engine-input';
import { formatInstant, formatLocalDate, instantToZonedInput, zonedInputToInstant } from '../../../lib/format';
import { pumpDoseProgramsQuery, pumpQuery, pumpRefillsQuery } from '../../../lib/pump-queries';
import type { ClinicSettingsDto } from '../../../lib/reference-data';
import { useBookAppointment } from '../api/worklist';

const BOOKING_CODES = new Set(['APPOINTMENT_AFTER_ALARM', 'APPOINTMENT_AFTER_DUE_DATE']);

function defaultSlot(item: RefillWorklistItemDto, tz: string): string {
  if (item.proposedSlot) return instantToZonedInput(item.proposedSlot, tz);
  return `${item.refillDueDate}T09:00`;
}

/** Book a refill: previews the booking alarms in the browser, then shows what the API answered. */
export function BookDialog({
  item,
  settings,
  onClose,
}: {
  item: RefillWorklistItemDto;
  settings: ClinicSettingsDto;
  onClose: () => void;
}) {
  const tz = settings.timeZone;
  const [when, setWhen] = useState(() => defaultSlot(item, tz));
  const [booked, setBooked] = useState<AppointmentDto | null>(null);
  const pump = useQuery(pumpQuery(item.pumpId));
  const refills = useQuery(pumpRefillsQuery(item.pumpId));
  const programs = useQuery(pumpDoseProgramsQuery(item.pumpId));
  const at = zonedInputToInstant(when, tz);

  const preview: StatusOutput | null = useMemo(() => {
    const last = latestRefill(refills.data);
    if (!pump.data || !last || !programs.data?.length || !at) return null;
    try {
      const base = projectionInput({
        pump: pump.data,
        lastRefill: last,
        programs: programs.data,
        timeZone: tz,
        policy: settings.policy,
      });
      return computeStatus(
        statusInput(base, { nowIso: new Date().toISOString(), highRisk: item.highRisk, appointmentAt: at }),
      );
    } catch {
      return null;
    }
  }, [pump.data, refills.data, programs.data, at, tz, settings.policy, item.highRisk]);
  const previewAlarms = preview?.alarms.filter((a) => BOOKING_CODES.has(a.code)) ?? [];

  const mutation = useBookAppointment(item.pumpId, setBooked);
  const name = `${item.patient.familyName}, ${item.patient.givenName}`;

  return (
    <Dialog title={`Book refill — ${name}`} onClose={onClose}>
      {booked ? (
        <div role="status" data-testid="booking-result">
          <p>
            <span aria-hidden="true">✓ </span>Booked for {formatInstant(booked.at, tz)}.
          </p>
          {(booked.alarms ?? []).length > 0 ? (
            <div className="alert alert-warning" data-testid="booking-warning">
              <strong>This booking raises:</strong>
              <ul>
                {booked.alarms!.map((a) => (
                  <li key={a.code}>
                    <PriorityBadge priority={a.priority} /> {alarmWords(a.code)}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>No booking alarms.</p>
          )}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (at) mutation.mutate(at);
          }}
        >
          <p>
            Refill due <strong>{formatLocalDate(item.refillDueDate)}</strong>; low-reservoir alarm{' '}
            {formatInstant(item.lowReservoirAlarmAt, tz)}.
          </p>
          <Field
            label="Appointment time"
            error={
              !at
                ? 'Enter a date and a 24-hour time.'
                : mutation.error instanceof ApiError
                  ? `${mutation.error.message} (${mutation.error.code})`
                  : undefined
            }
          >
            <ClinicDateTimeInput value={when} onChange={setWhen} timeZone={tz} />
          </Field>
          <div aria-live="polite" data-testid="booking-preview">
            {previewAlarms.length > 0 ? (
              <div className="alert alert-warning">
                <strong>
                  <span aria-hidden="true">⚠ </span>Warning: this time would raise
                </strong>
                <ul>
                  {previewAlarms.map((a) => (
                    <li key={a.code}>
                      <PriorityBadge priority={a.priority} /> {alarmWords(a.code)}
                    </li>
                  ))}
                </ul>
                {preview?.worstCaseLowReservoirAlarmAt && (
                  <p>Worst-case low-reservoir alarm: {formatInstant(preview.worstCaseLowReservoirAlarmAt, tz)}.</p>
                )}
              </div>
            ) : preview ? (
              <p className="verdict verdict-ok">
                <span aria-hidden="true">✓ </span>Before the due date and the worst-case alarm.
              </p>
            ) : null}
          </div>
          {mutation.isError && !(mutation.error instanceof ApiError) && (
            <p className="alert alert-error" role="alert">
              Could not reach the server.
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending || !at}>
              {previewAlarms.length > 0 ? 'Book anyway' : 'Book appointment'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
