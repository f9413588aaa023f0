// Engine benchmark: status for 100,000 pumps with random realistic histories, on one core,
// against a naive day-by-day stepping baseline in the same run (ratios, since machines are noisy).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Domain from '../packages/domain/src';
import type { DoseProgram, StatusInput } from '../packages/domain/src';
import { appendResults, machine, table } from './lib/report';

// The API runs the tsc build (`pnpm bench` builds first); tsx-transpiled sources are slower (export getters,
// keepNames wrappers), so they are only the fallback when no build exists, and the table says which ran.
const DIST = path.resolve(__dirname, '../packages/domain/dist/index.js');
const fromDist = fs.existsSync(DIST) && process.env.BENCH_ENGINE_SRC !== '1';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine: typeof Domain = require(fromDist ? DIST : '../packages/domain/src');
const { computeStatus, statusFromModel, validateStatusInput, planningDoseMcgPerDay } = engine;

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

/**
 * Wall and CPU time of one pass over all inputs, best of `runs` passes (these machines are shared and noisy:
 * the best pass is the one least disturbed). CPU time is this process's user+system time, i.e. one core's work.
 */
function time<T>(label: string, inputs: T[], fn: (i: T) => unknown, runs = 3) {
  for (let i = 0; i < Math.min(5000, inputs.length); i++) fn(inputs[i]); // warm-up
  let best = { wallMs: Infinity, cpuMs: Infinity };
  let sink = 0;
  for (let run = 0; run < runs; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const input of inputs) sink += fn(input) ? 1 : 0;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (cpuMs < best.cpuMs) best = { wallMs, cpuMs };
  }
  return { label, ...best, usPerPump: (best.cpuMs * 1000) / inputs.length, sink };
}

const inputs = Array.from({ length: PUMPS }, randomPump);
const models = inputs.map(validateStatusInput);
const json = time('engine computeStatus: JSON-shaped input (validate + compute)', inputs, computeStatus);
const typed = time('engine statusFromModel: pre-validated model (compute only)', models, statusFromModel);
const validation = time('engine validateStatusInput only', inputs, validateStatusInput);
const naive = time('naive day-by-day stepping (baseline)', inputs, naiveStatus);
const rows = [json, typed, validation, naive].map((r) => [
  r.label,
  r.wallMs.toFixed(0),
  r.cpuMs.toFixed(0),
  r.usPerPump.toFixed(2),
  (r.cpuMs / naive.cpuMs).toFixed(2),
]);
const verdict = json.cpuMs < 1000 ? 'met' : 'NOT met';
const load = os.loadavg()[0].toFixed(1);
const text =
  table([`${PUMPS.toLocaleString('en')} pumps`, 'wall ms', 'CPU ms', 'CPU µs / pump', '× naive'], rows) +
  `\nEngine: ${fromDist ? 'tsc build (packages/domain/dist), as the API runs it' : 'tsx-transpiled src (no build found)'}; ` +
  `best of 3 passes; 1-minute load average ${load} on ${os.cpus().length} cores.\n` +
  `Target: status for ${PUMPS.toLocaleString('en')} pumps < 1 s on one core (JSON-shaped input, validation included) → ` +
  `${verdict} (${json.cpuMs.toFixed(0)} ms CPU, ${json.wallMs.toFixed(0)} ms wall). ` +
  `The naive loop gives only day resolution and no due date, alarms, rounding or validation.\n`;
console.log(text);
appendResults('Engine status throughput', `${machine()}\n\n${text}`);
