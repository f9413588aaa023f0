// Seeds a benchmark database: `node --import tsx bench/seed.ts --patients 10000 --history-rows 1000000
// --database-url postgres://postgres@127.0.0.1:5432/pumpwatch_bench`. Drops and recreates the database, runs
// the app's migrations (built dist: run `pnpm -s build` first) and bulk-loads realistic clinic data in batches
// of 5,000 rows (one `INSERT … SELECT FROM unnest($1::…[], …)` per batch), deterministic for a given seed.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';

const DAY = 86_400_000;
const BATCH = 5000;

export interface SeedOptions {
  databaseUrl: string;
  patients: number;
  historyRows: number;
  /** "now" of the seeded history (the API's clock must be near it for realistic alarms). */
  nowMs?: number;
  log?: (line: string) => void;
}

export interface SeedSummary {
  rows: Record<string, number>;
  seconds: number;
  userId: string;
}

type Column = [name: string, pgType: string];
type Row = unknown[];

/** Batched multi-row insert: each column is sent as one array parameter and unnested server-side. */
async function insertRows(db: Client, table: string, columns: Column[], rows: Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params = columns.map((_, c) => batch.map((row) => row[c]));
    const list = columns.map(([name]) => `"${name}"`).join(', ');
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    await db.query(`INSERT INTO "${table}" (${list}) SELECT * FROM unnest(${unnest})`, params);
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing unusual database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = new Client({ connectionString: admin.toString() });
  await db.connect();
  try {
    await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await db.query(`CREATE DATABASE ${name}`);
  } finally {
    await db.end();
  }
}

async function migrate(url: string): Promise<void> {
  const dist = path.resolve(__dirname, '../apps/api/dist/database/migrate.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runMigrations } = require(dist) as { runMigrations: (url: string) => Promise<string[]> };
  await runMigrations(url);
}

export async function seed(opts: SeedOptions): Promise<SeedSummary> {
  const log = opts.log ?? console.log;
  const t0 = Date.now();
  const now = opts.nowMs ?? Date.now();
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
      const [pumpId, , patientId, , , capacity, , implantedIso, explantedIso] = pump as [
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
      const endMs = explantedIso ? Date.parse(explantedIso) : now;
      // ~45 % refills, ~45 % appointments, ~10 % dose programs (plus alarms) of this pump's share.
      const intervalDays = Math.max(7, Math.floor((endMs - startMs) / DAY / Math.max(1, perPump * 0.42)));
      let dose = int(100, 700);
      programs.push([randomUUID(), pumpId, iso(startMs - 3600_000), dose, dose, userId, 1, userId, iso(startMs)]);
      let at = startMs;
      let n = 0;
      while (at < endMs - 10 * DAY) {
        const concentration = pick([500, 1000, 2000]);
        refills.push([
          randomUUID(),
          pumpId,
          iso(at),
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
        appointments.push([randomUUID(), 1, pumpId, iso(at - 3600_000), 'refill', 'completed', userId]);
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
      if (!explantedIso) {
        // Half of the active pumps have their next refill booked; some have open alarms now.
        if (rand() < 0.5)
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
    await db.query('ANALYZE');
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
    },
  });
  seed({
    databaseUrl: values['database-url']!,
    patients: Number(values.patients),
    historyRows: Number(values['history-rows']),
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
