import fs from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { parse, parseAllDocuments } from 'yaml';
import { DRAIN_TIMEOUT_MS } from '../src/common/lifecycle/graceful-drain';
import { startTestApp } from './support/test-app';

/**
 * The deployment examples hospital IT copies: deploy/k8s/*.yaml validated against the Kubernetes OpenAPI schemas
 * (kubernetes-models bundles those of Kubernetes 1.27, so this runs offline) and docker-compose.yml read by a small
 * checker (no Docker engine nor compose client here). The schemas accept unknown fields, as the API server does
 * without strict validation, so what matters to PumpWatch (probe paths, ports, selectors, variables, drain time)
 * is checked field by field against the app itself.
 */

const REPO = path.resolve(__dirname, '../../..');
const SRC = path.resolve(__dirname, '../src');
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface HttpProbe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  ports: { name: string; containerPort: number }[];
  env: EnvVar[];
  readinessProbe: HttpProbe;
  livenessProbe: HttpProbe;
  startupProbe?: HttpProbe;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

const sourceText = (dir: string): string =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) =>
      e.isDirectory()
        ? sourceText(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? fs.readFileSync(path.join(dir, e.name), 'utf8')
          : '',
    )
    .join('\n');
const source = sourceText(SRC);
/** Every environment variable the app reads: `env.NAME`, or a name handed to the config's EnvReader. */
const readByApp = new Set(
  [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\bread\.\w+\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]),
);
/**
 * Settings the app generates on first start and keeps in its data folder when they are unset: per instance, so a
 * cluster must set them (one instance's tokens or sealed secrets would be unreadable to the next).
 */
const keptPerInstance = [
  'JWT_SECRET',
  ...[...source.matchAll(/resolveKey\(\s*env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
];

function k8sObjects(): K8sObject[] {
  const dir = path.join(REPO, 'deploy/k8s');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject));
}
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('deployment examples', () => {
  const objects = k8sObjects();
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const pod = deployment.spec.template as {
    metadata: { labels: Record<string, string> };
    spec: Record<string, unknown>;
  };
  const container = (pod.spec.containers as Container[])[0];
  const env = new Map(container.env.map((e) => [e.name, e]));

  it('deploy/k8s: every object is valid against the Kubernetes schemas', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(o as never).validate()).not.toThrow();
    }
    // the schemas do catch mistakes: a port given as text, a probe without its port
    const broken = structuredClone(deployment) as never as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    broken.spec.template.spec.containers[0].ports[0].containerPort = '3000' as never;
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort must be integer/);
  });

  it('deploy/k8s: probes on the app health routes, ports, selectors, variables and drain time fit the app', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/api/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/api/health');
    expect(container.startupProbe?.httpGet.path).toBe('/api/health');
    const http = container.ports.find((p) => p.name === 'http')!;
    expect(String(http.containerPort)).toBe(env.get('PORT')?.value);
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe!]) {
      expect(probe.httpGet.port).toBe('http');
    }
    expect(env.get('HOST')?.value).toBe('0.0.0.0');
    expect(env.get('PUMPWATCH_SEED')?.value).toBe('none');

    const selector = (deployment.spec.selector as { matchLabels: Record<string, string> }).matchLabels;
    expect(matches(selector, pod.metadata.labels)).toBe(true);
    const service = objects.find((o) => o.kind === 'Service')!;
    expect(matches(service.spec.selector as Record<string, string>, pod.metadata.labels)).toBe(true);
    expect((service.spec.ports as { targetPort: string }[])[0].targetPort).toBe('http');
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget')!;
    expect(
      matches((pdb.spec.selector as { matchLabels: Record<string, string> }).matchLabels, pod.metadata.labels),
    ).toBe(true);

    for (const name of env.keys()) expect({ name, readByApp: readByApp.has(name) }).toEqual({ name, readByApp: true });
    for (const name of keptPerInstance) expect({ name, set: env.has(name) }).toEqual({ name, set: true });
    // SIGTERM: readiness 503 for the drain delay, then at most DRAIN_TIMEOUT_MS for requests in flight
    const drainMs = Number(env.get('PUMPWATCH_DRAIN_DELAY_MS')?.value ?? 0) + DRAIN_TIMEOUT_MS;
    expect((pod.spec.terminationGracePeriodSeconds as number) * 1000).toBeGreaterThan(drainMs);
  });

  it('the probe routes answer 200 on a running app (readiness and liveness)', async () => {
    const t = await startTestApp();
    try {
      await t.http.get(container.livenessProbe.httpGet.path).expect(200);
      await t.http.get(container.readinessProbe.httpGet.path).expect(200);
    } finally {
      await t.close();
    }
  });

  it('docker-compose.yml: nginx in front of 2 API replicas on PostgreSQL, as the cluster test runs them', () => {
    const compose = parse(fs.readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
    };
    const { db, api, nginx } = compose.services;
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'db', 'nginx']);
    expect((api.deploy as { replicas: number }).replicas).toBe(2);
    expect(api.ports).toBeUndefined(); // reached through nginx only
    const apiEnv = api.environment as Record<string, string>;
    for (const name of Object.keys(apiEnv))
      expect({ name, readByApp: readByApp.has(name) }).toEqual({ name, readByApp: true });
    for (const name of keptPerInstance) expect({ name, set: name in apiEnv }).toEqual({ name, set: true });
    // the app connects as its own role, not as the database's superuser
    const dbUser = new URL(apiEnv.DATABASE_URL.replace('${PUMPWATCH_DB_PASSWORD}', 'x')).username;
    expect(dbUser).toBe('pumpwatch_app');
    expect(dbUser).not.toBe((db.environment as Record<string, string>).POSTGRES_USER);
    expect(JSON.stringify(api.healthcheck)).toContain('/api/health');
    expect(Number(/^(\d+)s$/.exec(String(api.stop_grace_period))?.[1]) * 1000).toBeGreaterThan(DRAIN_TIMEOUT_MS);

    // every file a service mounts is in the repository; nginx serves the site the cluster test proves
    const mounts = [...(db.volumes as string[]), ...(nginx.volumes as string[])].filter((v) => v.startsWith('./'));
    for (const m of mounts)
      expect({ m, exists: fs.existsSync(path.join(REPO, m.split(':')[0])) }).toEqual({ m, exists: true });
    expect(mounts).toContain('./deploy/nginx/pumpwatch.conf:/etc/nginx/conf.d/default.conf:ro');
    const site = fs.readFileSync(path.join(REPO, 'deploy/nginx/pumpwatch.conf'), 'utf8');
    expect(site).toMatch(new RegExp(`^\\s*server api:${apiEnv.PORT}\\b`, 'm'));
    expect(site).toMatch(/location = \/api\/alarms\/stream \{[^}]*proxy_buffering off;/);
    const init = fs.readFileSync(path.join(REPO, 'deploy/postgres/10-pumpwatch-roles.sh'), 'utf8');
    expect(init).toContain('CREATE ROLE pumpwatch_app LOGIN PASSWORD');
    expect(init).toContain('NOSUPERUSER');
  });
});
