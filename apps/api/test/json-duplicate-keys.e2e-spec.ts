import { DataSource } from 'typeorm';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * A JSON body that names a property twice is ambiguous: JSON.parse keeps the second value silently, while a proxy,
 * an audit of the raw request or another parser may take the first. It is refused, saying which property.
 */
describe('a property given twice in a JSON body', () => {
  let t: TestApp;
  let u: TestUsers;

  useTestApp({}, (app) => ({ t, u } = app));

  /** POST /api/patients with `raw` as the body's exact text. */
  const postRaw = (raw: string) =>
    t.http.post('/api/patients').set(u.auth('nurse')).set('Content-Type', 'application/json').send(raw);

  const patientCount = async () =>
    Number(((await t.app.get(DataSource).query('SELECT count(*) AS n FROM patients')) as { n: string }[])[0].n);

  it('is refused with 400 VALIDATION_FAILED naming the property, and nothing is created', async () => {
    const before = await patientCount();
    const raw =
      '{"mrn":"MRN-DUP-1","givenName":"Ada","familyName":"Twice","birthDate":"1980-01-01",' +
      '"spasticityOrigin":"spinal","riskFactors":[],"highRisk":false,"highRisk":true}';
    const res = await postRaw(raw);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The property "highRisk" appears twice in one object: send each property once',
    });
    expect(await patientCount()).toBe(before);
  });

  it('counts keys as decoded, looks inside nested objects, and lets the same key stand in different objects', async () => {
    const escaped = await postRaw('{"mrn":"MRN-DUP-2","\\u006drn":"MRN-DUP-3"}');
    expect(escaped.status).toBe(400);
    expect(escaped.body.message).toBe('The property "mrn" appears twice in one object: send each property once');

    const nested = await postRaw('{"mrn":"MRN-DUP-4","notes":{"a":1,"a":2}}');
    expect(nested.status).toBe(400);
    expect(nested.body.message).toBe('The property "a" appears twice in one object: send each property once');

    // the same name in two objects is not a duplicate: the body reaches validation (which refuses `notes` as an object)
    const apart = await postRaw('{"mrn":"MRN-DUP-5","notes":{"mrn":1}}');
    expect(apart.status).toBe(400);
    expect(apart.body.message).not.toMatch(/appears twice/);
  });
});
