import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD, type TestUsers } from '../support/users';
import { changedTables, databaseFingerprint, seedClinic } from './support/clinic';
import { reportFigures } from './support/figures';
import {
  fillPath,
  loadRoutes,
  resolveSchema,
  routeKey,
  type ClinicIds,
  type OpenApiDoc,
  type Route,
  type Schema,
} from './support/openapi';

const DAY_MS = 86_400_000;
type Who = 'nurse' | 'physician' | 'physician2' | 'staff' | 'admin' | 'public';
type Body = Record<string, unknown>;

interface Ctx {
  t: TestApp;
  u: TestUsers;
  ids: ClinicIds;
  version(table: string, id: string): Promise<number>;
  pumpWithoutBooking(): Promise<string>;
}

/**
 * A body each route accepts on the seeded clinic (built fresh, so versions are current). Sending it after the
 * null variants proves each null was the request's only defect: the refusal came from the null, not from some
 * other problem in the body. Routes missing here (added later) are still swept, with a body built from the schema.
 */
const VALID: Record<string, { who: Who; body(c: Ctx): Promise<Body> }> = {
  'POST /api/auth/login': { who: 'public', body: async () => ({ email: 'nurse@test.local', password: TEST_PASSWORD }) },
  'POST /api/users': {
    who: 'admin',
    body: async () => ({
      email: `null-sweep-${Date.now()}@test.local`,
      name: 'Null Sweep',
      role: 'staff',
      password: 'quartz-lantern-meadow-71',
    }),
  },
  'PATCH /api/users/{id}': {
    who: 'admin',
    body: async (c) => ({
      name: 'Spare Renamed',
      role: 'staff',
      active: true,
      password: 'violet-harbour-canyon-38',
      version: await c.version('users', c.ids.userId),
    }),
  },
  'PUT /api/clinic-settings': {
    who: 'admin',
    body: async (c) => {
      const s = (await c.t.http.get('/api/clinic-settings').set(c.u.auth('admin')).expect(200)).body as Body;
      const keys = ['clinicName', 'timeZone', 'phone', 'outOfHoursPhone', 'workingDays', 'openingTime', 'closingTime'];
      return { ...Object.fromEntries(keys.map((k) => [k, s[k]])), policy: s.policy, version: s.version };
    },
  },
  'POST /api/drug-library': {
    who: 'admin',
    body: async () => ({
      name: 'Baclofen 1500',
      concentrationMcgPerMl: 1500,
      screeningOnly: false,
      compounded: true,
      maxRefillIntervalDays: 60,
    }),
  },
  'PATCH /api/drug-library/{id}': {
    who: 'admin',
    body: async (c) => ({
      name: 'Baclofen renamed',
      screeningOnly: false,
      compounded: false,
      maxRefillIntervalDays: 90,
      active: true,
      version: await c.version('drug_library', c.ids.drugId),
    }),
  },
  'POST /api/patients': {
    who: 'nurse',
    body: async () => ({
      mrn: `NULL-${Date.now()}`,
      givenName: 'Nora',
      familyName: 'Null',
      birthDate: '1970-02-03',
      spasticityOrigin: 'cerebral',
      riskFactors: ['LIVES_FAR'],
      phone: '+44 20 7946 0000',
      notes: 'created by the null sweep',
    }),
  },
  'PATCH /api/patients/{id}': {
    who: 'nurse',
    body: async (c) => ({
      mrn: `NULLP-${Date.now()}`,
      givenName: 'Pat',
      familyName: 'Patched',
      birthDate: '1971-02-03',
      spasticityOrigin: 'spinal',
      riskFactors: ['CANNOT_HEAR_ALARM'],
      phone: '+44 20 7946 0001',
      notes: 'patched by the null sweep',
      version: await c.version('patients', c.ids.patientId),
    }),
  },
  'POST /api/patients/{id}/pumps': {
    who: 'physician',
    body: async (c) => ({
      model: 'Prometra II',
      serialNumber: `SN-NULL-${Date.now()}`,
      reservoirCapacityMl: 20,
      lowReservoirAlarmMl: 3,
      implantedAt: new Date(c.t.clock.now().getTime() - DAY_MS).toISOString(),
      manufacturedAt: '2025-01-01T00:00:00Z',
      catheterModel: '8709SC',
      catheterVolumeMl: 0.2,
      eriDate: '2033-01-01',
      worstCaseFactor: 1.2,
      discrepancyThresholdMl: 2,
    }),
  },
  'PATCH /api/pumps/{id}': {
    who: 'physician',
    body: async (c) => ({
      lowReservoirAlarmMl: 2,
      catheterModel: '8709SC',
      catheterVolumeMl: 0.2,
      eriDate: '2033-01-01',
      worstCaseFactor: 1.2,
      discrepancyThresholdMl: 2,
      version: await c.version('pumps', c.ids.pumpId),
    }),
  },
  'POST /api/pumps/{id}/events': {
    who: 'nurse',
    body: async (c) => ({ type: 'INTERROGATION', at: c.t.clock.now().toISOString(), notes: 'checked' }),
  },
  'POST /api/pumps/{id}/dose-programs': {
    who: 'physician',
    body: async (c) => ({ effectiveAt: c.t.clock.now().toISOString(), basalDoseMcgPerDay: 410, notes: 'small step' }),
  },
  'POST /api/dose-programs/{id}/verify': {
    who: 'physician2',
    body: async (c) => ({ version: await c.version('dose_programs', c.ids.doseProgramId) }),
  },
  'POST /api/pumps/{id}/refills': {
    who: 'nurse',
    body: async (c) => ({
      at: c.t.clock.now().toISOString(),
      actualResidualMl: 16,
      volumeAddedMl: 20,
      concentrationMcgPerMl: 1000,
      programmedConcentrationMcgPerMl: 1000,
      needlePositionConfirmed: true,
      secondCheckerId: c.u.ids.nurse2,
      lotNumber: 'LOT-1',
      lotExpiry: '2030-01-01',
      notes: 'refilled',
    }),
  },
  'POST /api/appointments': {
    who: 'staff',
    body: async (c) => ({
      pumpId: await c.pumpWithoutBooking(),
      at: new Date(c.t.clock.now().getTime() + 12 * DAY_MS).toISOString(),
      kind: 'refill',
      notes: 'booked',
    }),
  },
  'PATCH /api/appointments/{id}': {
    who: 'staff',
    body: async (c) => {
      // the refill above completed the seeded booking: aim at one still booked (the path is filled from ids)
      const [booked] = (await c.t.app
        .get(DataSource)
        .query(`SELECT id FROM appointments WHERE status = 'booked' ORDER BY created_at DESC LIMIT 1`)) as {
        id: string;
      }[];
      c.ids.appointmentId = booked.id;
      return { status: 'cancelled', notes: 'patient called', version: await c.version('appointments', booked.id) };
    },
  },
  'POST /api/alarms/{id}/acknowledge': {
    who: 'nurse',
    body: async (c) => ({ note: 'seen', version: await c.version('alarms', c.ids.alarmId) }),
  },
  'POST /api/alarms/{id}/snooze': {
    who: 'nurse',
    body: async (c) => ({
      until: new Date(c.t.clock.now().getTime() + 3_600_000).toISOString(),
      reason: 'calling the patient',
      version: await c.version('alarms', c.ids.alarmId),
    }),
  },
  'POST /api/alarms/{id}/resolve': {
    who: 'physician',
    body: async (c) => ({ note: 'booked now', version: await c.version('alarms', c.ids.alarmId) }),
  },
};

/** Every path to a value in the body (nested object keys and array elements included). */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!value || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...leafPaths(v, [...prefix, k])]);
}

function withNullAt(body: Body, path: (string | number)[]): Body {
  const copy = structuredClone(body);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = null;
  return copy;
}

/** For routes without a catalogued body: a schema-shaped one (enough to reach validation with one null). */
function schemaBody(doc: OpenApiDoc, schema: Schema): Body {
  const out: Body = {};
  for (const [k, raw] of Object.entries(schema.properties ?? {})) {
    const s = resolveSchema(doc, raw);
    if (s.enum?.length) out[k] = s.enum[0];
    else if (s.type === 'number' || s.type === 'integer') out[k] = 1;
    else if (s.type === 'boolean') out[k] = true;
    else if (s.type === 'array') out[k] = [];
    else if (s.type === 'object') out[k] = {};
    else out[k] = 'text';
  }
  return out;
}

describe('reliability: null for every field of every write route', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  let ids: ClinicIds;
  let doc: OpenApiDoc;
  let writeRoutes: Route[];
  const db = () => t.app.get(DataSource);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    u = await createTestUsers(t);
    ids = await seedClinic(t, u);
    const loaded = await loadRoutes(t);
    doc = loaded.doc;
    writeRoutes = loaded.routes.filter((r) => r.method !== 'get' && r.bodySchema);
    clock.advance(10 * DAY_MS); // the seeded pump is then due a refill (16 mL left of 20)
  });
  afterAll(() => t.close());

  async function version(table: string, id: string): Promise<number> {
    const [row] = (await db().query(`SELECT version FROM "${table}" WHERE id = $1`, [id])) as { version: number }[];
    return row.version;
  }

  async function roleFor(route: Route): Promise<Record<string, string>> {
    for (const who of ['admin', 'physician', 'nurse', 'staff'] as const) {
      const res = await t.http[route.method](fillPath(route, ids)).set(u.auth(who)).send({ __probe: 1 });
      if (res.status !== 403) return u.auth(who);
    }
    throw new Error(`no role may call ${routeKey(route)}`);
  }

  it('refuses null in every field (nested ones too) with a 4xx envelope and changes nothing', async () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(15);
    const pumpWithoutBooking = async () => {
      const [row] = (await db().query(
        `SELECT id FROM pumps p WHERE NOT EXISTS
           (SELECT 1 FROM appointments a WHERE a.pump_id = p.id AND a.status = 'booked') LIMIT 1`,
      )) as { id: string }[];
      return row.id;
    };
    const ctx: Ctx = { t, u, ids, version, pumpWithoutBooking };
    const failures: string[] = [];
    const anchored: string[] = [];
    const nullable: string[] = [];
    let sent = 0;
    for (const route of writeRoutes) {
      const key = routeKey(route);
      const known = VALID[key];
      const schema = resolveSchema(doc, route.bodySchema);
      const auth = !known ? await roleFor(route) : known.who === 'public' ? {} : u.auth(known.who);
      const base = known ? await known.body(ctx) : schemaBody(doc, schema);
      // every documented property, even one the base body leaves out, plus every nested value
      const paths = [
        ...Object.keys(schema.properties ?? {})
          .filter((k) => !(k in base))
          .map((k) => [k]),
        ...leafPaths(base),
      ];
      for (const path of paths) {
        // a $ref property keeps `nullable` beside the reference, not in the referenced schema
        const raw = schema.properties?.[String(path[0])];
        if (path.length === 1 && (raw?.nullable || resolveSchema(doc, raw).nullable)) {
          nullable.push(`${key} ${path[0]}`); // the contract gives null a meaning here (e.g. "clear")
          continue;
        }
        const body = path.length === 1 && !(path[0] in base) ? { ...base, [path[0]]: null } : withNullAt(base, path);
        const before = await databaseFingerprint(db());
        const res = await t.http[route.method](fillPath(route, ids)).set(auth).send(body);
        sent++;
        const where = `${key} ${path.join('.')}=null → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        const envelope = res.body as { statusCode?: unknown; code?: unknown; message?: unknown };
        if (res.status < 400 || res.status >= 500) failures.push(`not a 4xx: ${where}`);
        else if (envelope.statusCode !== res.status || typeof envelope.code !== 'string') {
          failures.push(`no error envelope: ${where}`);
        }
        const changed = changedTables(before, await databaseFingerprint(db()));
        if (changed.length) failures.push(`changed ${changed.join(', ')}: ${where}`);
      }
      if (known) {
        const ok = await t.http[route.method](fillPath(route, ids))
          .set(auth)
          .send(await known.body(ctx));
        if (ok.status >= 300)
          failures.push(`${key}: the valid body was refused (${ok.status} ${ok.text.slice(0, 200)})`);
        else anchored.push(key);
      }
    }
    expect(failures).toEqual([]);
    reportFigures('hostile-input.nulls', {
      routes: writeRoutes.length,
      requests: sent,
      anchoredRoutes: anchored.length,
      nullableFields: nullable,
    });
  }, 120_000);
});
