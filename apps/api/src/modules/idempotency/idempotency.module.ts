import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** Idempotency keys: a clinical write retried after a lost response is recorded once. */
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
