import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { DomainError } from '../../common/errors/domain-error';
import { MAX_FILE_BYTES } from './import-file';

export interface UploadedImportFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

/** multer in memory, one file of at most MAX_FILE_BYTES: a bigger upload stops at the limit (413, nothing read on). */
const Multer = FileInterceptor('file', {
  limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 1024 },
});

/** The upload, with multer's refusals in the API's envelope: too large is 413 IMPORT_TOO_LARGE before anything else. */
@Injectable()
export class ImportUpload implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (e) {
      const status = (e as { getStatus?: () => number }).getStatus?.();
      if (status === 413) {
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
  }
}
