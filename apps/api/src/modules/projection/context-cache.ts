import type { EntityManager } from 'typeorm';
import type { PumpContext } from './pump-context';
import { loadPumpContexts } from './pump-context.loader';

/**
 * A fingerprint of every pump's input_seq: their count and the XOR of a 64-bit hash of each. Every input change
 * gives the pump a fresh, never used sequence value and a new pump or a deleted one changes the count, so any
 * committed change moves it (two changes cancel out only by a 2^-64 coincidence of hashes), whatever the order in
 * which concurrent writers commit. Over the tracking table alone: explanting is itself a pump update.
 */
const FINGERPRINT = `count(*)::text || ':' || coalesce(bit_xor(hashint8extended(input_seq, 0)), 0)::text`;

/** "id:input_seq" pairs as string_agg joined them (input_seq empty when the pump has no tracking row). */
function parsePairs(list: string | null): { id: string; input_seq: string | null }[] {
  return (list ? list.split(',') : []).map((pair) => ({
    id: pair.slice(0, 36),
    input_seq: pair.length > 37 ? pair.slice(37) : null,
  }));
}

/**
 * PumpContexts kept between requests, keyed by pump and valid while the pump's pump_eval_state.input_seq is
 * unchanged. That sequence is bumped by triggers in the same transaction as any write to the pump, its patient,
 * refills, dose programs or appointments (migration PumpChangeTracking), so one cheap `(id, input_seq)` read
 * tells exactly which cached contexts a request may reuse: every write committed before the read is seen.
 * The worklist and the alarm board then reload only the pumps that changed instead of every pump.
 */
export class ContextCache {
  private readonly byPump = new Map<string, PumpContext>();
  /** The last read of every active pump and the pump_eval_state fingerprint it was read under. */
  private lastAll: { fingerprint: string; contexts: PumpContext[] } | null = null;

  /** Contexts of the given pumps, or of every pump not explanted; reloads only what changed. */
  async load(m: EntityManager, pumpIds?: string[]): Promise<PumpContext[]> {
    if (!pumpIds) return this.loadAll(m);
    const [{ list }] = (await m.query(
      `SELECT string_agg(p.id::text || ':' || coalesce(s.input_seq::text, ''), ',') AS list
         FROM pumps p LEFT JOIN pump_eval_state s ON s.pump_id = p.id WHERE p.id = ANY($1::uuid[])`,
      [pumpIds],
    )) as { list: string | null }[];
    return this.resolve(m, parsePairs(list), false);
  }

  /**
   * Every pump not explanted. While the fingerprint of pump_eval_state is the one the last full read was made
   * under, no input of any pump changed since (and no pump came or went), so that read's contexts are handed back
   * as the very same array: one aggregate over a narrow table instead of shipping and parsing an "id:input_seq"
   * pair per pump on every worklist page (the bench profile's largest item; 430 kB at 10,000 pumps).
   */
  private async loadAll(m: EntityManager): Promise<PumpContext[]> {
    const last = this.lastAll;
    if (last) {
      const [{ fp }] = (await m.query(`SELECT ${FINGERPRINT} AS fp FROM pump_eval_state`)) as { fp: string }[];
      if (fp === last.fingerprint) return last.contexts;
    }
    // the list and its fingerprint in one statement: one snapshot
    const [{ fp, list }] = (await m.query(
      `SELECT (SELECT ${FINGERPRINT} FROM pump_eval_state) AS fp,
              (SELECT string_agg(p.id::text || ':' || coalesce(s.input_seq::text, ''), ',')
                 FROM pumps p LEFT JOIN pump_eval_state s ON s.pump_id = p.id WHERE p.explanted_at IS NULL) AS list`,
    )) as { fp: string; list: string | null }[];
    const current = parsePairs(list);
    const contexts = await this.resolve(m, current, true);
    // a pump without a tracking row (never expected) would change nothing the fingerprint sees: no shortcut then
    this.lastAll = current.every((c) => c.input_seq !== null) ? { fingerprint: fp, contexts } : null;
    return contexts;
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
