import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlarmQueries, CursoredAlarm } from './alarm-queries.service';
import type { AlarmStream } from './alarm-stream.service';

const HEARTBEAT_MS = 25_000;
/**
 * updated_at is the writing transaction's start time, so a change can commit after a later-stamped one:
 * a replay starts this far before the client's cursor (clients de-duplicate by id + version).
 */
const REPLAY_OVERLAP_MICROS = 60_000_000n;

function parseCursor(value: string | undefined): bigint | null {
  return value && /^\d{1,20}$/.test(value) ? BigInt(value) : null;
}

/**
 * Writes the SSE stream: replay after the client's cursor (Last-Event-ID or ?since=), then live changes.
 * Event ids never decrease on one connection, so a reconnect resumes from the last one seen.
 */
/** How an open stream re-checks that its reader may still read (see openAlarmStream). */
export interface StreamWatch {
  everyMs: number;
  /** False once the session has ended or the user was deactivated. */
  stillSignedIn(): Promise<boolean>;
}

export async function openAlarmStream(
  stream: AlarmStream,
  queries: AlarmQueries,
  req: IncomingMessage,
  res: ServerResponse,
  cursorText: string | undefined,
  watch?: StreamWatch,
  /** Called before the stream's first byte: from then on the stream, not the framework, answers. */
  takeOver: () => void = () => undefined,
): Promise<void> {
  const headers = {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    'X-Accel-Buffering': 'no',
  };
  // this instance is stopping and has already sent its streams elsewhere: this one goes too, straight away
  const endedRetryMs = stream.shutdown.streamsEndedRetryMs;
  if (endedRetryMs !== null) {
    takeOver();
    res.writeHead(200, headers);
    res.end(`retry: ${endedRetryMs}\n\n`);
    return;
  }
  await stream.ensureListening();
  takeOver();
  res.writeHead(200, { ...headers, Connection: 'keep-alive' });
  res.write('retry: 3000\n\n');

  let lastId = 0n;
  const send = (row: CursoredAlarm) => {
    const cursor = BigInt(row.cursor);
    if (cursor > lastId) lastId = cursor;
    res.write(`id: ${lastId}\nevent: alarm\ndata: ${JSON.stringify(row.alarm)}\n\n`);
  };

  // subscribe before replaying so nothing committed meanwhile is lost; hold live rows until the replay is out
  let pending: CursoredAlarm[] | null = [];
  const sub = stream.live.subscribe({
    next: (row) => (pending ? pending.push(row) : send(row)),
    complete: () => res.end(),
  });
  // a draining instance (rolling restart) ends its streams with a short retry: the client reconnects through the
  // proxy to another instance and replays from its Last-Event-ID, so nothing is missed
  const ending = stream.shutdown.streamsEnding.subscribe((retryMs) => {
    if (res.writableEnded) return;
    res.write(`retry: ${retryMs}\n\n`);
    res.end();
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  // the token is checked when the stream opens; a stream lives for hours, so its reader is checked again while it
  // runs: once they are signed out or deactivated, patient names and MRNs stop flowing within `everyMs`
  let checking = false;
  const recheck = watch
    ? setInterval(() => {
        if (checking) return;
        checking = true;
        void watch
          .stillSignedIn()
          .catch(() => true) // a database hiccup is not a sign-out: the next check decides
          .then((ok) => {
            if (ok || res.writableEnded) return;
            res.write('event: signed-out\ndata: {}\n\n');
            res.end();
          })
          .finally(() => (checking = false));
      }, watch.everyMs)
    : undefined;
  const stop = () => {
    clearInterval(heartbeat);
    clearInterval(recheck);
    sub.unsubscribe();
    ending.unsubscribe();
  };
  req.on('close', stop);
  res.on('finish', stop);

  const since = parseCursor(cursorText);
  if (since !== null) {
    const from = since > REPLAY_OVERLAP_MICROS ? since - REPLAY_OVERLAP_MICROS : 0n;
    for (const row of await queries.changedSince(from)) send(row);
  }
  const held = pending;
  pending = null;
  for (const row of held) send(row);
}
