import { zodResolver } from '@hookform/resolvers/zod';
import type { CreateDoseProgramRequest } from '@pumpwatch/contracts';
import { overrideReasonLength, roundRateMlPerDay } from '@pumpwatch/domain';
import { useEffect, useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ClinicDateTimeField } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { ApiError, errorCodes } from '../../../lib/api-client';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { formatConcentration, formatInstant, zonedInputToInstant } from '../../../lib/format';
import type { DoseChangeContextDto } from '../api/dose-programs';
import { DoseBaseline } from './DoseBaseline';
import { DoseCheckPanel } from './DoseCheckPanel';
import { DOSE_FORM_DEFAULTS, doseFormSchema, proposalOf, requestBody, type DoseFormValues } from './dose-form-model';
import { FlexSteps } from './FlexSteps';
import { GUARD_TITLES } from './guard-words';
import { OverrideReasons } from './OverrideReasons';
import { useDoseCheck } from './useDoseCheck';

export type { DoseFormValues } from './dose-form-model';

/** The API stores one override reason of at most this many characters (every guard's reason joined). */
const MAX_OVERRIDE_REASON_CHARS = 2000;

export interface DoseFormProps {
  /** GET /api/pumps/:id/dose-change-context: the engine's doseChange input without the proposal. */
  context: DoseChangeContextDto;
  concentrationMcgPerMl: number | null;
  timeZone: string;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: CreateDoseProgramRequest) => void;
  /** The context's history window ends where the program takes effect: the route reloads it for a new time. */
  onEffectiveAtChange?: (effectiveAtIso: string | null) => void;
}

export function DoseForm(props: DoseFormProps) {
  const { context, timeZone, onEffectiveAtChange } = props;
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors },
  } = useForm<DoseFormValues>({ resolver: zodResolver(doseFormSchema), defaultValues: DOSE_FORM_DEFAULTS });
  const values = useWatch({ control });
  const proposal = useMemo(() => proposalOf(values), [values]);

  // A back-dated or future program is checked where it takes effect (the "too soon" and restart rules).
  const effectiveAtIso = values.effectiveAt ? zonedInputToInstant(values.effectiveAt, timeZone) : null;
  const effectiveProblem =
    values.effectiveAt && !effectiveAtIso
      ? 'Enter a complete date and 24-hour time, or leave it empty for now.'
      : effectiveAtIso && Date.parse(effectiveAtIso) < Date.parse(context.patient.implantedAt)
        ? words(DOSE_CODE_WORDS, 'EFFECTIVE_AT_BEFORE_IMPLANT')
        : null;
  useEffect(
    () => onEffectiveAtChange?.(effectiveProblem ? null : effectiveAtIso),
    [effectiveAtIso, effectiveProblem, onEffectiveAtChange],
  );

  const reasons = useMemo(() => ({ ...(values.overrideReasons ?? {}) }), [values.overrideReasons]);
  const { check, failure } = useDoseCheck(context, proposal, effectiveProblem ? null : effectiveAtIso, reasons);
  const assessment = check?.assessment ?? null;
  const blocked = !!failure || (!!assessment && assessment.nonOverridable.length > 0);
  const liftable = assessment && assessment.nonOverridable.length === 0 ? assessment.overridable : [];
  const rate =
    proposal.planningMcgPerDay !== null && props.concentrationMcgPerMl
      ? roundRateMlPerDay(proposal.planningMcgPerDay / props.concentrationMcgPerMl)
      : null;

  const serverCodes = props.serverError instanceof ApiError ? errorCodes(props.serverError) : [];

  const submit = (v: DoseFormValues) => {
    if (proposal.problem || proposal.programmedMcgPerDay === null) {
      setError(v.mode === 'flex' ? 'flexSteps' : 'basalDoseMcgPerDay', {
        message: proposal.problem ?? 'Enter the new dose.',
      });
      return;
    }
    if (effectiveProblem) {
      setError('effectiveAt', { message: effectiveProblem });
      return;
    }
    if (!check || blocked) return;
    if (check.reasonsMissing.length > 0) {
      const min = check.policy.minOverrideReasonChars;
      for (const code of check.reasonsMissing) {
        const n = overrideReasonLength(v.overrideReasons[code]);
        setError(`overrideReasons.${code}`, {
          message: `${DOSE_CODE_WORDS.OVERRIDE_REASON_REQUIRED} At least ${min} characters for this guard (${n} so far).`,
        });
      }
      return;
    }
    if (check.overrideReason && check.overrideReason.length > MAX_OVERRIDE_REASON_CHARS) {
      for (const code of liftable) {
        setError(`overrideReasons.${code}`, {
          message: `Together the reasons are ${check.overrideReason.length} characters; the record holds ${MAX_OVERRIDE_REASON_CHARS}: shorten them.`,
        });
      }
      return;
    }
    props.onSubmit(requestBody(proposal, v, { effectiveAt: effectiveAtIso, overrideReason: check.overrideReason }));
  };

  return (
    <form className="card form" noValidate onSubmit={handleSubmit(submit)} aria-label="Change dose">
      <DoseBaseline
        context={context}
        timeZone={timeZone}
        concentration={`Concentration ${formatConcentration(props.concentrationMcgPerMl)} · Spasticity ${
          context.patient.spasticityOrigin
        }${context.patient.pediatric ? ' (child)' : ''}`}
      />
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
        <FlexSteps control={control} register={register} errors={errors} steps={values.flexSteps} />
      )}

      <div className="form-grid">
        <Field label="Bolus dose (mcg, optional)" hint="A patient-activated bolus, if the pump allows them">
          <input inputMode="decimal" autoComplete="off" {...register('bolusDoseMcg')} />
        </Field>
        <Field label="Max boluses per day (optional)" hint="Every allowed bolus counts towards the daily limits">
          <input inputMode="numeric" autoComplete="off" {...register('maxBolusesPerDay')} />
        </Field>
        <Field
          label="Takes effect (optional)"
          hint={
            effectiveAtIso && !effectiveProblem
              ? `Checked as of ${formatInstant(effectiveAtIso, timeZone)}, when it takes effect.`
              : 'Empty = now. A back-dated or future program is checked where it takes effect.'
          }
          error={errors.effectiveAt?.message ?? effectiveProblem ?? undefined}
        >
          <ClinicDateTimeField control={control} name="effectiveAt" timeZone={timeZone} />
        </Field>
      </div>

      <DoseCheckPanel
        proposal={proposal}
        check={check}
        failure={failure}
        context={context}
        rateMlPerDay={rate}
        timeZone={timeZone}
      />

      <OverrideReasons
        codes={liftable}
        reasons={reasons}
        minChars={check?.policy.minOverrideReasonChars ?? 8}
        register={register}
        errors={errors}
      />
      <Field label="Notes">
        <textarea rows={2} {...register('notes')} />
      </Field>

      {props.serverError != null && (
        <div className="alert alert-error" role="alert" data-testid="dose-server-error">
          <span aria-hidden="true">⚠ </span>
          {props.serverError instanceof ApiError ? (
            <span>
              Refused by the server:{' '}
              {serverCodes
                .map((c) => (GUARD_TITLES[c] ? `${GUARD_TITLES[c]}: ` : '') + words(DOSE_CODE_WORDS, c))
                .join(' ')}
            </span>
          ) : (
            'Could not reach the server. Try again.'
          )}
        </div>
      )}
      {blocked && (
        <p className="alert alert-error" role="alert">
          <span aria-hidden="true">✕ </span>This change cannot be saved: a guard that no reason can lift applies (marked
          ✕ above).
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={props.pending || blocked}>
          {props.pending ? 'Saving…' : liftable.length > 0 ? 'Save with override' : 'Save dose'}
        </button>
      </div>
    </form>
  );
}
