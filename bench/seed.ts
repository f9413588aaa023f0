// Seeds a benchmark database: `node --import tsx bench/seed.ts --patients 10000 --history-rows 1000000
// --database-url postgres://postgres@127.0.0.1:5432/pumpwatch_bench`. Drops and recreates the database, runs
// the app's migrations (built dist: run `pnpm -s build` first) and bulk-loads realistic clinic data in batches
// of 5,000 rows (one `INSERT … SELECT FROM unnest($1::…[], …)` per batch), deterministic for a given seed.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { insertRows, migrate, recreateDatabase, type Row } from './lib/seed-db';

export { seedProfileOf } from './lib/seed-db';

const DAY = 86_400_000;

export interface SeedOptions {
  databaseUrl: string;
  patients: number;
  historyRows: number;
  /** "now" of the seeded history (the API's clock must be near it for realistic alarms). */
  nowMs?: number;
  /**
   * `realistic` (default): each active pump's recent refills follow its own consumption, so ~3 % are overdue and
   * the rest fall due over the coming weeks, as in a clinic that keeps up. `backlog`: the earlier generator, whose
   * refill spacing only pads the row count: ~40 % of active pumps overdue by a median 23 days (a stress case).
   */
  profile?: 'realistic' | 'backlog';
  log?: (line: string) => void;
}

export interface SeedSummary {
  rows: Record<string, number>;
  seconds: number;
  userId: string;
}

/**
 * Days from a full refill to its refill due date as the engine's defaults put it: the low-reservoir alarm less
 * the buffer (7 days, 14 high-risk), no later than the worst-case alarm (×1.145) less a day, at most 180 days.
 */
function refillIntervalDays(
  doseMcgPerDay: number,
  concentrationMcgPerMl: number,
  capacityMl: number,
  lowAlarmMl: number,
  highRisk: boolean,
): number {
  const rateMlPerDay = doseMcgPerDay / concentrationMcgPerMl;
  const daysToAlarm = (capacityMl - lowAlarmMl) / rateMlPerDay;
  return Math.max(2, Math.floor(Math.min(daysToAlarm - (highRisk ? 14 : 7), daysToAlarm / 1.145 - 1, 180)));
}

/** BENCH_SEED_PROFILE=backlog selects the stress profile; anything else the realistic one. */
export const SEED_PROFILE: 'realistic' | 'backlog' =
  process.env.BENCH_SEED_PROFILE === 'backlog' ? 'backlog' : 'realistic';

export async function seed(opts: SeedOptions): Promise<SeedSummary> {
  const log = opts.log ?? console.log;
  const t0 = Date.now();
  const now = opts.nowMs ?? Date.now();
  const profile = opts.profile ?? 'realistic';
  let s = 20_261_125;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const iso = (ms: number) => new Date(ms).toISOString();

  await recreateDatabase(opts.databaseUrl);
  await migrate(opts.databaseUrl);
  const db = new Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    // A clinician to own the history rows (the bench logs in with its own user, created by the CLI).
    const userId = randomUUID();
    await db.query(
      `INSERT INTO users (id, version, email, name, role, password_hash) VALUES ($1, 1, 'seed@bench.local', 'Seed', 'nurse', '!')`,
      [userId],
    );

    const patients: Row[] = [];
    const pumps: Row[] = [];
    const highRiskOf = new Map<string, boolean>();
    for (let i = 0; i < opts.patients; i++) {
      const id = randomUUID();
      const highRisk = rand() < 0.15;
      patients.push([
        id,
        1,
        `B${String(i).padStart(7, '0')}`,
        pick(['Ada', 'Ben', 'Chloé', 'Dev', 'Eun', 'Femi', 'Gus', 'Hana']),
        pick(['Okafor', 'Smith', 'García', 'Nguyen', 'Kowalski', 'Haddad', 'Brown']),
        iso(Date.UTC(int(1940, 2015), int(0, 11), int(1, 28))).slice(0, 10),
        pick(['spinal', 'cerebral', 'mixed']),
        highRisk,
      ]);
      highRiskOf.set(id, highRisk);
      const pumpCount = rand() < 0.2 ? 2 : 1; // a second, explanted pump for some patients
      for (let p = 0; p < pumpCount; p++) {
        const model = pick(['SynchroMed II', 'SynchroMed II', 'SynchroMed III', 'Prometra II']);
        const implantedAt = now - int(400, 3650) * DAY;
        pumps.push([
          randomUUID(),
          1,
          id,
          model,
          `SN-${i}-${p}`,
          pick([20, 40]),
          model === 'Prometra II' ? 3 : 2,
          iso(implantedAt),
          p === 0 || pumpCount === 1 ? null : iso(implantedAt + int(100, 300) * DAY),
        ]);
      }
    }
    await insertRows(
      db,
      'patients',
      [
        ['id', 'uuid'],
        ['version', 'int'],
        ['mrn', 'text'],
        ['given_name', 'text'],
        ['family_name', 'text'],
        ['birth_date', 'date'],
        ['spasticity_origin', 'text'],
        ['high_risk', 'bool'],
      ],
      patients,
    );
    await insertRows(
      db,
      'pumps',
      [
        ['id', 'uuid'],
        ['version', 'int'],
        ['patient_id', 'uuid'],
        ['model', 'text'],
        ['serial_number', 'text'],
        ['reservoir_capacity_ml', 'numeric'],
        ['low_reservoir_alarm_ml', 'numeric'],
        ['implanted_at', 'timestamptz'],
        ['explanted_at', 'timestamptz'],
      ],
      pumps,
    );

    // History per pump, from implant to now: refills every 30–120 days with a completed appointment each,
    // a dose program change every ~3 refills, and past (resolved) alarms. Sized to reach --history-rows.
    const perPump = Math.max(4, Math.floor(opts.historyRows / pumps.length));
    const refills: Row[] = [];
    const programs: Row[] = [];
    const appointments: Row[] = [];
    const alarms: Row[] = [];
    for (const pump of pumps) {
      const [pumpId, , patientId, , , capacity, lowAlarmMl, implantedIso, explantedIso] = pump as [
        string,
        number,
        string,
        string,
        string,
        number,
        number,
        string,
        string | null,
      ];
      const startMs = Date.parse(implantedIso);
      const realisticTail = !explantedIso && profile === 'realistic';
      // realistic: the padded history stops 240 days ago; the consumption-driven tail below brings it to now
      const endMs = explantedIso ? Date.parse(explantedIso) : realisticTail ? now - 240 * DAY : now;
      // ~45 % refills, ~45 % appointments, ~10 % dose programs (plus alarms) of this pump's share.
      const intervalDays = Math.max(7, Math.floor((endMs - startMs) / DAY / Math.max(1, perPump * 0.42)));
      let dose = int(100, 700);
      programs.push([randomUUID(), pumpId, iso(startMs - 3600_000), dose, dose, userId, 1, userId, iso(startMs)]);
      let at = startMs;
      let n = 0;
      const refill = (atMs: number, concentration: number) => {
        refills.push([
          randomUUID(),
          pumpId,
          iso(atMs),
          int(0, 40) / 10,
          capacity,
          concentration,
          concentration,
          true,
          userId,
          1,
          180,
          n === 0,
        ]);
        appointments.push([randomUUID(), 1, pumpId, iso(atMs - 3600_000), 'refill', 'completed', userId]);
      };
      while (at < endMs - 10 * DAY) {
        refill(at, pick([500, 1000, 2000]));
        if (n % 3 === 2) {
          dose = Math.max(50, Math.round(dose * (0.9 + rand() * 0.25)));
          programs.push([randomUUID(), pumpId, iso(at + DAY), dose, dose, userId, 1, userId, iso(at + DAY)]);
        }
        if (n % 6 === 5)
          alarms.push([
            randomUUID(),
            1,
            pumpId,
            patientId,
            'REFILL_NOT_BOOKED',
            'low',
            'resolved',
            iso(at - 20 * DAY),
            iso(at),
          ]);
        at += int(Math.floor(intervalDays * 0.7), Math.ceil(intervalDays * 1.3)) * DAY;
        n++;
      }
      if (realisticTail) {
        // Refilled every 80–97 % of the pump's own refill interval (at the current dose and concentration);
        // 3 % of pumps are now 1–10 days past due, the others somewhere inside their interval.
        // as clinicians do: the weakest stock concentration that gives at least four weeks between refills
        const highRisk = highRiskOf.get(patientId)!;
        const concentration =
          [500, 1000, 2000].find((c) => refillIntervalDays(dose, c, capacity, lowAlarmMl, highRisk) >= 28) ?? 2000;
        const dueDays = refillIntervalDays(dose, concentration, capacity, lowAlarmMl, highRisk);
        const late = rand() < 0.03 ? int(1, 10) : 0;
        const finalAt = now - (late ? dueDays + late : rand() * 0.97 * dueDays) * DAY;
        at = Math.max(at, endMs);
        while (at < finalAt - 0.5 * dueDays * DAY) {
          refill(at, concentration);
          n++;
          at += (0.8 + rand() * 0.17) * dueDays * DAY;
        }
        refill(finalAt, concentration);
        // half book the next refill a few days before it falls due (overdue ones within the week)
        if (rand() < 0.5) {
          const dueAt = finalAt + dueDays * DAY;
          const bookAt = Math.max(now + int(1, 7) * DAY * (late ? 1 : 0) + 3600_000, dueAt - int(0, 7) * DAY);
          if (bookAt < now + 60 * DAY)
            appointments.push([randomUUID(), 1, pumpId, iso(bookAt), 'refill', 'booked', userId]);
        }
      }
      if (!explantedIso) {
        // Backlog: half of the active pumps have a refill booked 1–60 days ahead. Some have open alarms now.
        if (!realisticTail && rand() < 0.5)
          appointments.push([randomUUID(), 1, pumpId, iso(now + int(1, 60) * DAY), 'refill', 'booked', userId]);
        if (rand() < 0.1)
          alarms.push([
            randomUUID(),
            1,
            pumpId,
            patientId,
            pick(['REFILL_NOT_BOOKED', 'LOW_RESERVOIR', 'REFILL_OVERDUE']),
            pick(['critical', 'high', 'medium', 'low']),
            'open',
            iso(now - int(0, 20) * DAY),
            null,
          ]);
      }
    }
    log(
      `generated ${refills.length} refills, ${programs.length} programs, ${appointments.length} appointments, ${alarms.length} alarms`,
    );
    await insertRows(
      db,
      'dose_programs',
      [
        ['id', 'uuid'],
        ['pump_id', 'uuid'],
        ['effective_at', 'timestamptz'],
        ['basal_dose_mcg_per_day', 'numeric'],
        ['programmed_dose_mcg_per_day', 'numeric'],
        ['created_by', 'uuid'],
        ['version', 'int'],
        ['verified_by', 'uuid'],
        ['verified_at', 'timestamptz'],
      ],
      programs,
    );
    await insertRows(
      db,
      'refills',
      [
        ['id', 'uuid'],
        ['pump_id', 'uuid'],
        ['at', 'timestamptz'],
        ['actual_residual_ml', 'numeric'],
        ['volume_added_ml', 'numeric'],
        ['concentration_mcg_per_ml', 'numeric'],
        ['programmed_concentration_mcg_per_ml', 'numeric'],
        ['needle_position_confirmed', 'bool'],
        ['recorded_by', 'uuid'],
        ['version', 'int'],
        ['beyond_use_days', 'int'],
        ['initial_fill', 'bool'],
      ],
      refills,
    );
    await insertRows(
      db,
      'appointments',
      [
        ['id', 'uuid'],
        ['version', 'int'],
        ['pump_id', 'uuid'],
        ['at', 'timestamptz'],
        ['kind', 'text'],
        ['status', 'text'],
        ['created_by', 'uuid'],
      ],
      appointments,
    );
    await insertRows(
      db,
      'alarms',
      [
        ['id', 'uuid'],
        ['version', 'int'],
        ['pump_id', 'uuid'],
        ['patient_id', 'uuid'],
        ['code', 'text'],
        ['priority', 'text'],
        ['status', 'text'],
        ['raised_at', 'timestamptz'],
        ['resolved_at', 'timestamptz'],
      ],
      alarms,
    );
    // the change-tracking triggers leave a dead pump_eval_state row version per bulk statement (3 per row at 10,000
    // pumps); a clinic's autovacuum would have cleared them, and this machine's PostgreSQL runs with it off
    await db.query('VACUUM ANALYZE');
    // the benches reseed when the profile they want differs (seedProfileOf)
    await db.query(
      `COMMENT ON DATABASE ${new URL(opts.databaseUrl).pathname.slice(1)} IS 'bench seed profile: ${profile}'`,
    );
    const rows = {
      patients: patients.length,
      pumps: pumps.length,
      dose_programs: programs.length,
      refills: refills.length,
      appointments: appointments.length,
      alarms: alarms.length,
    };
    return { rows, seconds: (Date.now() - t0) / 1000, userId };
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '10000' },
      'history-rows': { type: 'string', default: '1000000' },
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/pumpwatch_bench' },
      profile: { type: 'string', default: 'realistic' },
    },
  });
  seed({
    databaseUrl: values['database-url']!,
    patients: Number(values.patients),
    historyRows: Number(values['history-rows']),
    profile: values.profile === 'backlog' ? 'backlog' : 'realistic',
  }).then(
    (summary) => {
      const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      console.log(`seeded ${total.toLocaleString('en')} rows in ${summary.seconds.toFixed(1)} s`, summary.rows);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
