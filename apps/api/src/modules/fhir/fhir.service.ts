import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { DataSource, In, Not } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AlarmEntity } from '../alarms/alarm.entity';
import { AppointmentEntity } from '../appointments/appointment.entity';
import { DoseProgramEntity } from '../dose-programs/dose-program.entity';
import { PatientEntity } from '../patients/patient.entity';
import { PumpEntity } from '../pumps/pump.entity';
import { RefillEntity } from '../refills/refill.entity';
import { patientEverything, toFhirPatient, type PatientRecord } from './fhir-bundle';

/** Read-only FHIR R4 views of stored records (no FHIR storage: every export is built from the tables). */
@Injectable()
export class FhirService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async patient(id: string): Promise<Patient> {
    return toFhirPatient(await this.loadPatient(id));
  }

  async everything(id: string): Promise<Bundle> {
    const patient = await this.loadPatient(id);
    const m = this.dataSource.manager;
    const pumps = await m.find(PumpEntity, { where: { patientId: id }, order: { implantedAt: 'ASC' } });
    const pumpIds = pumps.map((p) => p.id);
    const [programs, refills, alarms, appointments] = await Promise.all([
      m.find(DoseProgramEntity, {
        where: { pumpId: In(pumpIds) },
        order: { pumpId: 'ASC', effectiveAt: 'ASC', createdAt: 'ASC' },
      }),
      m.find(RefillEntity, { where: { pumpId: In(pumpIds) }, order: { pumpId: 'ASC', at: 'ASC', createdAt: 'ASC' } }),
      m.find(AlarmEntity, { where: { patientId: id, status: Not('resolved') }, order: { raisedAt: 'ASC' } }),
      m.find(AppointmentEntity, { where: { pumpId: In(pumpIds) }, order: { at: 'ASC' } }),
    ]);
    const rec: PatientRecord = { patient, pumps, programs, refills, alarms, appointments };
    return patientEverything(rec, this.clock.now());
  }

  private async loadPatient(id: string): Promise<PatientEntity> {
    assertUuid(id, 'patient');
    const patient = await this.dataSource.manager.findOneBy(PatientEntity, { id });
    if (!patient) throw new DomainError('NOT_FOUND', `No patient with id ${id}`);
    return patient;
  }
}
