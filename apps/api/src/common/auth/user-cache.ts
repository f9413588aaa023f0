import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserEntity } from '../../modules/users/user.entity';
import type { Actor } from './actor';

/** How long another instance may serve a user row changed elsewhere (this instance forgets at commit). */
export const USER_CACHE_MS = 2000;

interface Entry {
  actor: Actor | null;
  readAtMs: number;
}

/**
 * Active users by id for the auth guard, so a request costs no user query: every dashboard call is
 * authenticated, and the lookup was a second round trip on each. UsersService forgets a user when its change
 * commits, so on this instance a deactivation or role change applies to the next request; other API instances
 * see it within USER_CACHE_MS. A generation per user stops a read that raced a change from re-caching the
 * old row.
 */
@Injectable()
export class UserCache {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async activeUser(id: string): Promise<Actor | null> {
    const hit = this.entries.get(id);
    if (hit && performance.now() - hit.readAtMs < USER_CACHE_MS) return hit.actor;
    const generation = this.generations.get(id) ?? 0;
    const readAtMs = performance.now();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id, active: true });
    const actor: Actor | null = user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
    if ((this.generations.get(id) ?? 0) === generation) {
      if (this.entries.size > 10_000) this.entries.clear(); // unknown ids must not grow the map without bound
      this.entries.set(id, { actor, readAtMs });
    }
    return actor;
  }

  /** Called after a user change commits. */
  forget(id: string): void {
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    this.entries.delete(id);
  }
}
