import type { EntityManager } from 'typeorm';
import type { PumpContext } from './pump-context';
import { loadPumpContexts } from './pump-context.loader';

/**
 * PumpContexts kept between requests, keyed by pump and valid while the pump's pump_eval_state.input_seq is
 * unchanged. That sequence is bumped by triggers in the same transaction as any write to the pump, its patient,
 * refills, dose programs or appointments (migration PumpChangeTracking), so one cheap `(id, input_seq)` read
 * tells exactly which cached contexts a request may reuse: every write committed before the read is seen.
 * The worklist and the alarm board then reload only the pumps that changed instead of every pump.
 */
export class ContextCache {
  private readonly byPump = new Map<string, PumpContext>();

  /** Contexts of the given pumps, or of every pump not explanted; reloads only what changed. */
  async load(m: EntityManager, pumpIds?: string[]): Promise<PumpContext[]> {
    // one text of "id:input_seq" pairs: 50,000 rows cost the driver far more to parse one by one than one string
    const [{ list }] = (await m.query(
      `SELECT string_agg(p.id::text || ':' || coalesce(s.input_seq::text, ''), ',') AS list
         FROM pumps p LEFT JOIN pump_eval_state s ON s.pump_id = p.id
        WHERE ${pumpIds ? 'p.id = ANY($1::uuid[])' : 'p.explanted_at IS NULL'}`,
      pumpIds ? [pumpIds] : [],
    )) as { list: string | null }[];
    const current = (list ? list.split(',') : []).map((pair) => ({
      id: pair.slice(0, 36),
      input_seq: pair.length > 37 ? pair.slice(37) : null,
    }));
    return this.resolve(m, current, !pumpIds);
  }

  /**
   * Contexts of pumps whose input_seq the caller has just read itself (in the statement that named the pumps, so no
   * second round trip): reloads only those that changed.
   */
  loadSeen(m: EntityManager, current: { id: string; input_seq: string | null }[]): Promise<PumpContext[]> {
    return this.resolve(m, current, false);
  }

  private async resolve(
    m: EntityManager,
    current: { id: string; input_seq: string | null }[],
    activeOnly: boolean,
  ): Promise<PumpContext[]> {
    const stale: string[] = [];
    for (const { id, input_seq } of current) {
      const hit = this.byPump.get(id);
      // no tracking row (never expected): never trust a cached copy
      if (!hit || input_seq === null || hit.inputSeq !== input_seq) stale.push(id);
    }
    if (stale.length) {
      // the reload reads input_seq in its own snapshot: a write committed in between is re-checked next time
      for (const ctx of await loadPumpContexts(m, stale)) this.byPump.set(ctx.pumpId, ctx);
    }
    const out: PumpContext[] = [];
    for (const { id } of current) {
      const ctx = this.byPump.get(id);
      if (ctx && (!activeOnly || !ctx.explantedAt)) out.push(ctx);
    }
    return out;
  }
}
