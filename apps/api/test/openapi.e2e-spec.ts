import { openApiDocumentOffline } from '../src/openapi/openapi-document';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

/** The OpenAPI document at /api/docs-json, checked against what the routes really do. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): { method: string; path: string; op: Json }[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Json })),
  );
}

/** Every difference between a response body and the schema it is documented with (empty: it conforms). */
function mismatches(doc: Json, schema: Json, value: unknown, at: string, out: string[]): string[] {
  if (schema.$ref) return mismatches(doc, doc.components.schemas[schema.$ref.split('/').pop()], value, at, out);
  if (value === null) {
    if (!schema.nullable) out.push(`${at} is null but not nullable`);
    return out;
  }
  if (schema.type === 'array' || schema.items) {
    if (!Array.isArray(value)) out.push(`${at} is not an array`);
    else value.forEach((v, i) => mismatches(doc, schema.items, v, `${at}[${i}]`, out));
    return out;
  }
  if (schema.properties) {
    const obj = value as Json;
    for (const key of Object.keys(obj)) {
      if (!(key in schema.properties)) out.push(`${at}.${key} is not in the schema`);
      else mismatches(doc, schema.properties[key], obj[key], `${at}.${key}`, out);
    }
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}.${key} is required but missing`);
    return out;
  }
  const type = schema.type === 'integer' ? 'number' : schema.type;
  if (type && type !== 'object' && typeof value !== type) out.push(`${at} is ${typeof value}, not ${schema.type}`);
  if (schema.format === 'uuid' && !/^[0-9a-f-]{36}$/.test(String(value))) out.push(`${at} is not a uuid`);
  if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) out.push(`${at} is not a date`);
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(String(value)))) out.push(`${at} not a date-time`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at} = ${String(value)} is not in the enum`);
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;

  const { as } = useDemoApp({ at: '2026-03-02T10:00:00Z' }, async (app) => {
    t = app;
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Json;
  });

  it('is the document `pnpm lint` checks: the one built without a database equals the served one', async () => {
    expect(JSON.parse(JSON.stringify(await openApiDocumentOffline()))).toEqual(doc);
  });

  it('has a summary on every operation, and a 4xx answer on every one but the health probes', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(60);
    for (const { method, path, op } of ops) {
      expect({ method, path, summary: typeof op.summary === 'string' && op.summary.length > 5 }).toEqual({
        method,
        path,
        summary: true,
      });
      if (path.startsWith('/api/health')) continue;
      expect({ method, path, has4xx: Object.keys(op.responses).some((s) => /^4\d\d$/.test(s)) }).toEqual({
        method,
        path,
        has4xx: true,
      });
    }
  });

  it('gives non-JSON bodies their media type', () => {
    const content = (path: string, status = '200') => Object.keys(doc.paths[path].get.responses[status].content);
    for (const file of ['worklist.csv', 'alarms.csv', 'audit.csv']) {
      expect(content(`/api/exports/${file}`)).toEqual(['text/csv']);
    }
    expect(content('/api/imports/template.csv')).toEqual(['text/csv']);
    expect(content('/api/imports/template.xlsx')).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(content('/api/calendar/{token}.ics')).toEqual(['text/calendar']);
    expect(content('/api/fhir/Patient/{id}')).toEqual(['application/fhir+json']);
    expect(content('/api/fhir/Patient/{id}/$everything')).toEqual(['application/fhir+json']);
    expect(content('/api/alarms/stream')).toEqual(['text/event-stream']);
    expect(content('/api/patients/{id}')).toEqual(['application/json']);
    // errors stay the JSON envelope everywhere
    expect(doc.paths['/api/exports/audit.csv'].get.responses['403'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorEnvelope',
    );
  });

  it('marks If-Match, Idempotency-Key, Last-Event-ID and since optional, each named once', () => {
    let seen = 0;
    for (const { method, path, op } of operations(doc)) {
      const params = (op.parameters ?? []) as Json[];
      const names = params.map((p) => `${p.in}:${String(p.name).toLowerCase()}`);
      expect({ method, path, names }).toEqual({ method, path, names: [...new Set(names)] });
      for (const p of params) {
        if (!['if-match', 'idempotency-key', 'last-event-id', 'since'].includes(String(p.name).toLowerCase())) continue;
        seen++;
        expect({ method, path, name: p.name, required: p.required ?? false }).toEqual({
          method,
          path,
          name: p.name,
          required: false,
        });
      }
    }
    // 8 If-Match, 3 Idempotency-Key, Last-Event-ID and since
    expect(seen).toBe(13);
  });

  it('gives ids the uuid format, calendar dates the date format and instants the date-time format', () => {
    for (const { method, path, op } of operations(doc)) {
      for (const p of (op.parameters ?? []) as Json[]) {
        if (p.in !== 'path' || p.name === 'token') continue;
        expect({ method, path, name: p.name, format: p.schema.format }).toEqual({
          method,
          path,
          name: p.name,
          format: 'uuid',
        });
      }
    }
    const patient = doc.components.schemas.PatientSchema.properties;
    expect(patient.id.format).toBe('uuid');
    expect(patient.birthDate.format).toBe('date');
    expect(patient.createdAt.format).toBe('date-time');
    expect(doc.components.schemas.PumpStatusSchema.properties.refillDueDate).toMatchObject({
      format: 'date',
      nullable: true,
    });
    // request bodies and queries too
    const schemas = doc.components.schemas;
    expect(schemas.CreatePatientDto.properties.birthDate.format).toBe('date');
    expect(schemas.CreateRefillDto.properties.at.format).toBe('date-time');
    expect(schemas.CreateRefillDto.properties.secondCheckerId.format).toBe('uuid');
    expect(schemas.CreateRefillDto.properties.lotExpiry.format).toBe('date');
    expect(schemas.CreateAppointmentDto.properties.pumpId.format).toBe('uuid');
    expect(schemas.SnoozeAlarmDto.properties.until.format).toBe('date-time');
    const query = (path: string, name: string) =>
      (doc.paths[path].get.parameters as Json[]).find((p) => p.name === name)!.schema.format;
    expect(query('/api/worklist/refills', 'from')).toBe('date');
    expect(query('/api/alarms', 'patientId')).toBe('uuid');
    expect(query('/api/appointments', 'from')).toBe('date-time');
  });

  it('lets only the public routes through without a token (security: [])', () => {
    const open = operations(doc)
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(open).toEqual([
      'get /api/auth/oidc/callback',
      'get /api/auth/oidc/config',
      'get /api/auth/oidc/login',
      'get /api/calendar/{token}.ics',
      'get /api/health',
      'get /api/health/ready',
      'post /api/auth/login',
      'post /api/auth/refresh',
    ]);
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('documents the main response bodies with schemas the real responses match', async () => {
    const patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body;
    const patient = patients.items.find((p: Json) => p.mrn === 'DEMO-018');
    const detail = (await t.http.get(`/api/patients/${patient.id}`).set(as('nurse')).expect(200)).body;
    const pumpId = detail.pumps[0].id as string;
    const alarms = (await t.http.get('/api/alarms').set(as('nurse')).expect(200)).body as Json[];
    const checks: [string, string, unknown][] = [
      ['/api/patients', 'get', patients],
      ['/api/patients/{id}', 'get', detail],
      ['/api/pumps/{id}', 'get', (await t.http.get(`/api/pumps/${pumpId}`).set(as('nurse'))).body],
      ['/api/pumps/{id}/status', 'get', (await t.http.get(`/api/pumps/${pumpId}/status`).set(as('nurse'))).body],
      [
        '/api/pumps/{id}/dose-programs',
        'get',
        (await t.http.get(`/api/pumps/${pumpId}/dose-programs`).set(as('nurse'))).body,
      ],
      ['/api/pumps/{id}/refills', 'get', (await t.http.get(`/api/pumps/${pumpId}/refills`).set(as('nurse'))).body],
      ['/api/appointments', 'get', (await t.http.get('/api/appointments').set(as('nurse'))).body],
      ['/api/alarms', 'get', alarms],
      ['/api/alarms/{id}', 'get', (await t.http.get(`/api/alarms/${alarms[0]!.id}`).set(as('nurse'))).body],
      ['/api/alarms/summary', 'get', (await t.http.get('/api/alarms/summary').set(as('nurse'))).body],
      ['/api/worklist/refills', 'get', (await t.http.get('/api/worklist/refills').set(as('nurse'))).body],
      ['/api/drug-library', 'get', (await t.http.get('/api/drug-library').set(as('nurse'))).body],
      ['/api/audit', 'get', (await t.http.get('/api/audit').set(as('physician'))).body],
      ['/api/auth/me', 'get', (await t.http.get('/api/auth/me').set(as('nurse'))).body],
      ['/api/health', 'get', (await t.http.get('/api/health')).body],
    ];
    expect(alarms.length).toBeGreaterThan(0);
    for (const [path, method, body] of checks) {
      const schema = doc.paths[path][method].responses['200'].content['application/json'].schema as Json;
      expect({ path, ref: JSON.stringify(schema).includes('$ref') }).toEqual({ path, ref: true });
      expect({ path, problems: mismatches(doc, schema, body, 'body', []) }).toEqual({ path, problems: [] });
    }
  });
});
