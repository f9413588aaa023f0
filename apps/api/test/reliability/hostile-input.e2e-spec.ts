import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock/clock';
import { refillBody } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, type TestUsers } from '../support/users';
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

const MIN_CASES = 1000;
const DAY_MS = 86_400_000;

interface Case {
  label: string;
  raw: string;
  contentType: string;
  pathId?: string;
}

const SQLI = [`' OR '1'='1`, `'; DROP TABLE patients; --`, `1; SELECT pg_sleep(5)--`, `\\'; TRUNCATE audit_log; --`];
const XSS = [`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`];
const WEIRD = ['\u0000', 'a\u0000b', '\u202e\u0646\u0627\u0645', '🩺'.repeat(500), '\ud800', 'é'.normalize('NFD'), ''];

/** Unicode, injection and oversized strings. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...SQLI, ...XSS, ...WEIRD),
  fc.integer({ min: 5_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);
/** Numbers a client should never send (raw JSON text, so NaN/Infinity reach the parser as tokens). */
const hostileNumberText = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e308',
  '1e308',
  '9007199254740993',
  '-1',
  '-0.000001',
  '0',
  '1e-320',
  '123456789012345678901234567890',
);

const jsonText = (v: unknown) => JSON.stringify(v);

/** A value of the wrong JSON type for the property, null included (never valid for it, even if optional). */
function wrongType(s: Schema): fc.Arbitrary<string> {
  const t = s.enum ? 'string' : s.type;
  const other = {
    number: fc.oneof(hostileString.map(jsonText), fc.boolean().map(jsonText), fc.constant('[1]'), fc.constant('{}')),
    integer: fc.oneof(hostileString.map(jsonText), fc.constant('1.5'), fc.constant('[]')),
    string: fc.oneof(fc.integer().map(jsonText), fc.boolean().map(jsonText), fc.constant('[]'), fc.constant('{"a":1}')),
    boolean: fc.oneof(fc.constantFrom('"true"', '1', '0', '"yes"', '[]', '{}')),
    array: fc.oneof(hostileString.map(jsonText), fc.integer().map(jsonText), fc.constant('{"0":1}')),
    object: fc.oneof(hostileString.map(jsonText), fc.integer().map(jsonText), fc.constant('[]')),
  } as Record<string, fc.Arbitrary<string>>;
  const wrong = other[t ?? 'string'] ?? other.string;
  // null is the wrong type too, unless the API documents what it means for this field (e.g. "null clears it")
  return s.nullable ? wrong : fc.oneof(wrong, fc.constant('null'));
}

/** A plausible value for the property (the rest of the body around the hostile part). */
function plausible(doc: OpenApiDoc, s: Schema): fc.Arbitrary<string> {
  const r = resolveSchema(doc, s);
  if (r.enum?.length) return fc.constantFrom(...r.enum).map(jsonText);
  switch (r.type) {
    case 'number':
    case 'integer':
      return fc.oneof(fc.integer({ min: 0, max: 50 }).map(jsonText), hostileNumberText);
    case 'boolean':
      return fc.boolean().map(jsonText);
    case 'array':
      return fc.constant('[]');
    case 'object':
      return fc.constant('{}');
    default:
      return fc.oneof(
        fc.constant(jsonText(new Date('2026-03-05T10:00:00Z').toISOString())),
        hostileString.map(jsonText),
      );
  }
}

/** Keys no route documents: prototype pollution and fields a client must never set. */
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'id', 'createdAt', 'hash'];

/** Body text built by hand so `__proto__`/`constructor` keys and NaN tokens survive as sent. */
function objectText(entries: [string, string][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/**
 * Every case carries at least one defect that must be refused (wrong type, missing required field, unknown or
 * prototype-polluting key, a key given twice, malformed JSON, wrong content type, non-object body, hostile path id), plus
 * plausible or hostile values in the other fields.
 */
function caseFor(doc: OpenApiDoc, route: Route): fc.Arbitrary<Case> {
  const schema = resolveSchema(doc, route.bodySchema);
  const props = Object.entries(schema.properties ?? {});
  const required = schema.required ?? [];
  const rest = (skip?: string): fc.Arbitrary<[string, string][]> =>
    fc
      .tuple(
        ...props
          .filter(([k]) => k !== skip)
          .map(([k, s]) =>
            fc.option(
              plausible(doc, s).map((v) => [k, v] as [string, string]),
              { nil: undefined, freq: 3 },
            ),
          ),
      )
      .map((xs) => xs.filter((x): x is [string, string] => x !== undefined));
  const json = (label: string, body: fc.Arbitrary<string>): fc.Arbitrary<Case> =>
    body.map((raw) => ({ label, raw, contentType: 'application/json' }));

  const kinds: fc.Arbitrary<Case>[] = [
    json(
      'unknown-or-polluting-key',
      fc
        .tuple(
          // never a property the route documents: `"role":"admin"` is a valid change of a user (a fuzz run sent it)
          fc.constantFrom(...POLLUTING_KEYS.filter((k) => !props.some(([p]) => p === k))),
          fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', 'true', '"admin"'),
          rest(),
        )
        .map(([k, v, others]) => objectText([[k, v], ...others])),
    ),
    json(
      'malformed-json',
      fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', "{'a':1}", 'undefined', '{"a":NaN}', '\u0000'),
    ),
    json(
      'non-object-body',
      fc.oneof(fc.constant('[]'), fc.constant('"text"'), fc.constant('42'), fc.constant('true'), fc.constant('[{}]')),
    ),
    fc
      .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml'), rest())
      .map(([contentType, others]) => ({ label: 'wrong-content-type', raw: objectText(others), contentType })),
    json(
      'deeply-nested',
      fc.integer({ min: 50, max: 5000 }).map((d) => `{"notes":${'['.repeat(d)}${']'.repeat(d)}}`),
    ),
  ];
  if (props.length) {
    kinds.push(
      json(
        'wrong-type',
        fc
          .constantFrom(...props)
          .chain(([k, s]) => fc.tuple(fc.constant(k), wrongType(resolveSchema(doc, s)), rest(k)))
          .map(([k, v, others]) => objectText([...others, [k, v]])),
      ),
    );
  }
  if (props.length) {
    // a documented property twice in the body: JSON.parse would keep the second, a proxy might read the first
    kinds.push(
      json(
        'duplicate-key',
        fc
          .constantFrom(...props)
          .chain(([k, s]) => fc.tuple(fc.constant(k), plausible(doc, s), plausible(doc, s), rest(k)))
          .map(([k, first, second, others]) => objectText([[k, first], ...others, [k, second]])),
      ),
    );
  }
  if (required.length) {
    kinds.push(
      json(
        'missing-required',
        fc
          .constantFrom(...required)
          .chain((k) => rest(k))
          .map((others) => objectText(others)),
      ),
    );
  }
  if (route.pathParams.length) {
    kinds.push(
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(...SQLI, '../../etc/passwd', '%00', 'null', '-1', '0'),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
            fc.constant('a'.repeat(5000)),
            fc.uuid().filter((x) => !x.startsWith('0000')),
          ),
          rest(),
        )
        .map(([pathId, others]) => ({
          label: 'hostile-path-id',
          raw: objectText(others),
          contentType: 'application/json',
          pathId,
        })),
    );
  }
  return fc.oneof(...kinds);
}

describe('reliability: hostile input on every write route', () => {
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
  });
  afterAll(() => t.close());

  /** The first role the route lets through (probed with a body that can only be refused by validation). */
  async function roleFor(route: Route): Promise<Record<string, string>> {
    if (route.path === '/api/auth/login') return {};
    for (const who of ['admin', 'physician', 'nurse', 'staff'] as const) {
      const res = await t.http[route.method](fillPath(route, ids)).set(u.auth(who)).send({ __probe: 1 });
      if (res.status !== 403) return u.auth(who);
    }
    throw new Error(`no role may call ${routeKey(route)}`);
  }

  it(`sends ≥ ${MIN_CASES} generated hostile payloads to every documented write route: only 4xx, nothing changed`, async () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(15);
    const perRoute = Math.ceil(MIN_CASES / writeRoutes.length);
    const byStatus: Record<string, number> = {};
    const byLabel: Record<string, number> = {};
    let sent = 0;
    let before = await databaseFingerprint(db());
    for (const route of writeRoutes) {
      const auth = await roleFor(route);
      await fc.assert(
        fc.asyncProperty(caseFor(doc, route), async (c) => {
          const res = await t.http[route.method](fillPath(route, ids, c.pathId))
            .set(auth)
            .set('Content-Type', c.contentType)
            .send(c.raw);
          sent++;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          byLabel[c.label] = (byLabel[c.label] ?? 0) + 1;
          const where = `${routeKey(route)} ${c.label} ${c.pathId === undefined ? '' : `id=${JSON.stringify(c.pathId.slice(0, 80))} `}${c.raw.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          if (res.status < 400 || res.status >= 500) throw new Error(`not a 4xx: ${where}`);
          const body = res.body as { statusCode?: unknown; code?: unknown; message?: unknown };
          if (body.statusCode !== res.status || typeof body.code !== 'string' || typeof body.message !== 'string') {
            throw new Error(`no error envelope: ${where}`);
          }
          const after = await databaseFingerprint(db());
          const changed = changedTables(before, after);
          before = after;
          if (changed.length) throw new Error(`refused but changed ${changed.join(', ')}: ${where}`);
        }),
        { numRuns: perRoute, endOnFailure: true },
      );
    }
    // no prototype pollution reached the process
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(sent).toBeGreaterThanOrEqual(MIN_CASES);
    reportFigures('hostile-input.fuzz', {
      routes: writeRoutes.length,
      requests: sent,
      byStatus,
      byKind: byLabel,
      status5xx: Object.entries(byStatus).filter(([s]) => Number(s) >= 500).length,
      refusedButChanged: 0,
    });
  }, 120_000);

  it('refuses bodies over 100 kB with 413 and the envelope, before any work', async () => {
    const before = await databaseFingerprint(db());
    const big = {
      mrn: 'BIG-1',
      givenName: 'x',
      familyName: 'y',
      birthDate: '1980-01-01',
      spasticityOrigin: 'spinal',
      riskFactors: [],
      notes: 'n'.repeat(110_000),
    };
    const res = await t.http.post('/api/patients').set(u.auth('nurse')).send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    const justUnder = await t.http
      .post('/api/patients')
      .set(u.auth('nurse'))
      .send({ ...big, notes: 'n'.repeat(90_000) });
    expect(justUnder.status).toBe(400); // under the limit: parsed, then refused by notes' MaxLength(4000)
    expect(changedTables(before, await databaseFingerprint(db()))).toEqual([]);
    reportFigures('hostile-input.body-limit', {
      overLimitBytes: 110_000,
      status: res.status,
      underLimitStatus: justUnder.status,
    });
  });

  it('stores SQL-injection and XSS strings inertly and returns them byte-identical', async () => {
    const strings = [...SQLI, ...XSS, '\u202e\u0646\u0627\u0645 🩺', `Robert'); DROP TABLE refills;--`];
    let stored = 0;
    for (const [i, s] of strings.entries()) {
      const created = await t.http
        .post('/api/patients')
        .set(u.auth('nurse'))
        .send({
          mrn: `${s}`.slice(0, 60) + i,
          givenName: s,
          familyName: s,
          birthDate: '1980-01-01',
          spasticityOrigin: 'spinal',
          riskFactors: [],
          notes: s,
        });
      expect(created.status).toBe(201);
      const got = await t.http.get(`/api/patients/${created.body.id}`).set(u.auth('staff')).expect(200);
      expect(got.body).toMatchObject({ givenName: s, familyName: s, notes: s, mrn: `${s}`.slice(0, 60) + i });
      const found = await t.http
        .get('/api/patients')
        .query({ search: s.slice(0, 100) })
        .set(u.auth('staff'))
        .expect(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
      stored++;
    }
    // refill notes and appointment notes go through other code paths
    clock.advance(30 * DAY_MS);
    const refill = await t.http
      .post(`/api/pumps/${ids.pumpId}/refills`)
      .set(u.auth('nurse'))
      .send(refillBody({ actualResidualMl: 8, notes: SQLI[1] + XSS[0], lotNumber: SQLI[0] }));
    expect(refill.status).toBe(201);
    const refills = await t.http.get(`/api/pumps/${ids.pumpId}/refills`).set(u.auth('staff')).expect(200);
    expect(refills.body[0]).toMatchObject({ notes: SQLI[1] + XSS[0], lotNumber: SQLI[0] });
    // the tables the injections name are intact and the audit chain verifies
    const [{ n }] = (await db().query('SELECT count(*)::int AS n FROM patients')) as { n: number }[];
    expect(n).toBeGreaterThanOrEqual(strings.length);
    expect((await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200)).body.ok).toBe(true);
    reportFigures('hostile-input.injection-strings', {
      strings: strings.length,
      storedAndReturnedIdentical: stored + 1,
      searchesMatched: stored,
    });
  });

  it('refuses NUL bytes and out-of-range numbers in otherwise valid bodies with 4xx, never 500', async () => {
    const before = await databaseFingerprint(db());
    const patient = {
      mrn: 'NUL-1',
      givenName: 'A',
      familyName: 'B',
      birthDate: '1980-01-01',
      spasticityOrigin: 'spinal',
      riskFactors: [],
    };
    const cases: [string, string, Record<string, unknown>][] = [
      ['post', '/api/patients', { ...patient, notes: 'a\u0000b' }],
      ['post', '/api/patients', { ...patient, givenName: '\u0000' }],
      ['post', `/api/pumps/${ids.pumpId}/refills`, refillBody({ actualResidualMl: 8, notes: '\u0000' })],
      ['post', `/api/pumps/${ids.pumpId}/refills`, refillBody({ actualResidualMl: 1e308 })],
      ['post', `/api/pumps/${ids.pumpId}/refills`, refillBody({ actualResidualMl: 8, bridgeBolusMcg: 1e300 })],
      ['post', `/api/pumps/${ids.pumpId}/events`, { type: 'MRI', at: '2026-03-01T09:00:00Z', notes: '\u0000' }],
      ['post', `/api/pumps/${ids.pumpId}/events`, { type: 'MRI', at: '+275760-09-13T00:00:00.000Z' }],
      ['post', '/api/appointments', { pumpId: ids.pumpId, at: '+275760-09-13T00:00:00.000Z', kind: 'refill' }],
      ['post', `/api/pumps/${ids.pumpId}/refills`, refillBody({ actualResidualMl: 8, at: '9999-12-31T00:00:00Z' })],
    ];
    const statuses: number[] = [];
    for (const [, path, body] of cases) {
      const res = await t.http.post(path).set(u.auth('physician')).send(body);
      statuses.push(res.status);
      if (res.status < 400 || res.status >= 500) {
        throw new Error(`${path} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(res.body).toMatchObject({ statusCode: res.status, code: expect.any(String) });
    }
    expect(changedTables(before, await databaseFingerprint(db()))).toEqual([]);
    reportFigures('hostile-input.nul-and-ranges', { cases: cases.length, statuses });
  });
});
