import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` comes back as a string; clinical quantities travel as JSON numbers. */
export const numericTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};

/** A clinical quantity: exact `numeric` storage, number in code. */
export const NumericColumn = (opts: ColumnOptions = {}) =>
  Column({ type: 'numeric', transformer: numericTransformer, ...opts });

export const InstantColumn = (opts: ColumnOptions = {}) => Column({ type: 'timestamptz', ...opts });

/** `date` as the YYYY-MM-DD string (no JS Date, no time-zone shift). */
export const LocalDateColumn = (opts: ColumnOptions = {}) => Column({ type: 'date', ...opts });
