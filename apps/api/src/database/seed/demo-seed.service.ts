import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  checkRefill,
  DEFAULT_POLICY,
  localDate,
  addCalendarDays,
  planningDoseMcgPerDay,
  programmedDoseMcgPerDay,
  type DoseProgram,
} from '@pumpwatch/domain';
import bcrypt from 'bcryptjs';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { snapshot } from '../../common/db/write';
import { PumpChanges } from '../../common/pump-changes';
import { AppointmentEntity } from '../../modules/appointments/appointment.entity';
import { AuditService } from '../../modules/audit/audit.service';
import { ClinicSettingsEntity } from '../../modules/clinic-settings/clinic-settings.entity';
import { DoseProgramEntity } from '../../modules/dose-programs/dose-program.entity';
import { DrugLibraryEntity } from '../../modules/drug-library/drug-library.entity';
import { PatientEntity } from '../../modules/patients/patient.entity';
import { isHighRisk } from '../../modules/patients/patient.mapper';
import { PumpEventEntity } from '../../modules/pump-events/pump-event.entity';
import { PumpEntity } from '../../modules/pumps/pump.entity';
import { defaultLowReservoirAlarmMl } from '../../modules/pumps/pump-model';
import { RefillEntity } from '../../modules/refills/refill.entity';
import { UserEntity } from '../../modules/users/user.entity';
import { DEMO_PATIENTS, type DemoPatient } from './demo-plan';

export const DEMO_PASSWORD = 'pumpwatch-demo';
const DAY_MS = 86_400_000;
const SEED_LOCK = 734_203;
const TIME_ZONE = 'Europe/London';

const DEMO_USERS = [
  { email: 'nurse@demo.pumpwatch.local', name: 'Nina Patel, RN', role: 'nurse' },
  { email: 'physician@demo.pumpwatch.local', name: 'Dr Omar Haddad', role: 'physician' },
  { email: 'staff@demo.pumpwatch.local', name: 'Sam Reed (front desk)', role: 'staff' },
  { email: 'admin@demo.pumpwatch.local', name: 'Alex Morgan (admin)', role: 'admin' },
] as const;

const DRUGS = [
  { name: 'Lioresal Intrathecal 500 mcg/mL', concentrationMcgPerMl: 500, maxRefillIntervalDays: 180 },
  { name: 'Lioresal Intrathecal 1000 mcg/mL (diluted)', concentrationMcgPerMl: 1000, maxRefillIntervalDays: 180 },
  { name: 'Lioresal Intrathecal 2000 mcg/mL', concentrationMcgPerMl: 2000, maxRefillIntervalDays: 180 },
  {
    name: 'Gablofen 50 mcg/mL (screening)',
    concentrationMcgPerMl: 50,
    screeningOnly: true,
    maxRefillIntervalDays: 180,
  },
  { name: 'Compounded baclofen 3000 mcg/mL', concentrationMcgPerMl: 3000, compounded: true, maxRefillIntervalDays: 60 },
];

/** Seeds the demo clinic on an empty database (no users): users, settings, drug library, 18 patients. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changes: PumpChanges,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    const pumpIds = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if ((await m.count(UserEntity)) > 0) return null;
      return this.seed(m);
    });
    if (!pumpIds) return false;
    for (const id of pumpIds) await this.changes.notify(id);
    this.logger.log(`Demo clinic seeded: ${DEMO_USERS.length} users, ${DEMO_PATIENTS.length} patients`);
    return true;
  }

  private async seed(m: EntityManager): Promise<string[]> {
    const now = this.clock.now();
    const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
    const users = {} as Record<(typeof DEMO_USERS)[number]['role'], UserEntity>;
    for (const u of DEMO_USERS) users[u.role] = await m.save(m.create(UserEntity, { ...u, passwordHash }));
    await m.save(
      m.create(ClinicSettingsEntity, {
        id: 1,
        clinicName: 'Northfield Spasticity Clinic (demo)',
        timeZone: TIME_ZONE,
        phone: '+44 20 7946 0000',
        outOfHoursPhone: '+44 20 7946 0999',
        workingDays: [1, 2, 3, 4, 5],
        openingTime: '09:00',
        closingTime: '16:00',
        policy: { ...DEFAULT_POLICY },
      }),
    );
    const drugs = await m.save(DRUGS.map((d) => m.create(DrugLibraryEntity, d)));
    await this.audit.append(m, {
      userId: null,
      action: 'seed.demo',
      entityType: 'clinic',
      entityId: 'demo',
      after: { users: DEMO_USERS.map((u) => u.email), drugs: drugs.map((d) => d.name), patients: DEMO_PATIENTS.length },
    });
    const pumpIds: string[] = [];
    for (const plan of DEMO_PATIENTS) pumpIds.push(await this.seedPatient(m, plan, now, users, drugs));
    return pumpIds;
  }

  private async seedPatient(
    m: EntityManager,
    plan: DemoPatient,
    now: Date,
    users: Record<'nurse' | 'physician' | 'staff' | 'admin', UserEntity>,
    drugs: DrugLibraryEntity[],
  ): Promise<string> {
    const at = (days: number) => new Date(Math.round((now.getTime() + days * DAY_MS) / 60_000) * 60_000);
    const patient = await m.save(
      m.create(PatientEntity, {
        mrn: plan.mrn,
        givenName: plan.givenName,
        familyName: plan.familyName,
        birthDate: plan.birthDate,
        spasticityOrigin: plan.spasticityOrigin,
        riskFactors: plan.riskFactors,
        highRisk: isHighRisk(plan.riskFactors),
        notes: `Demo: ${plan.state}`,
        screeningDoseMcg: plan.screeningDoseMcg ?? null,
      }),
    );
    const lowReservoirAlarmMl = plan.pump.lowReservoirAlarmMl ?? defaultLowReservoirAlarmMl(plan.pump.model);
    const pump = await m.save(
      m.create(PumpEntity, {
        patientId: patient.id,
        model: plan.pump.model,
        serialNumber: `${plan.pump.model.startsWith('Prometra') ? 'PRM' : 'NGP'}${plan.mrn.slice(-3)}${plan.birthDate.slice(2, 4)}`,
        reservoirCapacityMl: plan.pump.reservoirCapacityMl,
        lowReservoirAlarmMl,
        implantedAt: at(-plan.pump.implantedYearsAgo * 365.25),
        catheterModel: 'Ascenda 8781',
        catheterVolumeMl: 0.22,
        eriDate: plan.pump.eriInDays ? addCalendarDays(localDate(now.getTime(), TIME_ZONE), plan.pump.eriInDays) : null,
        worstCaseFactor: plan.pump.worstCaseFactor ?? null,
        eriReportedAt: null,
      }),
    );

    // Program shape (basal or flex) at the current dose; the earlier program ran at 85 % of it.
    const shape = (scale: number): Pick<DoseProgram, 'basalDoseMcgPerDay' | 'flexSteps'> =>
      plan.flex
        ? { flexSteps: plan.flex.map((s) => ({ ...s, doseRateMcgPerHour: Math.round(s.doseRateMcgPerHour * scale) })) }
        : { basalDoseMcgPerDay: Math.round(plan.doseMcgPerDay * scale) };
    const current: DoseProgram = { effectiveAt: '', ...shape(1), ...plan.bolus };
    const rateMlPerDay = planningDoseMcgPerDay(current) / plan.concentrationMcgPerMl;
    const daysAlarmAfterFill = (plan.fillMl - lowReservoirAlarmMl) / rateMlPerDay;
    const lastFillDaysAgo = daysAlarmAfterFill - plan.daysToAlarm;
    const intervalDays = Math.max(21, Math.min(90, daysAlarmAfterFill - 10));
    const refillDays = [3, 2, 1].map((k) => -(lastFillDaysAgo + k * intervalDays)).concat(-lastFillDaysAgo);

    const programs: { effectiveAt: Date; program: Pick<DoseProgram, 'basalDoseMcgPerDay' | 'flexSteps'> }[] = [
      { effectiveAt: at(refillDays[0] - 1), program: shape(0.85) },
      { effectiveAt: at(refillDays[2] + 1), program: shape(1) },
    ];
    if (plan.unverifiedDoseChange) programs.push({ effectiveAt: at(-2), program: shape(1.1) });
    for (const later of plan.laterPrograms ?? [])
      programs.push({ effectiveAt: at(-later.daysAgo), program: shape(later.scale) });
    const savedPrograms: DoseProgramEntity[] = [];
    for (const [i, p] of programs.entries()) {
      const unverified = plan.unverifiedDoseChange && i === programs.length - 1;
      savedPrograms.push(
        await m.save(
          m.create(DoseProgramEntity, {
            pumpId: pump.id,
            effectiveAt: p.effectiveAt,
            basalDoseMcgPerDay: p.program.basalDoseMcgPerDay ?? null,
            flexSteps: p.program.flexSteps ?? null,
            bolusDoseMcg: plan.bolus?.bolusDoseMcg ?? null,
            maxBolusesPerDay: plan.bolus?.maxBolusesPerDay ?? null,
            programmedDoseMcgPerDay: programmedDoseMcgPerDay(p.program),
            createdBy: users.physician.id,
            verifiedBy: unverified ? null : users.nurse.id,
            verifiedAt: unverified ? null : p.effectiveAt,
            createdAt: p.effectiveAt,
          }),
        ),
      );
    }
    const enginePrograms = savedPrograms
      .filter((p) => p.effectiveAt.getTime() <= now.getTime())
      .map((p) => ({
        effectiveAt: p.effectiveAt.toISOString(),
        ...(p.flexSteps ? { flexSteps: p.flexSteps } : { basalDoseMcgPerDay: p.basalDoseMcgPerDay! }),
        bolusDoseMcg: p.bolusDoseMcg,
        maxBolusesPerDay: p.maxBolusesPerDay,
      }));

    const drug = drugs.find((d) => d.concentrationMcgPerMl === plan.concentrationMcgPerMl)!;
    let previous: RefillEntity | null = null;
    for (const [i, days] of refillDays.entries()) {
      const refillAt = at(days);
      const isLast = i === refillDays.length - 1;
      let check = null;
      let actualResidualMl = 0;
      if (previous) {
        const prior: RefillEntity = previous;
        const checkWith = (residualMl: number) =>
          checkRefill({
            timeZone: TIME_ZONE,
            pump: { reservoirCapacityMl: plan.pump.reservoirCapacityMl, lowReservoirAlarmMl },
            lastRefill: {
              at: prior.at.toISOString(),
              reservoirVolumeAfterMl: prior.volumeAddedMl,
              concentrationMcgPerMl: prior.concentrationMcgPerMl,
            },
            dosePrograms: enginePrograms,
            refill: {
              at: refillAt.toISOString(),
              actualResidualMl: residualMl,
              volumeAddedMl: plan.fillMl,
              concentrationMcgPerMl: plan.concentrationMcgPerMl,
            },
          });
        // the aspirated residual = the engine's expectation ± a little syringe noise (or the planned discrepancy)
        const noise = [0.2, -0.1, 0.3, 0][i];
        const offsetMl = isLast ? (plan.lastRefillDiscrepancyMl ?? noise) : noise;
        actualResidualMl = Math.max(0, Math.round((checkWith(0).expectedResidualMl + offsetMl) * 10) / 10);
        check = checkWith(actualResidualMl);
      }
      previous = await m.save(
        m.create(RefillEntity, {
          pumpId: pump.id,
          at: refillAt,
          actualResidualMl,
          volumeAddedMl: plan.fillMl,
          concentrationMcgPerMl: plan.concentrationMcgPerMl,
          programmedConcentrationMcgPerMl: plan.concentrationMcgPerMl,
          needlePositionConfirmed: true,
          drugLibraryId: drug.id,
          beyondUseDays: drug.maxRefillIntervalDays,
          expectedResidualMl: check?.expectedResidualMl ?? null,
          expectedDeliveredMl: check?.expectedDeliveredMl ?? null,
          discrepancyMl: check?.discrepancyMl ?? null,
          discrepancyPct: check?.discrepancyPct ?? null,
          discrepancyThresholdMl: check?.discrepancyThresholdMl ?? null,
          discrepancy: check?.discrepancy ?? 'NONE',
          initialFill: !check,
          warnings: check?.warnings ?? [],
          measuredRateFactor: check?.measuredRateFactor ?? null,
          // a seeded discrepancy was re-checked at the time, as the refill form requires
          discrepancyAcknowledged: (check?.discrepancy ?? 'NONE') !== 'NONE',
          secondCheckerId: users.physician.id,
          lotNumber: `LOT-${plan.mrn.slice(-3)}${i}`,
          recordedBy: users.nurse.id,
          createdAt: refillAt,
        }),
      );
      // past visits were booked and completed by the refill
      await m.save(
        m.create(AppointmentEntity, {
          pumpId: pump.id,
          at: refillAt,
          status: 'completed',
          refillId: previous.id,
          createdBy: users.staff.id,
        }),
      );
    }

    if (plan.appointmentInDays !== undefined) {
      await m.save(
        m.create(AppointmentEntity, { pumpId: pump.id, at: at(plan.appointmentInDays), createdBy: users.staff.id }),
      );
    }
    if (plan.appointmentMissedDaysAgo !== undefined) {
      await m.save(
        m.create(AppointmentEntity, {
          pumpId: pump.id,
          at: at(-plan.appointmentMissedDaysAgo),
          status: 'missed',
          createdBy: users.staff.id,
        }),
      );
    }
    for (const e of plan.events ?? []) {
      const eventAt = at(-e.daysAgo);
      await m.save(
        m.create(PumpEventEntity, { pumpId: pump.id, type: e.type, at: eventAt, recordedBy: users.nurse.id }),
      );
      if (e.type === 'ERI_REPORTED') pump.eriReportedAt = eventAt;
      if (e.type === 'MRI') pump.mriCheckDue = true;
      if (e.type === 'MOTOR_STALL' || e.type === 'PUMP_STOPPED') pump.therapyInterrupted = true;
      if (e.type === 'RESTARTED') pump.therapyInterrupted = false;
    }
    if (plan.events?.length) await m.save(pump);

    await this.audit.append(m, {
      userId: null,
      action: 'seed.patient',
      entityType: 'patient',
      entityId: patient.id,
      after: { patient: snapshot(patient), pump: snapshot(pump), state: plan.state },
    });
    return pump.id;
  }
}
