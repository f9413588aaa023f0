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
