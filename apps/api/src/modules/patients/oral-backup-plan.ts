import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OralBackupPlanDto } from '@pumpwatch/contracts';
import { oralBackupPlanProblems } from '@pumpwatch/domain';
import { IsInt, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';

/** Body shape of a patient's oral backup plan; the clinical bounds are the engine's (422, in words). */
export class OralBackupPlanBody implements OralBackupPlanDto {
  @ApiProperty({ description: 'oral baclofen per intake, mg (more than 0, at most 30)', example: 10 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  doseMg!: number;

  @ApiProperty({ description: 'intakes a day, 1–6 (at most every 4 hours); at most 120 mg a day in all', example: 3 })
  @IsInt()
  timesPerDay!: number;

  @ApiPropertyOptional({ nullable: true, description: 'e.g. "until seen in the emergency department"' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  notes?: string | null;
}

/** The plan's columns on a patient row. */
export interface OralBackupColumns {
  oralBackupDoseMg: number | null;
  oralBackupTimesPerDay: number | null;
  oralBackupNotes: string | null;
}

export function oralBackupPlanOf(row: OralBackupColumns): OralBackupPlanDto | null {
  if (row.oralBackupDoseMg === null || row.oralBackupTimesPerDay === null) return null;
  return { doseMg: row.oralBackupDoseMg, timesPerDay: row.oralBackupTimesPerDay, notes: row.oralBackupNotes };
}

const same = (a: OralBackupPlanDto | null, b: OralBackupPlanDto | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.doseMg === b.doseMg &&
    a.timesPerDay === b.timesPerDay &&
    (a.notes?.trim() || null) === (b.notes?.trim() || null));

/**
 * Columns to write for a plan sent in a patient body: none when it was not sent. Prescribing is a physician's
 * decision (an admin may correct the record), so a nurse may send only the plan already on record (a form
 * re-sending what it read); a plan outside the engine's bounds is refused, with the reason in words.
 */
export function oralBackupColumns(
  actor: Actor,
  plan: OralBackupPlanDto | null | undefined,
  current: OralBackupPlanDto | null,
): Partial<OralBackupColumns> {
  if (plan === undefined) return {};
  if (actor.role !== 'physician' && actor.role !== 'admin' && !same(plan, current)) {
    throw new DomainError('FORBIDDEN', 'Only a physician (or an admin) may set the oral backup plan');
  }
  if (plan === null) return { oralBackupDoseMg: null, oralBackupTimesPerDay: null, oralBackupNotes: null };
  const problems = oralBackupPlanProblems(plan);
  if (problems.length) {
    throw new DomainError(
      'ORAL_BACKUP_PLAN_INVALID',
      `Oral backup plan: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      { errors: problems.map((p) => ({ field: `oralBackupPlan.${p.field}`, problems: [p.problem] })) },
    );
  }
  return {
    oralBackupDoseMg: plan.doseMg,
    oralBackupTimesPerDay: plan.timesPerDay,
    oralBackupNotes: plan.notes?.trim() || null,
  };
}
