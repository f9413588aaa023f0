import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { addCalendarDays, localDate } from '@pumpwatch/domain';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { clinicSettingsQuery } from '../../../lib/reference-data';
import { can, useRole } from '../../../lib/session';
import { useNow } from '../../../lib/use-now';
import { calendarQuery, worklistQuery } from '../api/worklist';
import { BookDialog } from '../components/BookDialog';
import { RefillCalendar } from '../components/RefillCalendar';
import { WorklistTable } from '../components/WorklistTable';

const shiftMonth = (month: string, delta: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

export default function WorklistRoute() {
  const role = useRole();
  const nowMs = useNow();
  const settings = useQuery(clinicSettingsQuery());
  const tz = settings.data?.timeZone ?? 'UTC';
  const today = localDate(nowMs, tz);
  const [horizonDays, setHorizonDays] = useState(14);
  const [month, setMonth] = useState<string | null>(null);
  const shownMonth = month ?? today.slice(0, 7);
  const [booking, setBooking] = useState<RefillWorklistItemDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // page by page (overdue first): the next page loads as the end of the table scrolls into view
  const list = useInfiniteQuery({
    ...worklistQuery({ to: addCalendarDays(today, horizonDays) }),
    enabled: !!settings.data,
  });
  const calendar = useQuery({ ...calendarQuery(shownMonth), enabled: !!settings.data });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  // counts of the whole list (every page), from the latest page read
  const lastPage = list.data?.pages.at(-1);
  const total = lastPage?.total ?? items.length;
  const overdue = lastPage?.overdue ?? items.filter((i) => i.overdue).length;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = end.current;
    if (!el || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '600px' },
    );
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, items.length]);

  return (
    <section aria-labelledby="worklist-title">
      <div className="page-head">
        <h2 id="worklist-title">Refill worklist</h2>
        {list.data && (
          <span className="muted">
            {total} due · <strong>{overdue} overdue</strong>
            {items.length < total ? ` · ${items.length} shown` : ''} · times in {tz}
          </span>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Worklist range">
        <label>
          Due within
          <select value={horizonDays} onChange={(e) => setHorizonDays(Number(e.target.value))}>
            {[7, 14, 30, 60, 90].map((d) => (
              <option key={d} value={d}>
                {d} days (and overdue)
              </option>
            ))}
          </select>
        </label>
      </form>
      <p role="status" aria-live="polite" data-testid="worklist-notice">
        {notice && (
          <>
            <span aria-hidden="true">✓ </span>
            {notice}
          </>
        )}
      </p>
      {settings.isError ? (
        <ErrorState error={settings.error} />
      ) : list.isPending ? (
        <Loading label="Loading worklist…" />
      ) : list.isError && items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>No refills due in the next {horizonDays} days.</Empty>
      ) : (
        <>
          <WorklistTable
            items={items}
            timeZone={tz}
            nowMs={nowMs}
            canBook={can.book(role)}
            onBook={setBooking}
            onNotice={setNotice}
          />
          <div ref={end} data-testid="worklist-end" />
          {list.isFetchNextPageError ? (
            // e.g. the list changed under its page cursor: re-reading from the first page fixes it
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            hasNextPage && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
              >
                {isFetchingNextPage ? 'Loading more…' : `Show more (${total - items.length} more due)`}
              </button>
            )
          )}
        </>
      )}

      <section className="card" aria-labelledby="calendar-title">
        <div className="page-head">
          <h3 id="calendar-title">Refill calendar</h3>
          <button type="button" className="btn btn-small" onClick={() => setMonth(shiftMonth(shownMonth, -1))}>
            <span aria-hidden="true">← </span>Previous month
          </button>
          <button type="button" className="btn btn-small" onClick={() => setMonth(null)}>
            This month
          </button>
          <button type="button" className="btn btn-small" onClick={() => setMonth(shiftMonth(shownMonth, 1))}>
            Next month<span aria-hidden="true"> →</span>
          </button>
        </div>
        {calendar.isPending ? (
          <Loading label="Loading calendar…" />
        ) : calendar.isError ? (
          <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
        ) : (
          <RefillCalendar calendar={calendar.data} today={today} />
        )}
      </section>

      {booking && settings.data && (
        <BookDialog item={booking} settings={settings.data} onClose={() => setBooking(null)} />
      )}
    </section>
  );
}
