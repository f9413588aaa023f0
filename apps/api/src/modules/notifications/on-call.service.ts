import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OnCallLevel, OnCallShiftDto } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { CreateOnCallDto } from './notifications.dto';

/** Transaction lock per level: two overlapping shifts created at once cannot both pass the overlap check. */
const ON_CALL_LOCK = 734_401;

interface ShiftRow {
  id: string;
  user_id: string;
  level: OnCallLevel;
  starts_at: Date;
  ends_at: Date;
  name: string;
  email: string;
  role: string;
}

const toDto = (r: ShiftRow): OnCallShiftDto => ({
  id: r.id,
  userId: r.user_id,
  userName: r.name,
  userEmail: r.email,
  userRole: r.role,
  level: r.level,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
});

const SELECT = `SELECT s.id, s.user_id, s.level, s.starts_at, s.ends_at, u.name, u.email, u.role
                  FROM on_call_shifts s JOIN users u ON u.id = s.user_id`;

/** The on-call rota: level 1 is paged first, level 2 when a critical alarm stays unacknowledged. */
@Injectable()
export class OnCallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Shifts covering the instant (default now): a shift covers [startsAt, endsAt). */
  async at(at?: string): Promise<OnCallShiftDto[]> {
    const instant = at ? new Date(at) : this.clock.now();
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE s.starts_at <= $1 AND s.ends_at > $1 ORDER BY s.level, s.starts_at`,
      [instant],
    )) as ShiftRow[];
    return rows.map(toDto);
  }

  /** Shifts overlapping [from, to), by start: the rota page's "now and next". */
  async between(from: string, to: string): Promise<OnCallShiftDto[]> {
    if (Date.parse(to) <= Date.parse(from)) throw new DomainError('BAD_REQUEST', '`to` must be after `from`');
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE s.starts_at < $2 AND s.ends_at > $1 ORDER BY s.starts_at, s.level LIMIT 500`,
      [new Date(from), new Date(to)],
    )) as ShiftRow[];
    return rows.map(toDto);
  }

  async create(actor: Actor, dto: CreateOnCallDto): Promise<OnCallShiftDto> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw new DomainError('ON_CALL_INVALID', 'A shift must end after it starts', {
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
      });
    }
    return this.dataSource.transaction(async (m) => {
      const [user] = (await m.query(`SELECT id, active, role FROM users WHERE id = $1`, [dto.userId])) as {
        active: boolean;
        role: string;
      }[];
      if (!user || !user.active || (user.role !== 'nurse' && user.role !== 'physician')) {
        throw new DomainError('ON_CALL_INVALID', 'Only an active nurse or physician can be on call', {
          userId: dto.userId,
        });
      }
      await m.query('SELECT pg_advisory_xact_lock($1, $2)', [ON_CALL_LOCK, dto.level]);
      const clash = (await m.query(
        `${SELECT} WHERE s.level = $1 AND s.starts_at < $3 AND s.ends_at > $2 ORDER BY s.starts_at LIMIT 1`,
        [dto.level, startsAt, endsAt],
      )) as ShiftRow[];
      if (clash.length) {
        const c = toDto(clash[0]);
        throw new DomainError(
          'ON_CALL_OVERLAP',
          `${c.userName} is already on call at level ${c.level} from ${c.startsAt} to ${c.endsAt}: one person per level at a time`,
          { conflictingShift: c },
        );
      }
      const [{ id }] = (await m.query(
        `INSERT INTO on_call_shifts (user_id, level, starts_at, ends_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.userId, dto.level, startsAt, endsAt, actor.id, this.clock.now()],
      )) as { id: string }[];
      const [row] = (await m.query(`${SELECT} WHERE s.id = $1`, [id])) as ShiftRow[];
      const out = toDto(row);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'on-call.create',
        entityType: 'on-call-shift',
        entityId: id,
        before: null,
        after: out,
      });
      return out;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertUuid(id, 'on-call shift');
    await this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(`${SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id])) as ShiftRow[];
      if (!row) throw new DomainError('NOT_FOUND', `No on-call shift with id ${id}`);
      await m.query(`DELETE FROM on_call_shifts WHERE id = $1`, [id]);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'on-call.delete',
        entityType: 'on-call-shift',
        entityId: id,
        before: toDto(row),
        after: null,
      });
    });
  }
}
