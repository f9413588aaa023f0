import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/**
 * Whether this instance is draining before it stops (SIGTERM during a rolling restart). While draining it still
 * answers every request it receives, but readiness says 503 (so a load balancer sends the next ones elsewhere) and
 * every response closes its connection (so a proxy does not reuse a connection this instance is about to drop).
 */
@Injectable()
export class ShutdownState {
  private drainingSince: Date | null = null;
  private readonly ending = new Subject<number>();
  /** Set once the streams were told to end: a stream opened later (on a kept-alive connection) ends at once. */
  private endedWithRetryMs: number | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  beginDrain(): void {
    this.drainingSince ??= new Date();
  }

  /** Long-lived responses (the alarm stream) subscribe: they end and tell their client to come back in `retryMs`. */
  get streamsEnding(): Observable<number> {
    return this.ending.asObservable();
  }

  /** Ends every open stream, each telling its client to reconnect (to another instance) after `retryMs`. */
  endStreams(retryMs: number): void {
    this.endedWithRetryMs = retryMs;
    this.ending.next(retryMs);
  }

  /** The reconnect delay to give a stream opened after endStreams, or null while streams may stay open. */
  get streamsEndedRetryMs(): number | null {
    return this.endedWithRetryMs;
  }
}
