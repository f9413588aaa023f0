// Engine benchmark: status for 100,000 pumps with random realistic histories, on one core,
// against a naive day-by-day stepping baseline in the same run (ratios, since machines are noisy).
import { computeStatus, planningDoseMcgPerDay, type DoseProgram, type StatusInput } from '../packages/domain/src';
import { appendResults, machine, table } from './lib/report';

const PUMPS = Number(process.env.BENCH_PUMPS ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Europe/Berlin', 'America/Chicago'];

// Deterministic PRNG so every run measures the same inputs.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

function randomPump(): StatusInput {
  const capacity = pick([20, 40] as const);
  const concentration = pick([500, 1000, 2000]);
  const lastRefillMs = NOW - Math.floor(rand() * 90 * DAY);
  const n = 1 + Math.floor(rand() * 5);
  const programs: DoseProgram[] = [];
  for (let i = 0; i < n; i++) {
    const at = i === 0 ? lastRefillMs - 30 * DAY : lastRefillMs + Math.floor(rand() * (NOW - lastRefillMs));
    programs.push(
      rand() < 0.8
        ? { effectiveAt: new Date(at).toISOString(), basalDoseMcgPerDay: 100 + Math.floor(rand() * 700) }
        : {
            effectiveAt: new Date(at).toISOString(),
            flexSteps: [
              { durationMinutes: 720, doseRateMcgPerHour: 10 + Math.floor(rand() * 20) },
              { durationMinutes: 720, doseRateMcgPerHour: 10 + Math.floor(rand() * 20) },
            ],
            bolusDoseMcg: 25,
            maxBolusesPerDay: 3,
          },
    );
  }
  programs.sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
  return {
    kind: 'status',
    now: new Date(NOW).toISOString(),
    timeZone: pick(ZONES),
    patient: { highRisk: rand() < 0.2 },
    pump: { reservoirCapacityMl: capacity, lowReservoirAlarmMl: 2 },
    lastRefill: {
      at: new Date(lastRefillMs).toISOString(),
      reservoirVolumeAfterMl: capacity,
      concentrationMcgPerMl: concentration,
    },
    dosePrograms: programs,
    appointmentAt: rand() < 0.5 ? new Date(NOW + Math.floor(rand() * 60 * DAY)).toISOString() : null,
  };
}

/** The naive approach: walk day by day from the last refill until the reservoir reaches each level. */
function naiveStatus(input: StatusInput): { alarmDay: number; emptyDay: number } {
  const progs = input.dosePrograms.map((p) => ({ atMs: Date.parse(p.effectiveAt), rate: planningDoseMcgPerDay(p) }));
  const c = input.lastRefill.concentrationMcgPerMl;
  let volume = input.lastRefill.reservoirVolumeAfterMl;
  let t = Date.parse(input.lastRefill.at);
  let alarmDay = -1;
  for (let day = 0; day < 3650; day++, t += DAY) {
    let rate = 0;
    for (const p of progs) if (p.atMs <= t) rate = p.rate / c;
    volume -= rate;
    if (alarmDay < 0 && volume <= (input.pump.lowReservoirAlarmMl ?? 2)) alarmDay = day;
    if (volume <= 0) return { alarmDay, emptyDay: day };
  }
  return { alarmDay, emptyDay: -1 };
}

function time(label: string, inputs: StatusInput[], fn: (i: StatusInput) => unknown) {
  for (let i = 0; i < Math.min(2000, inputs.length); i++) fn(inputs[i]); // warm-up
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (const input of inputs) sink += fn(input) ? 1 : 0;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { label, ms, usPerPump: (ms * 1000) / inputs.length, sink };
}

const inputs = Array.from({ length: PUMPS }, randomPump);
const engine = time('engine computeStatus (exact, piecewise)', inputs, computeStatus);
const naive = time('naive day-by-day stepping (baseline)', inputs, naiveStatus);
const rows = [engine, naive].map((r) => [r.label, r.ms.toFixed(0), r.usPerPump.toFixed(2)]);
const verdict = engine.ms < 1000 ? 'met' : 'NOT met';
const text =
  table(['engine, 100k pumps', 'total ms', 'µs / pump'], rows) +
  `\nTarget: status for ${PUMPS.toLocaleString('en')} pumps < 1 s on one core → ${verdict} (${engine.ms.toFixed(0)} ms). ` +
  `Engine / naive time ratio: ${(engine.ms / naive.ms).toFixed(2)} (the naive loop also gives only day resolution ` +
  `and no due date, alarms or validation).\n`;
console.log(text);
appendResults('Engine status throughput', `${machine()}\n\n${text}`);
