import { ApiProperty } from '@nestjs/swagger';
import type {
  AlarmSweepHealth,
  AuditEntryDto,
  DrugLibraryEntryDto,
  HealthResponse,
  ReadinessResponse,
} from '@pumpwatch/contracts';
import { Bool, Enum, Instant, Int, Num, Obj, Str, Uuid } from './fields';

/** Response schemas of health, the drug library and the audit trail. */
export class AlarmSweepHealthSchema implements AlarmSweepHealth {
  @Instant({ nullable: true }) lastSuccessAt!: string | null;
  @Num({ nullable: true }) ageSeconds!: number | null;
  @Bool({ description: 'false once three scheduled sweeps passed without one finishing' }) ok!: boolean;
}

export class HealthSchema implements HealthResponse {
  @Enum(['ok', 'degraded']) status!: 'ok' | 'degraded';
  @Enum(['up', 'down']) database!: 'up' | 'down';
  @ApiProperty({ type: AlarmSweepHealthSchema }) alarmSweep!: AlarmSweepHealthSchema;
}

export class ReadinessSchema implements ReadinessResponse {
  @Enum(['ready', 'not-ready']) status!: 'ready' | 'not-ready';
  @Enum(['up', 'down']) database!: 'up' | 'down';
  @ApiProperty({ type: AlarmSweepHealthSchema }) alarmSweep!: AlarmSweepHealthSchema;
}

export class DrugLibraryEntrySchema implements DrugLibraryEntryDto {
  @Uuid() id!: string;
  @Str() name!: string;
  @Num() concentrationMcgPerMl!: number;
  @Bool() screeningOnly!: boolean;
  @Bool() compounded!: boolean;
  @Int() maxRefillIntervalDays!: number;
  @Int() version!: number;
}

export class AuditEntrySchema implements AuditEntryDto {
  @Uuid() id!: string;
  @Int() seq!: number;
  @Instant() at!: string;
  @Uuid({ nullable: true }) userId!: string | null;
  @Str() action!: string;
  @Str() entityType!: string;
  @Str() entityId!: string;
  @Obj({ nullable: true }) before!: unknown;
  @Obj({ nullable: true }) after!: unknown;
  @Str() hash!: string;
  @Str() prevHash!: string;
}
