import autocannon, { type AutocannonRequest } from 'autocannon';

export type WriteKind = 'refill' | 'appointment' | 'ack';

export interface WriteItem {
  kind: WriteKind;
  path: string;
  body: Record<string, unknown>;
  /** Idempotency-Key (refills and appointments); acknowledgements carry the alarm's version instead. */
  key?: string;
  pumpId?: string;
  alarmId?: string;
}

export interface WriteOutcome extends WriteItem {
  status: number;
  /** The stored row's id from a 2xx answer. */
  id?: string;
  code?: string;
}

export interface LoadReport {
  durationMs: number;
  /** Requests answered (any status), by status. */
  answered: number;
  byStatus: Record<string, number>;
  /** Requests sent that never got an answer (connection error or timeout at the client). */
  unanswered: number;
  /** Answers ≥ 500 or no answer at all, per kind of request. */
  failed: { reads: number; keyedWrites: number; acks: number };
  writes: WriteOutcome[];
  latenciesMs: number[];
}

export interface LoadOptions {
  base: string;
  token: string;
  /** GET paths, taken in turn. */
  reads: string[];
  /** Writes, taken in order, one every `writeEveryMs` while any are left; reads fill every other slot. */
  writes: WriteItem[];
  writeEveryMs: number;
  connections: number;
}

interface Sent {
  item?: WriteItem;
  startedMs: number;
  /** Sent after stop() was called: not part of the measurement. */
  ignored: boolean;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};

/**
 * autocannon through nginx: `connections` keep-alive clients, each sending its next request when the previous one
 * is answered, mixing the dashboard's reads with the clinic's writes. Every answer is recorded (status, and the
 * stored id of an acknowledged write) so the test can look for each acknowledged write in the database.
 */
export function startLoad(opts: LoadOptions): { stop(): Promise<LoadReport> } {
  const startedMs = Date.now();
  const auth = { Authorization: `Bearer ${opts.token}` };
  const report: LoadReport = {
    durationMs: 0,
    answered: 0,
    byStatus: {},
    unanswered: 0,
    failed: { reads: 0, keyedWrites: 0, acks: 0 },
    writes: [],
    latenciesMs: [],
  };
  const inFlight = new Set<Sent>();
  let nextWriteAtMs = startedMs;
  let writeIndex = 0;
  let readIndex = 0;
  let stopping = false;
  const failedKind = (item: WriteItem | undefined): keyof LoadReport['failed'] =>
    !item ? 'reads' : item.kind === 'ack' ? 'acks' : 'keyedWrites';

  const setupRequest = (req: AutocannonRequest, context: Record<string, unknown>): AutocannonRequest => {
    const now = Date.now();
    let item: WriteItem | undefined;
    if (!stopping && now >= nextWriteAtMs && writeIndex < opts.writes.length) {
      item = opts.writes[writeIndex++];
      nextWriteAtMs = now + opts.writeEveryMs;
    }
    const sent: Sent = { item, startedMs: performance.now(), ignored: stopping };
    inFlight.add(sent);
    context.sent = sent;
    if (!item) return { ...req, method: 'GET', path: opts.reads[readIndex++ % opts.reads.length], headers: auth };
    const headers: Record<string, string> = { ...auth, 'Content-Type': 'application/json' };
    if (item.key) headers['Idempotency-Key'] = item.key;
    return { ...req, method: 'POST', path: item.path, headers, body: JSON.stringify(item.body) };
  };

  const onResponse = (status: number, body: string, context: Record<string, unknown>): void => {
    const sent = context.sent as Sent | undefined;
    if (!sent || !inFlight.delete(sent) || sent.ignored) return;
    report.answered += 1;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    report.latenciesMs.push(performance.now() - sent.startedMs);
    if (status >= 500) report.failed[failedKind(sent.item)] += 1;
    if (!sent.item) return;
    let parsed: { id?: string; code?: string } = {};
    try {
      parsed = JSON.parse(String(body)) as typeof parsed;
    } catch {
      // a proxy's HTML error page: no id, no code
    }
    report.writes.push({ ...sent.item, status, id: status < 300 ? parsed.id : undefined, code: parsed.code });
  };

  const instance = autocannon({
    url: opts.base,
    connections: opts.connections,
    duration: 600,
    timeout: 30,
    requests: [{ setupRequest, onResponse }],
  });
  const done = new Promise<void>((resolve) => void instance.then(() => resolve()));

  return {
    stop: async () => {
      // let the measured requests finish (a request lost on a broken connection stays in flight for good)
      stopping = true;
      const measured = [...inFlight];
      const deadlineMs = Date.now() + 10_000;
      while (measured.some((s) => inFlight.has(s)) && Date.now() < deadlineMs) {
        await new Promise((r) => setTimeout(r, 20));
      }
      instance.stop();
      await done;
      for (const sent of inFlight) {
        if (sent.ignored) continue;
        report.unanswered += 1;
        report.failed[failedKind(sent.item)] += 1;
      }
      report.durationMs = Date.now() - startedMs;
      return report;
    },
  };
}
