import { Injectable, Logger } from '@nestjs/common';

type Listener = (pumpId: string) => Promise<void>;

/**
 * Raised by services after a committed write that can change a pump's projection or alarms
 * (refill, dose program, appointment, pump edit, pump event). The alarm engine listens and
 * re-evaluates that pump at once; a listener failure is logged, never undoes the write.
 */
@Injectable()
export class PumpChanges {
  private readonly listeners: Listener[] = [];
  private readonly logger = new Logger('PumpChanges');

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async notify(pumpId: string): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(pumpId);
      } catch (e) {
        this.logger.error(`re-evaluation of pump ${pumpId} failed: ${(e as Error).message}`);
      }
    }
  }
}
