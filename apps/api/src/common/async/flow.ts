/** Lets I/O callbacks that arrived meanwhile run (setImmediate runs after the event loop's poll phase). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `items.map(fn)` in slices of `size`, yielding to the event loop between slices: long synchronous work (mapping or
 * planning a batch of 1,000 pumps) would otherwise hold back the answers other work on this process is waiting for.
 */
export async function mapInSlices<T, R>(items: readonly T[], size: number, fn: (item: T) => R): Promise<R[]> {
  const out = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i]!);
    if (i % size === size - 1 && i + 1 < items.length) await yieldToEventLoop();
  }
  return out;
}

/**
 * Runs statements of one connection one after another without awaiting each at its call site: each starts as soon
 * as the one before has answered (node-postgres deprecates queueing a query on a busy client), so the caller can
 * send the next statements and work meanwhile. A statement whose predecessor failed does not run and rejects with
 * that failure. Promises are marked handled (the caller awaits them later; an early failure is not reported twice).
 */
export function oneAtATime(): <T>(run: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const next = last.then(run);
    last = next;
    next.catch(() => undefined);
    return next;
  };
}
