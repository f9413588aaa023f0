import { AlarmEntity } from '../modules/alarms/alarm.entity';
import { AppointmentEntity } from '../modules/appointments/appointment.entity';
import { AuditEntryEntity } from '../modules/audit/audit-entry.entity';
import { CalendarTokenEntity } from '../modules/calendar-feed/calendar-token.entity';
import { ClinicSettingsEntity } from '../modules/clinic-settings/clinic-settings.entity';
import { DoseProgramEntity } from '../modules/dose-programs/dose-program.entity';
import { DrugLibraryEntity } from '../modules/drug-library/drug-library.entity';
import { ImportEntity } from '../modules/imports/import.entity';
import { IdempotencyKeyEntity } from '../modules/idempotency/idempotency-key.entity';
import { PatientEntity } from '../modules/patients/patient.entity';
import { PumpEventEntity } from '../modules/pump-events/pump-event.entity';
import { PumpEvalStateEntity } from '../modules/projection/pump-eval-state.entity';
import { PumpEntity } from '../modules/pumps/pump.entity';
import { RefillEntity } from '../modules/refills/refill.entity';
import { TriageCallEntity } from '../modules/triage-calls/triage-call.entity';
import { UserEntity } from '../modules/users/user.entity';

/** Every TypeORM entity, listed explicitly so source (tests) and build (runtime) load the same set. */
export const ENTITIES: Function[] = [
  UserEntity,
  ClinicSettingsEntity,
  DrugLibraryEntity,
  PatientEntity,
  PumpEntity,
  DoseProgramEntity,
  RefillEntity,
  AppointmentEntity,
  PumpEventEntity,
  AlarmEntity,
  AuditEntryEntity,
  IdempotencyKeyEntity,
  CalendarTokenEntity,
  PumpEvalStateEntity,
  TriageCallEntity,
  ImportEntity,
];
