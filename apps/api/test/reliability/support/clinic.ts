import { DataSource } from 'typeorm';
import { AlarmsService } from '../../../src/modules/alarms/alarms.service';
import { UsersService } from '../../../src/modules/users/users.service';
import { createPumpWithFill, ensureDrugLibrary } from '../../support/clinic-fixtures';
import type { TestApp } from '../../support/test-app';
import type { TestUsers } from '../../support/users';
import type { ClinicIds } from './openapi';

const DAY_MS = 86_400_000;

/**
 * A small clinic built over HTTP with one of each record a route can name: patient, filled pump, booked
 * appointment, open alarm, dose program and drug entry, plus a spare user for the /users/{id} routes.
 */
export async function seedClinic(t: TestApp, u: TestUsers): Promise<ClinicIds> {
  const drugs = await ensureDrugLibrary(t, u);
  const { patient, pump, program } = await createPumpWithFill(t, u);
  const appointment = await t.http
    .post('/api/appointments')
    .set(u.auth('staff'))
    .send({ pumpId: pump.id, at: new Date(t.clock.now().getTime() + 20 * DAY_MS).toISOString(), kind: 'refill' })
    .expect(201);
  // a second pump without a booking gets an open REFILL_NOT_BOOKED alarm from the sweep
  const other = await createPumpWithFill(t, u);
  await t.app.get(AlarmsService).sweep();
  const [alarm] = (await t.app
    .get(DataSource)
    .query(`SELECT id FROM alarms WHERE pump_id = $1 AND status <> 'resolved' LIMIT 1`, [other.pump.id])) as {
    id: string;
  }[];
  if (!alarm) throw new Error('seedClinic: the sweep raised no alarm');
  const spare = await t.app.get(UsersService).create(null, {
    email: `spare-${Date.now()}@test.local`,
    name: 'Spare',
    role: 'staff',
    password: 'spare-password-1',
  });
  return {
    patientId: patient.id,
    pumpId: pump.id,
    appointmentId: appointment.body.id as string,
    alarmId: alarm.id,
    doseProgramId: program.id,
    drugId: drugs[0].id,
    userId: spare.id,
  };
}

/**
 * A fingerprint of every application table (row count + md5 of the rows) in one query, so a refused request
 * can be shown to have changed nothing — not even an UPDATE that keeps the row count.
 */
export async function databaseFingerprint(ds: DataSource): Promise<Record<string, string>> {
  const tables = (await ds.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
  )) as { tablename: string }[];
  const sql = tables
    .map(
      ({ tablename }) =>
        `SELECT '${tablename}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS f FROM "${tablename}" x`,
    )
    .join(' UNION ALL ');
  const rows = (await ds.query(sql)) as { t: string; f: string }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}
