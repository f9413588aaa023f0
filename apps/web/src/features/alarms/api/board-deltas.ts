import type { AlarmCode, AlarmPriority } from '@pumpwatch/contracts';
import type { AlarmView, StatusFilter } from './alarms';

/** What the board asks the server for: the rows of other filters never enter its list. */
export interface BoardFilter {
  status: StatusFilter;
  priority?: AlarmPriority;
  code?: AlarmCode;
}

const RANK: Record<AlarmPriority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The server's board order: critical first, then oldest raised, then id. */
export function compareBoard(a: AlarmView, b: AlarmView): number {
  return (
    RANK[a.priority] - RANK[b.priority] ||
    (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Whether an alarm in this state belongs on a board with this filter ('all' asks the server for no status: unresolved). */
export function matchesBoard(a: AlarmView, f: BoardFilter): boolean {
  const statusOk = f.status === 'active' || f.status === 'all' ? a.status !== 'resolved' : a.status === f.status;
  return statusOk && (!f.priority || a.priority === f.priority) && (!f.code || a.code === f.code);
}

/**
 * The board's rows: the pages as the server sent them, with the live changes received since laid over them.
 * A change replaces an older version of its alarm (never a newer one: a replayed event may be older than the
 * page), drops it when it no longer matches the filter, and adds it in order — but only within the rows loaded so
 * far: while more pages follow, an alarm ranked after the last loaded row arrives with its page instead (adding it
 * now would put it on the board twice). Rows are kept unique by id.
 */
export function mergeBoard(
  pages: readonly (readonly AlarmView[])[] | undefined,
  deltas: ReadonlyMap<string, AlarmView>,
  filter: BoardFilter,
  morePages: boolean,
): AlarmView[] {
  if (!pages) return [];
  const base: AlarmView[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    for (const row of page) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      base.push(row);
    }
  }
  if (deltas.size === 0) return base;
  const byId = new Map(base.map((row, i) => [row.id, i]));
  const last = base.at(-1);
  const dropped = new Set<number>();
  const added: AlarmView[] = [];
  for (const d of deltas.values()) {
    const i = byId.get(d.id);
    if (i !== undefined) {
      if (base[i]!.version >= d.version) continue; // the page is as new or newer
      dropped.add(i);
    }
    if (!matchesBoard(d, filter)) continue;
    if (morePages && (!last || compareBoard(d, last) > 0)) continue; // its page will bring it
    added.push(d);
  }
  if (!dropped.size && !added.length) return base;
  added.sort(compareBoard);
  // merge the two ordered lists
  const out: AlarmView[] = [];
  let j = 0;
  for (let i = 0; i < base.length; i++) {
    if (dropped.has(i)) continue;
    const row = base[i]!;
    while (j < added.length && compareBoard(added[j]!, row) < 0) out.push(added[j++]!);
    out.push(row);
  }
  while (j < added.length) out.push(added[j++]!);
  return out;
}
