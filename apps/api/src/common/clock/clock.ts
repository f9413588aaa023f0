import { Injectable } from '@nestjs/common';

/** The only place the API reads the time; tests swap it for a settable clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests move by hand (`set`, `advance`). */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
