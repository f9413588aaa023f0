import { formatFromNow, formatInstant } from '../../lib/format';

/** "Empty by … at worst": the pump may run fast (its accuracy, or a measured over-infusion). */
export function WorstCaseEmpty({ at, timeZone, nowMs }: { at: string; timeZone: string; nowMs: number }) {
  const past = Date.parse(at) <= nowMs;
  return (
    <strong className="worst-case-empty" data-testid="worst-case-empty">
      <span aria-hidden="true">⚠ </span>
      {past
        ? `May already be empty: empty by ${formatInstant(at, timeZone)} at worst (${formatFromNow(at, nowMs)})`
        : `Empty by ${formatInstant(at, timeZone)} at worst (${formatFromNow(at, nowMs)})`}
    </strong>
  );
}
