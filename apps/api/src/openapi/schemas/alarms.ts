import { ApiProperty } from '@nestjs/swagger';
import {
  ALARM_CODES,
  ALARM_PRIORITIES,
  ALARM_STATUSES,
  type AlarmCode,
  type AlarmListItemDto,
  type AlarmPriority,
  type AlarmStatus,
  type AlarmSummaryDto,
  type PatientRef,
  type RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import { Bool, Enum, Instant, Int, LocalDate, Num, Obj, Str, Uuid } from './fields';

/** Response schemas of the alarm board and the refill worklist. */
export class PatientRefSchema implements PatientRef {
  @Uuid() id!: string;
  @Str() mrn!: string;
  @Str() givenName!: string;
  @Str() familyName!: string;
}

export class AlarmListItemSchema implements AlarmListItemDto {
  @Uuid() id!: string;
  @Uuid({ nullable: true, description: 'null for a clinic-wide alarm' }) pumpId!: string | null;
  @Uuid({ nullable: true }) patientId!: string | null;
  @Enum(ALARM_CODES) code!: AlarmCode;
  @Enum(ALARM_PRIORITIES) priority!: AlarmPriority;
  @Enum(ALARM_STATUSES) status!: AlarmStatus;
  @Instant() raisedAt!: string;
  @Instant() updatedAt!: string;
  @Uuid({ nullable: true }) acknowledgedBy!: string | null;
  @Instant({ nullable: true }) acknowledgedAt!: string | null;
  @Str({ nullable: true }) acknowledgeNote!: string | null;
  @Instant({ nullable: true }) snoozedUntil!: string | null;
  @Str({ nullable: true }) snoozeReason!: string | null;
  @Instant({ nullable: true }) resolvedAt!: string | null;
  @Uuid({ nullable: true }) resolvedBy!: string | null;
  @Str({ nullable: true }) resolution!: string | null;
  @Bool() escalated!: boolean;
  @Instant({ nullable: true }) escalatedAt!: string | null;
  @Obj({ nullable: true }) details!: Record<string, unknown> | null;
  @Int() version!: number;
  @ApiProperty({ type: PatientRefSchema, nullable: true }) patient!: PatientRefSchema | null;
  @Bool() highRisk!: boolean;
  @Num({ nullable: true }) reservoirNowMl!: number | null;
  @Instant({ nullable: true }) lowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) projectedEmptyAt!: string | null;
  @Instant({ nullable: true }) worstCaseLowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) worstCaseEmptyAt!: string | null;
  @LocalDate({ nullable: true }) refillDueDate!: string | null;
}

export class AlarmCountsSchema implements Record<AlarmPriority, number> {
  @Int() critical!: number;
  @Int() high!: number;
  @Int() medium!: number;
  @Int() low!: number;
}

export class AlarmSummarySchema implements AlarmSummaryDto {
  @Int() total!: number;
  @ApiProperty({ type: AlarmCountsSchema }) byPriority!: AlarmCountsSchema;
}

export class RefillWorklistItemSchema implements RefillWorklistItemDto {
  @Uuid() pumpId!: string;
  @ApiProperty({ type: PatientRefSchema }) patient!: PatientRefSchema;
  @LocalDate() refillDueDate!: string;
  @Str() refillDueReason!: string;
  @Instant({ nullable: true }) lowReservoirAlarmAt!: string | null;
  @Num() reservoirNowMl!: number;
  @Instant({ nullable: true }) nextAppointmentAt!: string | null;
  @Bool() highRisk!: boolean;
  @Bool() overdue!: boolean;
  @Instant({ nullable: true }) worstCaseLowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) worstCaseEmptyAt!: string | null;
  @Bool() appointmentAfterWorstCaseAlarm!: boolean;
  @Instant({ nullable: true }) proposedSlot!: string | null;
}
