import { zodResolver } from '@hookform/resolvers/zod';
import type { CreateDoseProgramRequest, DoseProgramDto, PatientDto, PumpDto } from '@pumpwatch/contracts';
import {
  checkDoseChange,
  DOSE_OVERRIDABLE_CODES,
  planningDoseMcgPerDay,
  programmedDoseMcgPerDay,
  roundRateMlPerDay,
  type DoseChangeOutput,
  type Policy,
} from '@pumpwatch/domain';
import { useMemo } from 'react';
import { useFieldArray, useForm, useWatch, type DeepPartial } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '../../../components/ui/Field';
import { ApiError, errorCodes } from '../../../lib/api-client';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { formatConcentration, formatInstant, formatMcgPerDay, formatMlPerDay } from '../../../lib/format';
import { parseNumber } from '../../../lib/numbers';

const MINUTES_PER_DAY = 1440;
const OVERRIDABLE = new Set<string>(DOSE_OVERRIDABLE_CODES);

const stepSchema = z.object({ durationMinutes: z.string(), doseRateMcgPerHour: z.string() });
const schema = z.object({
  mode: z.enum(['simple', 'flex']),
  basalDoseMcgPerDay: z.string(),
  flexSteps: z.array(stepSchema),
  bolusDoseMcg: z.string(),
  maxBolusesPerDay: z.string(),
  overrideReason: z.string().max(2000),
  notes: z.string().max(2000),
});
export type DoseFormValues = z.infer<typeof schema>;

export interface DoseFormProps {
  pump: PumpDto;
  patient: PatientDto;
  programs: DoseProgramDto[];
  concentrationMcgPerMl: number | null;
  timeZone: string;
  policy?: Policy;
  nowIso: string;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: CreateDoseProgramRequest) => void;
}

/** Program in force now: the latest effectiveAt ≤ now (ties: the later-created wins, as in the engine). */
export function currentProgram(programs: DoseProgramDto[], nowIso: string): DoseProgramDto | null {
  const inForce = programs
    .filter((p) => p.effectiveAt <= nowIso)
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.createdAt.localeCompare(b.createdAt));
  return inForce.at(-1) ?? null;
}

interface Proposal {
  programmedMcgPerDay: number | null;
  planningMcgPerDay: number | null;
  problem: string | null;
}

function proposal(v: DeepPartial<DoseFormValues>): Proposal {
  const bolus = parseNumber(v.bolusDoseMcg);
  const maxBoluses = parseNumber(v.maxBolusesPerDay);
  try {
    let program: { basalDoseMcgPerDay?: number; flexSteps?: { durationMinutes: number; doseRateMcgPerHour: number }[] };
    if (v.mode === 'flex') {
      const steps = (v.flexSteps ?? []).map((s) => ({
        durationMinutes: parseNumber(s?.durationMinutes),
        doseRateMcgPerHour: parseNumber(s?.doseRateMcgPerHour),
      }));
      if (steps.length === 0 || steps.some((s) => s.durationMinutes === null || s.doseRateMcgPerHour === null)) {
        return {
          programmedMcgPerDay: null,
          planningMcgPerDay: null,
          problem: 'Enter a duration and a rate for every step.',
        };
      }
      program = { flexSteps: steps as { durationMinutes: number; doseRateMcgPerHour: number }[] };
    } else {
      const basal = parseNumber(v.basalDoseMcgPerDay);
      if (basal === null) return { programmedMcgPerDay: null, planningMcgPerDay: null, problem: null };
      program = { basalDoseMcgPerDay: basal };
    }
    const programmed = programmedDoseMcgPerDay(program);
    const planning = planningDoseMcgPerDay({
      effectiveAt: '',
      ...program,
      bolusDoseMcg: bolus,
      maxBolusesPerDay: maxBoluses,
    });
    return { programmedMcgPerDay: programmed, planningMcgPerDay: planning, problem: null };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'DOSE_INVALID';
    return { programmedMcgPerDay: null, planningMcgPerDay: null, problem: words(DOSE_CODE_WORDS, code) };
  }
}

export function DoseForm(props: DoseFormProps) {
  const current = currentProgram(props.programs, props.nowIso);
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors },
  } = useForm<DoseFormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      mode: 'simple',
      basalDoseMcgPerDay: '',
      flexSteps: [{ durationMinutes: String(MINUTES_PER_DAY), doseRateMcgPerHour: '' }],
      bolusDoseMcg: '',
      maxBolusesPerDay: '',
      overrideReason: '',
      notes: '',
    },
  });
  const steps = useFieldArray({ control, name: 'flexSteps' });
  const values = useWatch({ control });
  const prop = useMemo(() => proposal(values), [values]);

  // Guard rails with and without the typed reason: the first tells whether a reason is needed at all.
  const check = useMemo(() => {
    if (prop.programmedMcgPerDay === null) return null;
    const input = {
      now: props.nowIso,
      patient: {
        spasticityOrigin: props.patient.spasticityOrigin,
        implantedAt: props.pump.implantedAt,
        pediatric: props.patient.pediatric,
      },
      current: current ? { doseMcgPerDay: current.programmedDoseMcgPerDay, changedAt: current.effectiveAt } : null,
      proposedDoseMcgPerDay: prop.programmedMcgPerDay,
      policy: props.policy ?? null,
    };
    try {
      const bare: DoseChangeOutput = checkDoseChange(input);
      const withReason: DoseChangeOutput = checkDoseChange({
        ...input,
        override: { reason: values.overrideReason ?? '' },
      });
      return { bare, withReason };
    } catch {
      return null;
    }
  }, [prop.programmedMcgPerDay, props, current, values.overrideReason]);

  const needsOverride = !!check && check.bare.errors.some((c) => OVERRIDABLE.has(c));
  const blocked = !!check && check.bare.errors.some((c) => !OVERRIDABLE.has(c));
  const rate =
    prop.planningMcgPerDay !== null && props.concentrationMcgPerMl
      ? roundRateMlPerDay(prop.planningMcgPerDay / props.concentrationMcgPerMl)
      : null;

  const serverCodes = props.serverError instanceof ApiError ? errorCodes(props.serverError) : [];

  const submit = (v: DoseFormValues) => {
    if (prop.problem || prop.programmedMcgPerDay === null) {
      setError(v.mode === 'flex' ? 'flexSteps' : 'basalDoseMcgPerDay', {
        message: prop.problem ?? 'Enter the new dose.',
      });
      return;
    }
    if (blocked) return;
    if (needsOverride && !v.overrideReason.trim()) {
      setError('overrideReason', { message: DOSE_CODE_WORDS.OVERRIDE_REASON_REQUIRED });
      return;
    }
    const body: CreateDoseProgramRequest =
      v.mode === 'flex'
        ? {
            flexSteps: v.flexSteps.map((s) => ({
              durationMinutes: parseNumber(s.durationMinutes)!,
              doseRateMcgPerHour: parseNumber(s.doseRateMcgPerHour)!,
            })),
          }
        : { basalDoseMcgPerDay: parseNumber(v.basalDoseMcgPerDay)! };
    const bolus = parseNumber(v.bolusDoseMcg);
    const maxBoluses = parseNumber(v.maxBolusesPerDay);
    if (bolus !== null) body.bolusDoseMcg = bolus;
    if (maxBoluses !== null) body.maxBolusesPerDay = maxBoluses;
    if (needsOverride) body.override = { reason: v.overrideReason.trim() };
    if (v.notes.trim()) body.notes = v.notes.trim();
    props.onSubmit(body);
  };

  const totalMinutes = (values.flexSteps ?? []).reduce((s, x) => s + (parseNumber(x?.durationMinutes) ?? 0), 0);

  return (
    <form className="card form" noValidate onSubmit={handleSubmit(submit)} aria-label="Change dose">
      <p>
        Current dose:{' '}
        {current ? (
          <strong data-testid="current-dose">
            {formatMcgPerDay(current.programmedDoseMcgPerDay)} since{' '}
            {formatInstant(current.effectiveAt, props.timeZone)}
          </strong>
        ) : (
          <strong>none (first programming)</strong>
        )}{' '}
        · Concentration {formatConcentration(props.concentrationMcgPerMl)} · Spasticity {props.patient.spasticityOrigin}
        {props.patient.pediatric ? ' (child)' : ''}
      </p>
      <fieldset className="radio-row">
        <legend>Program type</legend>
        <label>
          <input type="radio" value="simple" {...register('mode')} /> Simple continuous
        </label>
        <label>
          <input type="radio" value="flex" {...register('mode')} /> Flex (steps over 24 h)
        </label>
      </fieldset>

      {values.mode !== 'flex' ? (
        <Field label="New daily dose (mcg/day)" error={errors.basalDoseMcgPerDay?.message}>
          <input inputMode="decimal" autoComplete="off" {...register('basalDoseMcgPerDay')} />
        </Field>
      ) : (
        <fieldset>
          <legend>Flex steps (total {totalMinutes} of 1440 min)</legend>
          {steps.fields.map((f, i) => (
            <div className="flex-step" key={f.id}>
              <Field label={`Step ${i + 1} duration (min)`}>
                <input inputMode="numeric" {...register(`flexSteps.${i}.durationMinutes`)} />
              </Field>
              <Field label={`Step ${i + 1} rate (mcg/h)`}>
                <input inputMode="decimal" {...register(`flexSteps.${i}.doseRateMcgPerHour`)} />
              </Field>
              {steps.fields.length > 1 && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => steps.remove(i)}
                  aria-label={`Remove step ${i + 1}`}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => steps.append({ durationMinutes: '', doseRateMcgPerHour: '' })}
          >
            Add step
          </button>
          {errors.flexSteps?.message && <span className="field-error">{errors.flexSteps.message}</span>}
        </fieldset>
      )}

      <div className="form-grid">
        <Field label="Bolus dose (mcg, optional)">
          <input inputMode="decimal" autoComplete="off" {...register('bolusDoseMcg')} />
        </Field>
        <Field label="Max boluses per day (optional)">
          <input inputMode="numeric" autoComplete="off" {...register('maxBolusesPerDay')} />
        </Field>
      </div>

      <section className="preview" aria-live="polite" data-testid="dose-preview">
        <h3>Live check</h3>
        {prop.problem ? (
          <p className="verdict verdict-bad">
            <span aria-hidden="true">⚠ </span>
            {prop.problem}
          </p>
        ) : prop.programmedMcgPerDay === null ? (
          <p className="muted">Enter the new dose to see the rate and the guard rails.</p>
        ) : (
          <>
            <dl className="facts facts-inline">
              <dt>Programmed dose</dt>
              <dd>{formatMcgPerDay(prop.programmedMcgPerDay)}</dd>
              <dt>Planning dose (with boluses)</dt>
              <dd>{formatMcgPerDay(prop.planningMcgPerDay)}</dd>
              <dt>Rate</dt>
              <dd data-testid="dose-rate">{rate === null ? 'no concentration on record' : formatMlPerDay(rate)}</dd>
              {current && current.programmedDoseMcgPerDay > 0 && (
                <>
                  <dt>Change</dt>
                  <dd>
                    {(
                      ((prop.programmedMcgPerDay - current.programmedDoseMcgPerDay) / current.programmedDoseMcgPerDay) *
                      100
                    ).toFixed(1)}{' '}
                    %
                  </dd>
                </>
              )}
            </dl>
            {check && (
              <ul className="code-list" aria-label="Guard rails">
                {check.bare.errors.length === 0 && check.bare.warnings.length === 0 && (
                  <li className="code-ok">
                    <span aria-hidden="true">✓ </span>Within the clinic's dose rules.
                  </li>
                )}
                {check.bare.errors.map((c) => (
                  <li key={c} className={OVERRIDABLE.has(c) ? 'code-warning' : 'code-error'}>
                    <span aria-hidden="true">{OVERRIDABLE.has(c) ? '⚠ ' : '✕ '}</span>
                    {words(DOSE_CODE_WORDS, c)}{' '}
                    <span className="muted">
                      {OVERRIDABLE.has(c)
                        ? check.withReason.overridden.includes(c as never)
                          ? '(overridden with reason)'
                          : '(needs an override reason)'
                        : '(cannot be overridden)'}
                    </span>
                  </li>
                ))}
                {check.bare.warnings.map((c) => (
                  <li key={c} className="code-warning">
                    <span aria-hidden="true">⚠ </span>
                    {words(DOSE_CODE_WORDS, c)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      {needsOverride && (
        <Field
          label="Override reason (required)"
          hint="Documented in the audit trail; the change then needs a second clinician's verification."
          error={errors.overrideReason?.message}
        >
          <textarea rows={2} {...register('overrideReason')} />
        </Field>
      )}
      <Field label="Notes">
        <textarea rows={2} {...register('notes')} />
      </Field>

      {props.serverError != null && (
        <div className="alert alert-error" role="alert" data-testid="dose-server-error">
          <span aria-hidden="true">⚠ </span>
          {props.serverError instanceof ApiError ? (
            <>Refused: {serverCodes.map((c) => words(DOSE_CODE_WORDS, c)).join(' ')}</>
          ) : (
            'Could not reach the server. Try again.'
          )}
        </div>
      )}
      {blocked && (
        <p className="alert alert-error" role="alert">
          <span aria-hidden="true">✕ </span>This change cannot be made: a rule that cannot be overridden applies.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={props.pending || blocked}>
          {props.pending ? 'Saving…' : needsOverride ? 'Save with override' : 'Save dose'}
        </button>
      </div>
    </form>
  );
}
