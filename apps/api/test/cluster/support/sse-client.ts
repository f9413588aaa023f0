import http from 'node:http';

export interface SseEvent {
  id: string;
  event: string;
  data: string;
  /** Connection number (0 = the first) it arrived on. */
  connection: number;
  receivedAtMs: number;
}

export interface Reconnect {
  /** When the stream ended or broke, and when the next one answered 200 (ms since the epoch). */
  lostAtMs: number;
  backAtMs: number;
  /** The Last-Event-ID sent, and the instances before and after (nginx's X-Upstream). */
  lastEventId: string | null;
  from: string;
  to: string;
  /** Responses other than 200 (or refused connections) before the stream came back. */
  failedAttempts: number;
  /** The connection number of the stream that came back (SseEvent.connection). */
  connection: number;
}

/**
 * A browser-like EventSource over nginx: parses id/event/data/retry, and when the stream ends or breaks waits the
 * last `retry:` the server sent and reconnects with `Last-Event-ID` (a non-200 answer is retried too, as the
 * dashboard does), recording every reconnect.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly reconnects: Reconnect[] = [];
  upstream = '';
  /** When the first stream answered 200. */
  openedAtMs = 0;
  private retryMs = 3000;
  private lastId: string | null = null;
  private connection = -1;
  private req: http.ClientRequest | null = null;
  private closed = false;
  private lostAtMs: number | null = null;
  private failedAttempts = 0;
  private previousUpstream = '';
  /** Bumped by every attempt: an end or error of an older attempt is ignored (one reconnect per loss). */
  private attempt = 0;

  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  /** Resolves once the first stream answered 200. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => this.connect(resolve, reject));
  }

  close(): void {
    this.closed = true;
    this.req?.destroy();
  }

  private connect(onOpen?: () => void, onFail?: (e: Error) => void): void {
    if (this.closed) return;
    const attempt = ++this.attempt;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' };
    if (this.lastId) headers['Last-Event-ID'] = this.lastId;
    const req = http.get({ host: '127.0.0.1', port: this.port, path: '/api/alarms/stream', headers, agent: false });
    this.req = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        if (onFail) return onFail(new Error(`alarm stream answered ${res.statusCode}`));
        return this.lost(attempt, true);
      }
      this.connection += 1;
      this.upstream = String(res.headers['x-upstream'] ?? '');
      if (this.connection === 0) this.openedAtMs = Date.now();
      if (this.lostAtMs !== null) {
        this.reconnects.push({
          lostAtMs: this.lostAtMs,
          backAtMs: Date.now(),
          lastEventId: this.lastId,
          from: this.previousUpstream,
          to: this.upstream,
          failedAttempts: this.failedAttempts,
          connection: this.connection,
        });
        this.lostAtMs = null;
        this.failedAttempts = 0;
      }
      onOpen?.();
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('end', () => this.lost(attempt, false));
      res.on('error', () => this.lost(attempt, false));
    });
    req.on('error', (e) => (onFail ? onFail(e) : this.lost(attempt, true)));
  }

  private dispatch(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const key = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields[key] = fields[key] === undefined ? value : `${fields[key]}\n${value}`;
    }
    if (fields.retry !== undefined && /^\d+$/.test(fields.retry)) this.retryMs = Number(fields.retry);
    if (fields.id !== undefined) this.lastId = fields.id;
    if (fields.data === undefined) return;
    this.events.push({
      id: fields.id ?? this.lastId ?? '',
      event: fields.event ?? 'message',
      data: fields.data,
      connection: this.connection,
      receivedAtMs: Date.now(),
    });
  }

  private lost(attempt: number, failedAttempt: boolean): void {
    if (this.closed || attempt !== this.attempt) return;
    this.attempt += 1; // later events of this attempt are stale
    if (this.lostAtMs === null) {
      this.lostAtMs = Date.now();
      this.previousUpstream = this.upstream;
    }
    if (failedAttempt) this.failedAttempts += 1;
    this.req?.destroy();
    setTimeout(() => this.connect(), this.retryMs);
  }
}
