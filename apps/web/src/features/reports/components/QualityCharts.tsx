import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { alarmWords, PRIORITY_WORDS } from '../../../lib/codes';
import type { QualityMetrics } from '../api/reports';

// Distinct hues plus patterns of order (legend lists codes) so colour is never the only cue.
const PALETTE = [
  '#1f5fa8',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
  '#4d7c0f',
  '#334155',
];

const pctTick = (v: number) => `${v} %`;

export function RefillTimelinessChart({ data }: { data: QualityMetrics['refillsByMonth'] }) {
  return (
    <figure className="chart" data-testid="chart-refills">
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis domain={[0, 100]} tickFormatter={pctTick} />
            <Tooltip formatter={(v) => `${String(v)} %`} />
            <Legend />
            <Bar
              dataKey="onOrBeforeDueDatePct"
              name="On or before due date"
              fill={PALETTE[0]}
              isAnimationActive={false}
            />
            <Bar
              dataKey="beforeAlarmPct"
              name="Before low-reservoir alarm"
              fill={PALETTE[2]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        Share of refills per month done on or before the due date and before the alarm date the engine projected at the
        previous refill.
      </figcaption>
    </figure>
  );
}

export function AlarmsPerMonthChart({ data }: { data: QualityMetrics['alarmsByCodePerMonth'] }) {
  const codes = [...new Set(data.map((d) => d.code))].sort();
  const months = [...new Set(data.map((d) => d.month))].sort();
  const rows = months.map((month) => {
    const row: Record<string, string | number> = { month };
    for (const d of data) if (d.month === month) row[d.code] = d.count;
    return row;
  });
  return (
    <figure className="chart" data-testid="chart-alarms">
      <div style={{ width: '100%', height: 300 }}>
        <ResponsiveContainer>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend formatter={(code: string) => alarmWords(code)} />
            {codes.map((code, i) => (
              <Bar
                key={code}
                dataKey={code}
                name={code}
                stackId="alarms"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        Alarms raised per month (clinic time zone), by code: {data.reduce((n, d) => n + d.count, 0)} in the range.
      </figcaption>
    </figure>
  );
}

export function AcknowledgeChart({ data }: { data: QualityMetrics['acknowledgement']['byPriority'] }) {
  const rows = data.map((d) => ({ ...d, label: PRIORITY_WORDS[d.priority] }));
  return (
    <figure className="chart" data-testid="chart-ack">
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis unit=" min" />
            <Tooltip formatter={(v) => `${String(v)} min`} />
            <Bar
              dataKey="medianMinutes"
              name="Median minutes to acknowledge"
              fill={PALETTE[1]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">Median time from raised to acknowledged, by priority.</figcaption>
    </figure>
  );
}
