import fastifyMultipart from '@fastify/multipart';
import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { DomainError } from '../../common/errors/domain-error';
import { MAX_FILE_BYTES } from './import-file';

export interface UploadedImportFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** One file of at most MAX_FILE_BYTES in the field "file", a few small text fields at most. */
const LIMITS = { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 1024 };

type UploadRequest = FastifyRequest & { importFile?: UploadedImportFile };

/** Multipart bodies are parsed where the import reads them (ImportUpload), with the limits above. */
export async function registerImportUpload(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart as never, { limits: LIMITS, throwFileSizeLimit: true });
}

/**
 * The upload read into memory, with refusals in the API's envelope: too large is 413 IMPORT_TOO_LARGE before
 * anything else (reading stops at the limit); a file in another field, a second file or too many fields is 400.
 */
@Injectable()
export class ImportUpload implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    if (!req.isMultipart()) return next.handle();
    try {
      for await (const part of req.parts({ limits: LIMITS })) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file') throw new Error('Unexpected field');
        const buffer = await part.toBuffer();
        req.importFile = { originalname: part.filename, size: buffer.length, buffer };
      }
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new DomainError('IMPORT_TOO_LARGE', 'The file is larger than 10 MB', { maxBytes: MAX_FILE_BYTES });
      }
      throw new DomainError(
        'VALIDATION_FAILED',
        `The upload is not one file in the field "file": ${(e as Error).message}`,
        {
          errors: [{ field: 'file', problems: [(e as Error).message] }],
        },
      );
    }
    return next.handle();
  }
}

/** The file ImportUpload read (undefined when none was sent). */
export const ImportFile = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): UploadedImportFile | undefined =>
    ctx.switchToHttp().getRequest<UploadRequest>().importFile,
);
