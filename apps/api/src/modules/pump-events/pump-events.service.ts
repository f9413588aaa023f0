import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { INTERRUPTING_EVENTS, type PumpEventDto, type PumpEventType } from '@pumpwatch/contracts';
import { isRecordInFuture } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService } from '../audit/audit.service';
import { PumpEntity } from '../pumps/pump.entity';
import { PumpEventEntity } from './pump-event.entity';
import type { CreatePumpEventDto } from './pump-events.dto';

const toDto = (e: PumpEventEntity): PumpEventDto => ({
  id: e.id,
  pumpId: e.pumpId,
  type: e.type,
  at: e.at.toISOString(),
  notes: e.notes,
  recordedBy: e.recordedBy,
  createdAt: e.createdAt.toISOString(),
});

/** What an event does to the pump's state flags (docs/clinical/PROJECTION-AND-ALARMS.md §8). */
function applyEvent(pump: PumpEntity, type: PumpEventType, at: Date, actor: Actor, latestMriAt: Date | null): void {
  if (INTERRUPTING_EVENTS.includes(type)) pump.therapyInterrupted = true;
  switch (type) {
    case 'MRI':
      pump.mriCheckDue = true;
      break;
    case 'INTERROGATION':
      // only an interrogation after the latest scan proves the motor resumed
      if (!latestMriAt || at > latestMriAt) pump.mriCheckDue = false;
      break;
    case 'ERI_REPORTED':
      pump.eriReportedAt = at;
      break;
    case 'RESTARTED':
      // restarting after an interruption is a physician's decision (withdrawal vs overdose risk)
      if (actor.role !== 'physician') throw new DomainError('FORBIDDEN', 'Only a physician may record RESTARTED');
      pump.therapyInterrupted = false;
      break;
    case 'EXPLANT':
      pump.explantedAt = at;
      break;
    default:
      break;
  }
}

@Injectable()
export class PumpEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
  ) {}

  async list(pumpId: string): Promise<PumpEventDto[]> {
    assertUuid(pumpId, 'pump');
    const rows = await this.dataSource
      .getRepository(PumpEventEntity)
      .find({ where: { pumpId }, order: { at: 'DESC' } });
    return rows.map(toDto);
  }

  async record(actor: Actor, pumpId: string, dto: CreatePumpEventDto): Promise<PumpEventDto> {
    const at = new Date(dto.at);
    if (isRecordInFuture(at.getTime(), this.clock.now().getTime())) {
      throw new DomainError('EVENT_IN_FUTURE', 'A pump event cannot be recorded in the future');
    }
    const saved = await this.dataSource.transaction(async (m) => {
      const pump = await lockById(m, PumpEntity, pumpId, 'pump');
      if (pump.explantedAt && dto.type !== 'EXPLANT') {
        throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted; register the new pump instead');
      }
      const before = snapshot(pump);
      const [lastMri] = (await m.query(`SELECT max(at) AS at FROM pump_events WHERE pump_id = $1 AND type = 'MRI'`, [
        pumpId,
      ])) as { at: Date | null }[];
      applyEvent(pump, dto.type, at, actor, lastMri?.at ?? null);
      const after = await m.save(pump);
      const event = await m.save(
        m.create(PumpEventEntity, { pumpId, type: dto.type, at, notes: dto.notes ?? null, recordedBy: actor.id }),
      );
      await this.audit.append(m, {
        userId: actor.id,
        action: `pump-event.${dto.type}`,
        entityType: 'pump',
        entityId: pumpId,
        before,
        after: { ...snapshot(after), event: toDto(event) },
      });
      return event;
    });
    await this.changes.notify(pumpId);
    return toDto(saved);
  }
}
