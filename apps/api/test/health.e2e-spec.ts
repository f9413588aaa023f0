import { startTestApp, type TestApp } from './support/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the database up, and the alarm sweep (none has run yet, which is not stale on a fresh start)', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: 'up',
      alarmSweep: { lastSuccessAt: null, ageSeconds: null, ok: true },
    });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/health']).toBeDefined();
  });

  it('answers unknown routes with the error envelope', async () => {
    const res = await t.http.get('/api/does-not-exist').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('rejects malformed JSON with a 400 envelope, not a 500', async () => {
    const res = await t.http.post('/api/health').set('Content-Type', 'application/json').send('{"broken":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
