import type http from 'node:http';
import net from 'node:net';
import type { ShutdownState } from './shutdown-state';

/** In-flight requests get this long after SIGTERM (orchestrators wait 30 s by default before SIGKILL). */
export const DRAIN_TIMEOUT_MS = 15_000;
/** What a stopping instance tells its alarm-stream clients to wait before reconnecting (to another instance). */
export const STREAM_RETRY_MS = 1_000;

export interface DrainOptions {
  /** Time between readiness turning 503 and the listener closing: load balancers stop routing to us meanwhile. */
  delayMs: number;
  /** In-flight requests get at most this long once the listener is closed; then the remaining connections are cut. */
  timeoutMs: number;
  /** What ended alarm streams tell their clients to wait before reconnecting (they land on another instance). */
  streamRetryMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stops an HTTP server without failing a request (SIGTERM, rolling restart):
 * 1. readiness answers 503 and every response carries `Connection: close` (see ShutdownState);
 * 2. after `delayMs` the listener closes: a proxy's new connection is refused, which it retries on another
 *    instance for any method, since nothing was sent;
 * 3. alarm streams end with a short `retry:` so their clients reconnect, through the proxy, elsewhere;
 * 4. requests already received finish; idle keep-alive connections are left to time out rather than cut, because a
 *    proxy may be writing a request into one at that very moment and could not safely resend a POST.
 * Resolves once every connection has closed, or after `timeoutMs`.
 */
export async function drainHttpServer(server: http.Server, state: ShutdownState, opts: DrainOptions): Promise<void> {
  state.beginDrain();
  // Connection: close on every response from now on (a listener ahead of Express's own handler)
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  if (opts.delayMs > 0) await sleep(opts.delayMs);
  // net.Server's close stops accepting without http.Server's immediate cut of idle connections (see 4. above)
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  state.endStreams(opts.streamRetryMs);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), opts.timeoutMs)));
  const timedOut = await Promise.race([closed.then(() => false), timeout]);
  clearTimeout(timer);
  if (timedOut) server.closeAllConnections();
}
