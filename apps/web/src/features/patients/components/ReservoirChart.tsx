import type { ReservoirSeries } from '@pumpwatch/domain';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInstant, formatInstantDate, formatMl } from '../../../lib/format';

interface Props {
  series: ReservoirSeries;
  capacityMl: number;
  timeZone: string;
  nowMs: number;
  appointmentAt: string | null;
}

const toPoints = (pts: { at: string; reservoirMl: number }[]) =>
  pts.map((p) => ({ t: Date.parse(p.at), ml: p.reservoirMl }));

/**
 * Reservoir over time: nominal (solid) and worst case (dashed) so the two differ by more than colour;
 * the figure caption states the key dates as text for screen readers.
 */
export function ReservoirChart({ series, capacityMl, timeZone, nowMs, appointmentAt }: Props) {
  const nominal = toPoints(series.nominal);
  const worst = toPoints(series.worstCase);
  const appointmentMs = appointmentAt ? Date.parse(appointmentAt) : null;
  const all = [...nominal, ...worst].map((p) => p.t).concat(nowMs, appointmentMs ?? nowMs);
  const domain: [number, number] = [Math.min(...all), Math.max(...all)];
  const tick = (ms: number) => formatInstantDate(new Date(ms).toISOString(), timeZone);
  return (
    <figure className="chart" data-testid="reservoir-chart">
      <div style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <LineChart margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#d9dee4" />
            <XAxis dataKey="t" type="number" domain={domain} scale="time" tickFormatter={tick} tickCount={6} />
            <YAxis domain={[0, capacityMl]} unit=" mL" width={64} />
            <Tooltip
              labelFormatter={(v) => formatInstant(new Date(Number(v)).toISOString(), timeZone)}
              formatter={(v) => formatMl(Number(v))}
            />
            <Legend />
            <Line
              data={nominal}
              dataKey="ml"
              name="Nominal"
              stroke="#14324a"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              data={worst}
              dataKey="ml"
              name="Worst case"
              stroke="#a4370b"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
            <ReferenceLine
              y={series.alarmLevelMl}
              stroke="#7a0c0c"
              strokeDasharray="2 2"
              // Left end, above the line: the curves start high there, and the appointment line sits right.
              label={{ value: 'Alarm level', position: 'insideBottomLeft' }}
            />
            <ReferenceLine x={nowMs} stroke="#1b1f24" label={{ value: 'Today', position: 'insideTopLeft' }} />
            {appointmentMs !== null && (
              <ReferenceLine
                x={appointmentMs}
                stroke="#0b4d1c"
                strokeDasharray="4 2"
                // Top, left of its line and one row below "Today": clear of the alarm label and the right edge.
                label={{ value: 'Appointment', position: 'insideTopRight', offset: 22 }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        Reservoir projection. Low-reservoir alarm ({formatMl(series.alarmLevelMl)}): nominal{' '}
        {formatInstant(series.lowReservoirAlarmAt, timeZone)}, worst case{' '}
        {formatInstant(series.worstCaseLowReservoirAlarmAt, timeZone)}. Empty: nominal{' '}
        {formatInstant(series.projectedEmptyAt, timeZone)}, worst case{' '}
        {formatInstant(series.worstCaseEmptyAt, timeZone)}.
        {appointmentAt ? ` Next appointment ${formatInstant(appointmentAt, timeZone)}.` : ' No appointment booked.'}
      </figcaption>
    </figure>
  );
}
