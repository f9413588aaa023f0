import { ApiProperty } from '@nestjs/swagger';
import {
  ALARM_CODES,
  ALARM_PRIORITIES,
  APPOINTMENT_STATUSES,
  DISCREPANCY_KINDS,
  PUMP_EVENT_TYPES,
  PUMP_MODELS,
  type AlarmCode,
  type AlarmPriority,
  type AppointmentDto,
  type AppointmentProjectionDto,
  type AppointmentStatus,
  type DiscrepancyKind,
  type DoseProgramDto,
  type FlexStepDto,
  type PumpDto,
  type PumpEventDto,
  type PumpEventType,
  type PumpModel,
  type PumpStatusDto,
  type RefillDto,
} from '@pumpwatch/contracts';
import { Bool, Enum, Instant, Int, LocalDate, Num, Str, Strings, Uuid } from './fields';

/** Response schemas of pumps and what is recorded on them. */
export class PumpSchema implements PumpDto {
  @Uuid() id!: string;
  @Uuid() patientId!: string;
  @Enum(PUMP_MODELS) model!: PumpModel;
  @Str() serialNumber!: string;
  @ApiProperty({ enum: [20, 40], type: Number }) reservoirCapacityMl!: 20 | 40;
  @Num() lowReservoirAlarmMl!: number;
  @Instant() implantedAt!: string;
  @Instant({ required: false }) manufacturedAt?: string;
  @Str({ required: false }) catheterModel?: string;
  @Num({ required: false }) catheterVolumeMl?: number;
  @LocalDate({ required: false, description: 'elective replacement indicator date' }) eriDate?: string;
  @Num({ required: false }) worstCaseFactor?: number;
  @Num({ required: false }) discrepancyThresholdMl?: number;
  @Bool() active!: boolean;
  @Instant({ nullable: true }) explantedAt!: string | null;
  @Instant({ nullable: true }) eriReportedAt!: string | null;
  @LocalDate({ nullable: true }) batteryStopDate!: string | null;
  @Bool() therapyInterrupted!: boolean;
  @Bool() mriCheckDue!: boolean;
  @Int() version!: number;
}

export class AlarmRefSchema {
  @Enum(ALARM_CODES) code!: AlarmCode;
  @Enum(ALARM_PRIORITIES) priority!: AlarmPriority;
}

export class PumpStatusSchema implements PumpStatusDto {
  @Uuid() pumpId!: string;
  @Uuid() patientId!: string;
  @Num({ nullable: true }) concentrationMcgPerMl!: number | null;
  @Instant({ nullable: true }) lastRefillAt!: string | null;
  @Instant({ nullable: true }) nextAppointmentAt!: string | null;
  @Num({ description: 'continuous (basal or flex) dose, mcg/day' }) programmedDoseMcgPerDay!: number;
  @Num({ description: 'programmed dose plus every allowed bolus, mcg/day' }) planningDoseMcgPerDay!: number;
  @Num({ description: 'planning dose ÷ concentration, mL/day' }) rateMlPerDay!: number;
  @Num() reservoirNowMl!: number;
  @Instant({ nullable: true }) lowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) worstCaseLowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) projectedEmptyAt!: string | null;
  @Instant({ nullable: true }) worstCaseEmptyAt!: string | null;
  @LocalDate({ nullable: true }) refillDueDate!: string | null;
  @Str({ nullable: true }) refillDueReason!: string | null;
  @ApiProperty({ type: [AlarmRefSchema] }) alarms!: AlarmRefSchema[];
  @Num({ description: 'the worst-case rate factor the projection used (a measured over-infusion included)' })
  worstCaseFactor!: number;
}

export class FlexStepSchema implements FlexStepDto {
  @Int() durationMinutes!: number;
  @Num() doseRateMcgPerHour!: number;
}

export class DoseProgramSchema implements DoseProgramDto {
  @Uuid() id!: string;
  @Uuid() pumpId!: string;
  @Instant() effectiveAt!: string;
  @Num({ nullable: true }) basalDoseMcgPerDay!: number | null;
  @ApiProperty({ type: [FlexStepSchema], nullable: true }) flexSteps!: FlexStepSchema[] | null;
  @Num({ nullable: true }) bolusDoseMcg!: number | null;
  @Int({ nullable: true }) maxBolusesPerDay!: number | null;
  @Num() programmedDoseMcgPerDay!: number;
  @Num() planningDoseMcgPerDay!: number;
  @Strings() warnings!: string[];
  @Strings({ description: 'guard-rail codes a reason lifted' }) overridden!: string[];
  @Str({ nullable: true }) overrideReason!: string | null;
  @Str({ nullable: true }) notes!: string | null;
  @Uuid() createdBy!: string;
  @Uuid({ nullable: true }) verifiedBy!: string | null;
  @Instant({ nullable: true }) verifiedAt!: string | null;
  @Instant() createdAt!: string;
  @Int() version!: number;
}

export class RefillSchema implements RefillDto {
  @Uuid() id!: string;
  @Uuid() pumpId!: string;
  @Instant() at!: string;
  @Num({ nullable: true }) actualResidualMl!: number | null;
  @Num() volumeAddedMl!: number;
  @Num() concentrationMcgPerMl!: number;
  @Num({ nullable: true }) programmedConcentrationMcgPerMl!: number | null;
  @Bool({ nullable: true }) needlePositionConfirmed!: boolean | null;
  @Uuid({ nullable: true }) drugLibraryId!: string | null;
  @Int({ nullable: true }) beyondUseDays!: number | null;
  @Num({ nullable: true }) expectedResidualMl!: number | null;
  @Num({ nullable: true }) expectedDeliveredMl!: number | null;
  @Num({ nullable: true }) discrepancyMl!: number | null;
  @Num({ nullable: true }) discrepancyPct!: number | null;
  @Num({ nullable: true }) discrepancyThresholdMl!: number | null;
  @Enum(DISCREPANCY_KINDS) discrepancy!: DiscrepancyKind;
  @Bool() initialFill!: boolean;
  @Strings() warnings!: string[];
  @Uuid({ nullable: true }) secondCheckerId!: string | null;
  @Num({ nullable: true }) measuredRateFactor!: number | null;
  @Bool() discrepancyAcknowledged!: boolean;
  @Str({ nullable: true }) lotNumber!: string | null;
  @LocalDate({ nullable: true }) lotExpiry!: string | null;
  @Num({ nullable: true }) bridgeBolusMcg!: number | null;
  @Str({ nullable: true }) notes!: string | null;
  @Uuid() recordedBy!: string;
  @Instant() createdAt!: string;
}

export class AppointmentProjectionSchema implements AppointmentProjectionDto {
  @LocalDate() refillDueDate!: string;
  @Str() refillDueReason!: string;
  @Instant({ nullable: true }) lowReservoirAlarmAt!: string | null;
  @Instant({ nullable: true }) worstCaseLowReservoirAlarmAt!: string | null;
}

export class AppointmentSchema implements AppointmentDto {
  @Uuid() id!: string;
  @Uuid() pumpId!: string;
  @Instant() at!: string;
  @Enum(['refill']) kind!: 'refill';
  @Enum(APPOINTMENT_STATUSES) status!: AppointmentStatus;
  @Uuid({ nullable: true }) refillId!: string | null;
  @Str({ nullable: true }) notes!: string | null;
  @Uuid() createdBy!: string;
  @Instant() createdAt!: string;
  @Instant() updatedAt!: string;
  @Int() version!: number;
  @ApiProperty({ type: [AlarmRefSchema], required: false, description: 'on booking only' })
  alarms?: AlarmRefSchema[];
  @ApiProperty({ type: AppointmentProjectionSchema, required: false, nullable: true, description: 'on booking only' })
  projection?: AppointmentProjectionSchema | null;
}

export class PumpEventSchema implements PumpEventDto {
  @Uuid() id!: string;
  @Uuid() pumpId!: string;
  @Enum(PUMP_EVENT_TYPES) type!: PumpEventType;
  @Instant() at!: string;
  @Str({ nullable: true }) notes!: string | null;
  @Uuid() recordedBy!: string;
  @Instant() createdAt!: string;
}
