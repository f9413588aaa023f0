import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ClinicDateInput } from '../../../components/ui/ClinicDateInput';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { DATE_VALUE } from '../../../lib/clinic-date';
import { formatLocalDate, formatPct } from '../../../lib/format';
import { qualityMetricsQuery, type QualityMetrics } from '../api/reports';
import { AcknowledgeChart, AlarmsPerMonthChart, RefillTimelinessChart } from '../components/QualityCharts';
import '../reports.css';

const days = (v: number | null) => (v === null ? '—' : `${v} days`);
const minutes = (v: number | null) => (v === null ? '—' : v >= 120 ? `${Math.round(v / 6) / 10} h` : `${v} min`);

function Tiles({ m }: { m: QualityMetrics }) {
  const r = m.refills;
  const tiles = [
    {
      label: 'On or before due date',
      value: formatPct(r.onOrBeforeDueDatePct),
      note: `${r.onOrBeforeDueDate} of ${r.assessed}`,
    },
    { label: 'Before alarm date', value: formatPct(r.beforeAlarmPct), note: `${r.beforeAlarm} of ${r.assessed}` },
    { label: 'Median margin to alarm', value: days(r.medianMarginDays), note: 'alarm date − refill' },
    {
      label: 'Discrepancy rate',
      value: formatPct(r.discrepancyRatePct),
      note: `${r.discrepancies} of ${r.total - r.initialFills} refills`,
    },
    {
      label: 'Median time to acknowledge',
      value: minutes(m.acknowledgement.medianMinutes),
      note: `${m.acknowledgement.acknowledged} alarms acknowledged`,
    },
    {
      label: 'Calls: median time to outcome',
      value: minutes(m.calls.medianMinutesToOutcome),
      note: `${m.calls.total} calls about symptoms, ${m.calls.open} without outcome`,
    },
  ];
  return (
    <dl className="kpi-tiles" data-testid="quality-tiles">
      {tiles.map((t) => (
        <div key={t.label} className="kpi-tile">
          <dt>{t.label}</dt>
          <dd>
            <span className="kpi-value">{t.value}</span>
            <span className="muted small">{t.note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Clinic quality indicators with charts; the range defaults to the last 365 days (server side). */
export default function QualityRoute() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromId = useId();
  const toId = useId();
  // Only whole dates narrow the range; a range that ends before it starts is said, not sent.
  const fromDate = DATE_VALUE.test(from) ? from : '';
  const toDate = DATE_VALUE.test(to) ? to : '';
  const reversed = fromDate !== '' && toDate !== '' && fromDate > toDate;
  const query = useQuery(qualityMetricsQuery(reversed ? '' : fromDate, reversed ? '' : toDate));
  const m = query.data;
  return (
    <section aria-labelledby="quality-title">
      <div className="page-head">
        <h2 id="quality-title">Quality</h2>
        {m && (
          <p className="muted">
            {formatLocalDate(m.from)} – {formatLocalDate(m.to)} ({m.timeZone})
          </p>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Date range">
        <div className="filter-field">
          <label htmlFor={fromId}>From</label>
          <ClinicDateInput id={fromId} value={from} onChange={setFrom} aria-invalid={reversed || undefined} />
        </div>
        <div className="filter-field">
          <label htmlFor={toId}>To</label>
          <ClinicDateInput id={toId} value={to} onChange={setTo} aria-invalid={reversed || undefined} />
        </div>
        {reversed && (
          <p className="field-error" role="alert">
            <span aria-hidden="true">⚠ </span>The range ends before it starts: the last 365 days are shown.
          </p>
        )}
      </form>
      {query.isPending && <Loading />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {m && (
        <>
          <Tiles m={m} />
          <p className="muted small">
            {m.refills.total} refills in the range ({m.refills.initialFills} initial fills). Each later refill is
            compared with the due and alarm dates the engine projected right after the refill before it.
          </p>
          <div className="grid-2">
            <section className="card">
              <h3>Refills on time, by month</h3>
              <RefillTimelinessChart data={m.refillsByMonth} />
            </section>
            <section className="card">
              <h3>Time to acknowledge</h3>
              {m.acknowledgement.acknowledged > 0 ? (
                <AcknowledgeChart data={m.acknowledgement.byPriority} />
              ) : (
                <Empty>No alarm raised in this range has been acknowledged yet.</Empty>
              )}
            </section>
          </div>
          <CallsTable calls={m.calls} />
          <section className="card">
            <h3>Alarms by code per month</h3>
            <AlarmsPerMonthChart data={m.alarmsByCodePerMonth} />
          </section>
        </>
      )}
    </section>
  );
}

const URGENCY_LABEL = { EMERGENCY: 'Emergency', URGENT_SAME_DAY: 'Urgent (same day)', ROUTINE: 'Routine' } as const;

/** Calls about symptoms by urgency: how many, how many still open, median minutes from call to outcome. */
function CallsTable({ calls }: { calls: QualityMetrics['calls'] }) {
  return (
    <section className="card" aria-labelledby="quality-calls-title">
      <h3 id="quality-calls-title">Calls about symptoms</h3>
      {calls.total === 0 ? (
        <Empty>No call about symptoms in this range.</Empty>
      ) : (
        <table className="table table-compact" data-testid="quality-calls">
          <thead>
            <tr>
              <th scope="col">Urgency</th>
              <th scope="col">Calls</th>
              <th scope="col">Without outcome</th>
              <th scope="col">Median time to outcome</th>
            </tr>
          </thead>
          <tbody>
            {calls.byUrgency.map((u) => (
              <tr key={u.urgency}>
                <th scope="row">{URGENCY_LABEL[u.urgency]}</th>
                <td>{u.total}</td>
                <td>{u.open}</td>
                <td>{minutes(u.medianMinutesToOutcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
