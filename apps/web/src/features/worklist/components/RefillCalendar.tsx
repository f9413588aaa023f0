import type { RefillCalendarDto } from '@pumpwatch/contracts';
import { Link } from 'react-router';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const timeOf = (iso: string, tz: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    Date.parse(iso),
  );

/** Month grid: booked appointments (✓) and proposed refill days (○) per clinic day. */
export function RefillCalendar({ calendar, today }: { calendar: RefillCalendarDto; today: string }) {
  const [y, m] = calendar.month.split('-').map(Number) as [number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
  const byDate = new Map(calendar.days.map((d) => [d.date, d]));
  const cells: (string | null)[] = [
    ...Array.from({ length: firstWeekday }, () => null),
    ...Array.from({ length: daysInMonth }, (_, i) => `${calendar.month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const monthName = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    Date.UTC(y, m - 1, 15),
  );

  return (
    <table className="calendar" data-testid="refill-calendar">
      <caption>
        {monthName} <span className="muted">(times in {calendar.timeZone}; ✓ booked, ○ proposed)</span>
      </caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((date, j) => {
              if (!date) return <td key={j} className="cal-empty" />;
              const day = byDate.get(date);
              const booked = day?.booked ?? [];
              const proposed = day?.proposed ?? [];
              return (
                <td
                  key={date}
                  className={date === today ? 'cal-today' : undefined}
                  aria-current={date === today ? 'date' : undefined}
                >
                  <div className="cal-date">{Number(date.slice(8))}</div>
                  <ul className="cal-list">
                    {booked.map((a) => (
                      <li key={a.id} className="cal-booked">
                        <span aria-hidden="true">✓ </span>
                        <span className="visually-hidden">Booked: </span>
                        {timeOf(a.at, calendar.timeZone)}{' '}
                        <Link to={`/patients/${a.patient.id}`}>{a.patient.familyName}</Link>
                        {a.highRisk && (
                          <>
                            <span aria-hidden="true"> ⚑</span>
                            <span className="visually-hidden"> high risk</span>
                          </>
                        )}
                        {a.status !== 'booked' && <span className="muted"> ({a.status})</span>}
                      </li>
                    ))}
                    {proposed.map((p) => (
                      <li key={p.pumpId} className="cal-proposed">
                        <span aria-hidden="true">○ </span>
                        <span className="visually-hidden">Proposed: </span>
                        <Link to={`/patients/${p.patient.id}`}>{p.patient.familyName}</Link>
                        {p.highRisk && (
                          <>
                            <span aria-hidden="true"> ⚑</span>
                            <span className="visually-hidden"> high risk</span>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
