import type { DoseLevel } from '@pumpwatch/domain';
import { formatInstant, formatMcg, formatMcgPerDay, formatSpan } from '../../../lib/format';
import type { DoseChangeContextDto } from '../api/dose-programs';

const planning = (l: DoseLevel) =>
  l.doseMcgPerDay + (l.bolusDoseMcg != null && l.maxBolusesPerDay != null ? l.bolusDoseMcg * l.maxBolusesPerDay : 0);

/** "400 mcg/day" or "400 mcg/day + up to 4 boluses of 50 mcg (600 mcg/day counting every bolus)". */
export function describeLevel(l: DoseLevel): string {
  if (l.bolusDoseMcg == null || l.maxBolusesPerDay == null || l.bolusDoseMcg * l.maxBolusesPerDay === 0) {
    return formatMcgPerDay(l.doseMcgPerDay);
  }
  return `${formatMcgPerDay(l.doseMcgPerDay)} + up to ${l.maxBolusesPerDay} boluses of ${formatMcg(l.bolusDoseMcg)} a day (${formatMcgPerDay(planning(l))} counting every bolus)`;
}

/**
 * Where therapy stands before the change: after a stop, the dose before it and how long the pump has been
 * stopped, never a bare "current 0 mcg/day" (a restart is judged against them).
 */
export function DoseBaseline({
  context,
  timeZone,
  concentration,
}: {
  context: DoseChangeContextDto;
  timeZone: string;
  concentration: string;
}) {
  const { current, lastNonZero, interruption, patient } = context;
  const nowMs = Date.parse(context.now);
  const stopped = current !== null && current.doseMcgPerDay === 0;
  const ago = (iso: string) => {
    const ms = nowMs - Date.parse(iso);
    return ms >= 0 ? `${formatSpan(ms)} ago` : `in ${formatSpan(ms)}`;
  };
  return (
    <section className="dose-baseline" aria-label="Dose before the change">
      {current === null ? (
        <p>
          Current dose: <strong data-testid="current-dose">none (first programming)</strong>
          {' · '}
          <span data-testid="screening-dose">
            {patient.screeningDoseMcg != null
              ? `Screening dose ${formatMcg(patient.screeningDoseMcg)}: a first dose may be at most ${formatMcgPerDay(2 * patient.screeningDoseMcg)}.`
              : 'No screening dose recorded: the clinic start limit applies.'}
          </span>
        </p>
      ) : stopped ? (
        <p>
          Current dose:{' '}
          <strong data-testid="current-dose">
            therapy stopped (0 mcg/day since {formatInstant(current.changedAt, timeZone)}, {ago(current.changedAt)})
          </strong>
        </p>
      ) : (
        <p>
          Current dose:{' '}
          <strong data-testid="current-dose">
            {describeLevel(current)} since {formatInstant(current.changedAt, timeZone)}
          </strong>
        </p>
      )}
      {lastNonZero && (
        <p data-testid="previous-dose">
          Dose before the stop: <strong>{describeLevel(lastNonZero)}</strong>. A restart is measured against it.
        </p>
      )}
      {interruption && (
        <p className="alert alert-warning" data-testid="interruption">
          <span aria-hidden="true">▲ </span>
          <span>
            Therapy interrupted since <strong>{formatInstant(interruption.since, timeZone)}</strong> (
            <strong>{ago(interruption.since)}</strong>).{' '}
            {interruption.restartRecorded
              ? 'A physician has recorded the restart decision.'
              : 'No restart decision recorded yet: record "Pump restarted" on the patient page before programming a dose.'}
          </span>
        </p>
      )}
      <p className="muted">{concentration}</p>
    </section>
  );
}
