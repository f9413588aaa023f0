import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/config';
import { PUBLIC_EXTENSION } from './api-docs';
import { ErrorEnvelope } from './schemas/error-envelope';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponsesObject = OperationObject['responses'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorEnvelope' };

/** An error response with the JSON envelope, unless the route documents that status itself. */
function addError(responses: ResponsesObject, status: number, description: string): void {
  if (responses[status]) return;
  responses[status] = { description, content: { 'application/json': { schema: ERROR_SCHEMA } } };
}

/**
 * What every route gets from the app's global machinery, written into the document so each operation says it:
 * the auth guard (401 without a token; `security: []` on the public routes), the validation pipe (400 for a bad
 * body or query), route ids (404 for an unknown one). Route-specific answers (403 by role, 409, 422) are declared
 * on the routes themselves.
 */
function documentGlobalBehaviour(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!op) continue;
      const isPublic = op[PUBLIC_EXTENSION] === true;
      delete op[PUBLIC_EXTENSION];
      if (isPublic) op.security = [];
      else addError(op.responses, 401, 'No valid access token (UNAUTHORIZED)');
      const params = (op.parameters ?? []) as { in?: string }[];
      if (op.requestBody || params.some((p) => p.in === 'query')) {
        addError(op.responses, 400, 'Invalid input (VALIDATION_FAILED with the fields); nothing changed');
      }
      if (params.some((p) => p.in === 'path')) addError(op.responses, 404, 'No such record (NOT_FOUND)');
    }
  }
}

/** The OpenAPI document of the app's routes, as served at /api/docs-json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PumpWatch API')
      .setDescription(
        'Intrathecal baclofen pump clinic: patients, pumps, refills, dose programs, alarms. Errors are JSON ' +
          '`{ statusCode, code, message, details? }` with a machine-readable `code`.',
      )
      .setVersion('0.1.0')
      .addServer('/', 'This PumpWatch instance')
      .addBearerAuth()
      // every route needs the bearer token unless it says `security: []`
      .addSecurityRequirements('bearer')
      .build(),
    { extraModels: [ErrorEnvelope] },
  );
  documentGlobalBehaviour(doc);
  return doc;
}

/** The global prefix as createApp sets it (the document's paths carry it). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
}

/**
 * The document without a database: Nest's preview mode scans the modules and controllers but creates no
 * provider, so nothing connects. For `pnpm lint` (Redocly); a test checks it equals the served document.
 */
export async function openApiDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({ ...process.env, PUMPWATCH_SEED: 'none', PUMPWATCH_ALARM_CRON: 'off' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, databaseUrl: 'postgres://offline.invalid/none' }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  applyGlobalPrefix(app);
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
