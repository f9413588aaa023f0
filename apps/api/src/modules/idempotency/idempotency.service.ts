import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { canonicalJson } from '../audit/canonical';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export interface IdempotencyScope {
  userId: string;
  route: string;
  key: string | undefined;
  body: unknown;
}

/**
 * `Idempotency-Key` support inside the write's own transaction: the key row is claimed first
 * (a concurrent duplicate waits on the row lock), and the stored response is replayed afterwards.
 */
@Injectable()
export class IdempotencyService {
  async run<T>(manager: EntityManager, scope: IdempotencyScope, work: () => Promise<T>): Promise<T> {
    if (!scope.key) return work();
    if (scope.key.length > 200) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key is too long (max 200)');
    const requestHash = createHash('sha256').update(canonicalJson(scope.body)).digest('hex');
    const id = { userId: scope.userId, route: scope.route, key: scope.key };
    const claimed = (await manager.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [id.userId, id.route, id.key, requestHash],
    )) as unknown[];
    if (!claimed.length) {
      const prior = await manager.findOneByOrFail(IdempotencyKeyEntity, id);
      if (prior.requestHash !== requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
      }
      return prior.responseBody as T;
    }
    const result = await work();
    await manager.update(IdempotencyKeyEntity, id, { responseStatus: 201, responseBody: result as object });
    return result;
  }
}
