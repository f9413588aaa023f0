import type { DateFormat } from '@pumpwatch/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Single-row table (id = 1): the clinic's zone, contact numbers, hours and every engine [policy] value. */
@Entity('clinic_settings')
export class ClinicSettingsEntity {
  @PrimaryColumn({ type: 'int', default: 1 })
  id!: number;

  @Column({ type: 'text' })
  clinicName!: string;

  @Column({ type: 'text' })
  timeZone!: string;

  /** How dates are typed in forms (one of DATE_FORMATS); the browser's locale never decides. */
  @Column({ type: 'text', default: 'DD/MM/YYYY' })
  dateFormat!: DateFormat;

  @Column({ type: 'text', default: '' })
  phone!: string;

  @Column({ type: 'text', default: '' })
  outOfHoursPhone!: string;

  /** ISO weekdays the clinic books refills on (1 = Monday … 7 = Sunday). */
  @Column({ type: 'int', array: true, default: () => "'{1,2,3,4,5}'" })
  workingDays!: number[];

  @Column({ type: 'text', default: '09:00' })
  openingTime!: string;

  @Column({ type: 'text', default: '16:00' })
  closingTime!: string;

  /** Patient reminders go out this many days before a booked refill; null = no reminders. */
  @Column({ type: 'int', nullable: true })
  reminderDaysBefore!: number | null;

  /** Every engine policy field (packages/domain policy.ts) plus the alarm-lifecycle settings (docs/clinical). */
  @Column({ type: 'jsonb' })
  policy!: Record<string, number>;

  @VersionColumn()
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
