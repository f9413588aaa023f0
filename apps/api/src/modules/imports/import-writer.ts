import type { ImportPreviewItem } from '@pumpwatch/contracts';
import type { EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { snapshot } from '../../common/db/write';
import { alarmPolicy } from '../alarms/alarm-policy';
import { loadAlarmBatch } from '../alarms/alarm-batch.loader';
import { desiredAlarms } from '../alarms/desired-alarms';
import { AppointmentEntity } from '../appointments/appointment.entity';
import type { AuditInput } from '../audit/audit.service';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { DoseProgramEntity } from '../dose-programs/dose-program.entity';
import { PatientEntity } from '../patients/patient.entity';
import { isHighRisk } from '../patients/patient.mapper';
import type { ProjectionService } from '../projection/projection.service';
import { PumpEntity } from '../pumps/pump.entity';
import { defaultLowReservoirAlarmMl } from '../pumps/pump-model';
import { RefillEntity } from '../refills/refill.entity';
import type { Plan } from './import-plan';

const INSERT_CHUNK = 1000;

async function insertAll<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<T[]> {
  // the insert fills each entity's generated columns (id, version, timestamps) in place
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await m
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  return rows;
}

/**
 * Writes a plan inside the caller's transaction and returns the audit entries for every created or updated
 * record (each `after` carries the importId). Imported programs are existing therapy recorded by the importer
 * and stay unverified until a second clinician verifies them; the last refill is a record of the past, without
 * the bedside fields (residual, needle check, second checker) that only a nurse at the pump can give.
 */
export async function writePlan(
  m: EntityManager,
  plan: Plan,
  actor: Actor,
  importId: string,
  library: { id: string; concentrationMcgPerMl: number; screeningOnly: boolean; maxRefillIntervalDays: number }[],
): Promise<AuditInput[]> {
  const audits: AuditInput[] = [];
  const audit = (action: string, entityType: string, row: { id: string }, before?: Record<string, unknown>) =>
    audits.push({
      userId: actor.id,
      action,
      entityType,
      entityId: row.id,
      ...(before ? { before } : {}),
      after: { ...snapshot(row), importId },
    });

  const newPatients = plan.patients.filter((p) => !p.existing);
  const created = await insertAll(
    m,
    PatientEntity,
    newPatients.map((p) =>
      m.create(PatientEntity, {
        mrn: p.source.mrn,
        givenName: p.source.givenName,
        familyName: p.source.familyName,
        birthDate: p.source.birthDate,
        spasticityOrigin: p.source.spasticityOrigin,
        riskFactors: p.source.riskFactors ?? [],
        highRisk: isHighRisk(p.source.riskFactors ?? []),
        screeningDoseMcg: p.source.screeningDoseMcg,
        phone: null,
        notes: p.source.notes,
      }),
    ),
  );
  created.forEach((row, i) => {
    newPatients[i].id = row.id;
    audit('patient.create', 'patient', row);
  });
  for (const p of plan.patients.filter((x) => x.existing)) {
    p.id = p.existing!.id;
    if (!p.changes) continue;
    const before = snapshot(p.existing!);
    const row = Object.assign(p.existing!, p.changes);
    row.highRisk = isHighRisk(row.riskFactors);
    audit('patient.update', 'patient', await m.save(row), before);
  }

  const newPumps = plan.rows.filter((r) => !r.existingPump);
  const pumps = await insertAll(
    m,
    PumpEntity,
    newPumps.map((r) =>
      m.create(PumpEntity, {
        patientId: r.patient.id!,
        model: r.row.pump.model,
        serialNumber: r.row.pump.serialNumber,
        reservoirCapacityMl: r.row.pump.reservoirCapacityMl,
        lowReservoirAlarmMl: r.row.pump.lowReservoirAlarmMl ?? defaultLowReservoirAlarmMl(r.row.pump.model),
        implantedAt: r.row.pump.implantedAt,
        manufacturedAt: null,
      }),
    ),
  );
  pumps.forEach((row, i) => {
    newPumps[i].pumpId = row.id;
    audit('pump.create', 'pump', row);
  });
  for (const r of plan.rows.filter((x) => x.existingPump)) {
    r.pumpId = r.existingPump!.id;
    if (!r.pumpChanges) continue;
    const before = snapshot(r.existingPump!);
    audit('pump.update', 'pump', await m.save(Object.assign(r.existingPump!, r.pumpChanges)), before);
  }

  const programs = await insertAll(
    m,
    DoseProgramEntity,
    plan.rows
      .filter((r) => r.createProgram)
      .map((r) =>
        m.create(DoseProgramEntity, {
          pumpId: r.pumpId!,
          effectiveAt: r.row.dose.effectiveAt,
          basalDoseMcgPerDay: r.row.dose.doseMcgPerDay,
          flexSteps: null,
          bolusDoseMcg: null,
          maxBolusesPerDay: null,
          programmedDoseMcgPerDay: r.row.dose.doseMcgPerDay,
          warnings: [],
          overridden: [],
          overrideReason: null,
          notes: 'Imported from the clinic spreadsheet at go-live',
          createdBy: actor.id,
          verifiedBy: null,
          verifiedAt: null,
        }),
      ),
  );
  programs.forEach((row) => audit('dose-program.create', 'dose-program', row));

  const refills = await insertAll(
    m,
    RefillEntity,
    plan.rows
      .filter((r) => r.createRefill)
      .map((r) => {
        // several products may share a strength: the shortest stability limit is the safe one
        const entry = library
          .filter((e) => e.concentrationMcgPerMl === r.row.refill.concentrationMcgPerMl && !e.screeningOnly)
          .sort((a, b) => a.maxRefillIntervalDays - b.maxRefillIntervalDays)[0];
        return m.create(RefillEntity, {
          pumpId: r.pumpId!,
          at: r.row.refill.at,
          actualResidualMl: null,
          volumeAddedMl: r.row.refill.volumeAfterMl,
          concentrationMcgPerMl: r.row.refill.concentrationMcgPerMl,
          programmedConcentrationMcgPerMl: null,
          needlePositionConfirmed: null,
          drugLibraryId: entry?.id ?? null,
          beyondUseDays: entry?.maxRefillIntervalDays ?? null,
          expectedResidualMl: null,
          expectedDeliveredMl: null,
          discrepancyMl: null,
          discrepancyPct: null,
          discrepancyThresholdMl: null,
          discrepancy: 'NONE',
          initialFill: !r.hasEarlierRefill,
          warnings: [],
          secondCheckerId: null,
          lotNumber: null,
          lotExpiry: null,
          bridgeBolusMcg: null,
          notes: 'Imported from the clinic spreadsheet at go-live',
          recordedBy: actor.id,
        });
      }),
  );
  refills.forEach((row) => audit('refill.create', 'refill', row));

  const appointments = await insertAll(
    m,
    AppointmentEntity,
    plan.rows
      .filter((r) => r.createAppointment)
      .map((r) =>
        m.create(AppointmentEntity, {
          pumpId: r.pumpId!,
          at: r.row.appointmentAt!,
          kind: 'refill',
          status: 'booked',
          refillId: null,
          notes: null,
          createdBy: actor.id,
        }),
      ),
  );
  appointments.forEach((row) => audit('appointment.create', 'appointment', row));
  return audits;
}

/**
 * What the board will show for each imported pump, read back inside the import's transaction exactly as the
 * alarm engine reads a pump (projection alarms and the stored-fact alarms such as DOSE_UNVERIFIED).
 */
export async function previewOf(
  m: EntityManager,
  plan: Plan,
  projection: ProjectionService,
  settings: ClinicSettings,
  now: Date,
): Promise<ImportPreviewItem[]> {
  const ids = plan.rows.map((r) => r.pumpId!);
  const batch = await loadAlarmBatch(m, ids, {
    now,
    timeZone: settings.timeZone,
    closingTime: settings.closingTime,
    unverifiedLookbackDays: alarmPolicy(settings).unverifiedLookbackDays,
  });
  const byPump = new Map(batch.map((b) => [b.ctx.pumpId, b]));
  return plan.rows.map((r) => {
    const b = byPump.get(r.pumpId!);
    const status = b ? projection.statusOf(b.ctx, now, settings) : null;
    const alarms = b ? desiredAlarms(b.ctx, status, b.facts, now, settings) : [];
    return {
      row: r.row.row,
      mrn: r.row.patient.mrn,
      pumpSerial: r.row.pump.serialNumber,
      refillDueDate: status?.refillDueDate ?? null,
      lowReservoirAlarmAt: status?.lowReservoirAlarmAt ?? null,
      alarms: alarms.map((a) => a.code),
    };
  });
}
