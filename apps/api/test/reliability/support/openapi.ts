import type { TestApp } from '../../support/test-app';

/** A JSON-schema fragment as @nestjs/swagger emits it (only what the tests read). */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  nullable?: boolean;
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/api/pumps/{id}/refills`. */
  path: string;
  pathParams: string[];
  bodySchema?: Schema;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every route the running app documents (GET /api/docs-json), so new routes are covered without editing tests. */
export async function loadRoutes(t: TestApp): Promise<{ doc: OpenApiDoc; routes: Route[] }> {
  const doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDoc;
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const body = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      routes.push({
        method,
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        bodySchema: body,
      });
    }
  }
  return { doc, routes };
}

export function resolveSchema(doc: OpenApiDoc, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolveSchema(doc, doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
  if (s.allOf?.length === 1) return resolveSchema(doc, s.allOf[0]);
  return s;
}

/** Real ids for path parameters, chosen by the resource the path names. */
export interface ClinicIds {
  patientId: string;
  pumpId: string;
  appointmentId: string;
  alarmId: string;
  doseProgramId: string;
  drugId: string;
  userId: string;
}

export function fillPath(route: Route, ids: ClinicIds, override?: string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (override !== undefined) return encodeURIComponent(override);
    const before = route.path.slice(0, route.path.indexOf(`{${name}}`));
    if (name === 'pumpId' || before.endsWith('/pumps/')) return ids.pumpId;
    if (name === 'patientId' || before.endsWith('/patients/') || before.endsWith('/Patient/')) return ids.patientId;
    if (before.endsWith('/appointments/')) return ids.appointmentId;
    if (before.endsWith('/alarms/')) return ids.alarmId;
    if (before.endsWith('/dose-programs/')) return ids.doseProgramId;
    if (before.endsWith('/drug-library/')) return ids.drugId;
    if (before.endsWith('/users/')) return ids.userId;
    if (name === 'token') return 'not-a-real-feed-token';
    return '00000000-0000-4000-8000-000000000000';
  });
}

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;
