import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { localDate, planningDoseMcgPerDay, type DoseProgram } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { DrugLibraryService } from '../drug-library/drug-library.service';
import { MANUFACTURER } from '../fhir/fhir-codes';
import { PatientEntity } from '../patients/patient.entity';
import type { PumpContext } from '../projection/pump-context';
import { ProjectionService } from '../projection/projection.service';
import { PumpEntity } from '../pumps/pump.entity';
import { RefillEntity } from '../refills/refill.entity';
import {
  NEVER_STOP,
  ORAL_BACKUP_CAUTIONS,
  ORAL_BACKUP_HEADING,
  ORAL_BACKUP_USE,
  oralBackupDirections,
  OVERDOSE_SIGNS,
  WHAT_TO_DO,
  WITHDRAWAL_SIGNS,
} from './emergency-card.text';
import { oralBackupPlanOf } from '../patients/oral-backup-plan';
import type { EmergencyCardDto, RefillSheetDto, ReportClinic } from '@pumpwatch/contracts';

const LAST_REFILLS_ON_SHEET = 3;

const REFILL_CHECKS = [
  'Drug and concentration on the vial match the prescription and the pump printout',
  'Programmed concentration = filled concentration',
  'Daily dose and flex/bolus settings on the printout match the current program',
  'Residual volume aspirated and recorded; compare with the expected residual above',
  'Needle position in the reservoir confirmed before injecting (not the pocket, not the catheter access port)',
  'Reservoir volume, low-reservoir alarm volume and alarm date programmed and read back',
];

const clinicOf = (s: ClinicSettings): ReportClinic => ({
  name: s.clinicName,
  timeZone: s.timeZone,
  phone: s.phone,
  outOfHoursPhone: s.outOfHoursPhone,
});

/** The program in force at `now` (programs arrive ordered by effectiveAt, then creation). */
function programNow(ctx: PumpContext, now: Date): PumpContext['programs'][number] | null {
  let found: PumpContext['programs'][number] | null = null;
  for (const p of ctx.programs) if (Date.parse(p.effectiveAt) <= now.getTime()) found = p;
  return found;
}

/** Printable data: the refill-visit sheet and the patient's emergency card. Engine numbers via ProjectionService. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly drugs: DrugLibraryService,
    private readonly clock: Clock,
  ) {}

  async refillSheet(pumpId: string): Promise<RefillSheetDto> {
    assertUuid(pumpId, 'pump');
    const m = this.dataSource.manager;
    const pump = await m.findOneBy(PumpEntity, { id: pumpId });
    if (!pump) throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    if (pump.explantedAt) throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted: no refill sheet');
    const [patient, ctx, settings, library, refills] = await Promise.all([
      m.findOneByOrFail(PatientEntity, { id: pump.patientId }),
      this.projection.context(pumpId),
      this.settings.get(),
      this.drugs.active(),
      m.find(RefillEntity, {
        where: { pumpId },
        order: { at: 'DESC', createdAt: 'DESC' },
        take: LAST_REFILLS_ON_SHEET,
      }),
    ]);
    const now = this.clock.now();
    const status = this.projection.statusOf(ctx, now, settings);
    const program = programNow(ctx, now);
    const concentration = ctx.lastRefill?.concentrationMcgPerMl ?? null;
    return {
      generatedAt: now.toISOString(),
      clinic: clinicOf(settings),
      patient: {
        id: patient.id,
        mrn: patient.mrn,
        givenName: patient.givenName,
        familyName: patient.familyName,
        birthDate: patient.birthDate,
        highRisk: patient.highRisk,
        riskFactors: patient.riskFactors,
      },
      pump: {
        id: pump.id,
        model: pump.model,
        manufacturer: MANUFACTURER[pump.model] ?? null,
        serialNumber: pump.serialNumber,
        reservoirCapacityMl: pump.reservoirCapacityMl,
        lowReservoirAlarmMl: pump.lowReservoirAlarmMl,
        catheterModel: pump.catheterModel,
        catheterVolumeMl: pump.catheterVolumeMl,
        implantedAt: pump.implantedAt.toISOString(),
      },
      currentProgram: program
        ? {
            effectiveAt: program.effectiveAt,
            basalDoseMcgPerDay: program.flexSteps ? null : (program.basalDoseMcgPerDay ?? null),
            flexSteps: program.flexSteps ?? null,
            bolusDoseMcg: program.bolusDoseMcg ?? null,
            maxBolusesPerDay: program.maxBolusesPerDay ?? null,
            programmedDoseMcgPerDay: program.programmedDoseMcgPerDay,
            planningDoseMcgPerDay: planningDoseMcgPerDay(program as DoseProgram),
            verified: await this.isVerified(program.id),
          }
        : null,
      concentrationMcgPerMl: concentration,
      drugName: library.find((d) => d.concentrationMcgPerMl === concentration)?.name ?? null,
      projection: status
        ? {
            expectedResidualNowMl: status.reservoirNowMl,
            rateMlPerDay: status.rateMlPerDay,
            lowReservoirAlarmAt: status.lowReservoirAlarmAt,
            worstCaseLowReservoirAlarmAt: status.worstCaseLowReservoirAlarmAt,
            refillDueDate: status.refillDueDate,
            refillDueReason: status.refillDueReason,
          }
        : null,
      nextAppointmentAt: ctx.nextAppointmentAt?.toISOString() ?? null,
      lastRefills: refills.map((r) => ({
        at: r.at.toISOString(),
        actualResidualMl: r.actualResidualMl,
        expectedResidualMl: r.expectedResidualMl,
        volumeAddedMl: r.volumeAddedMl,
        concentrationMcgPerMl: r.concentrationMcgPerMl,
        discrepancyMl: r.discrepancyMl,
        discrepancy: r.discrepancy,
        lotNumber: r.lotNumber,
      })),
      checks: REFILL_CHECKS,
      signatures: [
        { role: 'nurse', label: 'Nurse performing the refill' },
        { role: 'second-checker', label: 'Second checker' },
      ],
    };
  }

  async emergencyCard(patientId: string): Promise<EmergencyCardDto> {
    assertUuid(patientId, 'patient');
    const m = this.dataSource.manager;
    const patient = await m.findOneBy(PatientEntity, { id: patientId });
    if (!patient) throw new DomainError('NOT_FOUND', `No patient with id ${patientId}`);
    const pumps = await m.find(PumpEntity, { where: { patientId }, order: { implantedAt: 'DESC' } });
    const active = pumps.filter((p) => !p.explantedAt);
    const [contexts, settings, library] = await Promise.all([
      this.projection.contexts(active.map((p) => p.id)),
      this.settings.get(),
      this.drugs.active(),
    ]);
    const now = this.clock.now();
    const today = localDate(now.getTime(), settings.timeZone);
    const ctxBy = new Map(contexts.map((c) => [c.pumpId, c]));
    return {
      generatedAt: now.toISOString(),
      clinic: clinicOf(settings),
      patient: {
        id: patient.id,
        mrn: patient.mrn,
        givenName: patient.givenName,
        familyName: patient.familyName,
        birthDate: patient.birthDate,
      },
      pumps: active.map((pump) => {
        const ctx = ctxBy.get(pump.id)!;
        const status = this.projection.statusOf(ctx, now, settings);
        const concentration = ctx.lastRefill?.concentrationMcgPerMl ?? null;
        const appointmentDate = ctx.nextAppointmentAt
          ? localDate(ctx.nextAppointmentAt.getTime(), settings.timeZone)
          : null;
        return {
          pumpId: pump.id,
          model: pump.model,
          manufacturer: MANUFACTURER[pump.model] ?? null,
          serialNumber: pump.serialNumber,
          drugName: library.find((d) => d.concentrationMcgPerMl === concentration)?.name ?? 'Baclofen intrathecal',
          concentrationMcgPerMl: concentration,
          dailyDoseMcgPerDay: programNow(ctx, now)?.programmedDoseMcgPerDay ?? null,
          refillDueDate: status?.refillDueDate ?? null,
          nextAppointmentAt: ctx.nextAppointmentAt?.toISOString() ?? null,
          nextRefillDate: appointmentDate ?? status?.refillDueDate ?? null,
          // the worklist's rule: overdue from the day after the due date, in the clinic's own calendar
          overdueSince: status && today > status.refillDueDate ? status.refillDueDate : null,
        };
      }),
      oralBackupPlan: oralBackupCard(patient),
      warning: NEVER_STOP,
      withdrawalSigns: WITHDRAWAL_SIGNS,
      overdoseSigns: OVERDOSE_SIGNS,
      whatToDo: WHAT_TO_DO,
    };
  }

  /** Second-clinician verification of the program (the sheet shows it so the checker can insist). */
  private async isVerified(programId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(`SELECT verified_by IS NOT NULL AS v FROM dose_programs WHERE id = $1`, [
      programId,
    ])) as { v: boolean }[];
    return row?.v ?? false;
  }
}

/** The oral backup plan as the card prints it (null: no plan documented, nothing printed). */
function oralBackupCard(patient: PatientEntity): EmergencyCardDto['oralBackupPlan'] {
  const plan = oralBackupPlanOf(patient);
  if (!plan) return null;
  return {
    ...plan,
    heading: ORAL_BACKUP_HEADING,
    directions: oralBackupDirections(plan),
    use: ORAL_BACKUP_USE,
    cautions: (['RENAL_IMPAIRMENT', 'CNS_DEPRESSANTS'] as const)
      .filter((f) => patient.riskFactors.includes(f))
      .map((f) => ORAL_BACKUP_CAUTIONS[f]),
  };
}
