/**
 * Display formatting. Instants are shown in the clinic's time zone with the zone named; calendar dates
 * (YYYY-MM-DD) are already clinic-local and are printed as they are, never shifted.
 */
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, f);
  }
  return f;
}

/** "12 Mar 2026, 09:00 GMT" in the clinic zone; "—" when absent. */
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return dateTimeFormat(timeZone).format(ms);
}

/** Date part only of an instant in the clinic zone: "12 Mar 2026". */
export function formatInstantDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: 'short', year: 'numeric' }).format(
    Date.parse(iso),
  );
}

/** A clinic-local calendar date "2026-03-12" → "Thu 12 Mar 2026" (formatted in UTC so it never shifts). */
export function formatLocalDate(date: string | null | undefined): string {
  if (!date) return '—';
  const ms = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(ms)) return date;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
  }).format(ms);
}

/** Span in days and hours: "3 d 4 h", "5 h", "under 1 h". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / MS_PER_DAY);
  const hours = Math.floor((abs % MS_PER_DAY) / MS_PER_HOUR);
  if (days === 0 && hours === 0) return 'under 1 h';
  if (days === 0) return `${hours} h`;
  return `${days} d ${hours} h`;
}

/** "in 3 d 4 h" / "3 d 4 h ago" relative to now. */
export function formatFromNow(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return '—';
  const diff = Date.parse(iso) - nowMs;
  return diff >= 0 ? `in ${formatSpan(diff)}` : `${formatSpan(diff)} ago`;
}

const num = (value: number, maxDecimals: number) =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: maxDecimals }).format(value);

export const formatMl = (ml: number | null | undefined) => (ml == null ? '—' : `${num(ml, 2)} mL`);
export const formatMlPerDay = (v: number | null | undefined) => (v == null ? '—' : `${num(v, 4)} mL/day`);
export const formatMcgPerDay = (v: number | null | undefined) => (v == null ? '—' : `${num(v, 2)} mcg/day`);
export const formatMcg = (v: number | null | undefined) => (v == null ? '—' : `${num(v, 2)} mcg`);
export const formatConcentration = (v: number | null | undefined) => (v == null ? '—' : `${num(v, 2)} mcg/mL`);
export const formatPct = (v: number | null | undefined) => (v == null ? '—' : `${num(v, 1)} %`);

/** Offset (ms) of `timeZone` from UTC at the instant `ms`. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A `datetime-local` value ("2026-03-20T10:00") read in the clinic zone → ISO instant (UTC). */
export function zonedInputToInstant(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wallMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let ms = wallMs - zoneOffsetMs(wallMs, timeZone);
  // Second pass: the offset at the result can differ from the guess's near a DST change.
  ms = wallMs - zoneOffsetMs(ms, timeZone);
  return new Date(ms).toISOString();
}

/** ISO instant → `datetime-local` value in the clinic zone. */
export function instantToZonedInput(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  const wall = new Date(ms + zoneOffsetMs(ms, timeZone));
  return wall.toISOString().slice(0, 16);
}

/** Short zone label for form hints: "Europe/London (GMT)". */
export function zoneLabel(timeZone: string, atMs = Date.now()): string {
  const short = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName')?.value;
  return short ? `${timeZone} (${short})` : timeZone;
}
