import { zodResolver } from '@hookform/resolvers/zod';
import type {
  ClinicianDto,
  CreateRefillRequest,
  DoseProgramDto,
  DrugLibraryEntryDto,
  PumpDto,
  RefillDto,
} from '@pumpwatch/contracts';
import type { Policy } from '@pumpwatch/domain';
import { useEffect } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ClinicDateField, ClinicDateTimeField } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { ApiError, errorCodes } from '../../../lib/api-client';
import { REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { latestRefill } from '../../../lib/engine-input';
import { formatConcentration, formatMl, instantToZonedInput, zonedInputToInstant } from '../../../lib/format';
import { parseNumber } from '../../../lib/numbers';
import { ConcentrationChange } from './ConcentrationChange';
import { DiscrepancyStop, type DiscrepancyFacts } from './DiscrepancyStop';
import {
  CODE_FIELD,
  CONCENTRATION_CHANGE_CODES,
  refillSchema,
  requirementErrors,
  type RefillFieldName,
  type RefillFormValues,
} from './refill-form-model';
import { RefillPreview } from './RefillPreview';
import { useRefillCheck } from './useRefillCheck';

export type { RefillFormValues } from './refill-form-model';
export { RefillPreview } from './RefillPreview';

export interface RefillFormProps {
  pump: PumpDto;
  refills: RefillDto[];
  programs: DoseProgramDto[];
  drugLibrary: DrugLibraryEntryDto[];
  users: ClinicianDto[];
  currentUserId: string;
  timeZone: string;
  policy?: Policy;
  nowIso: string;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: CreateRefillRequest) => void;
}

/** The server's own discrepancy finding (422 DISCREPANCY_NOT_ACKNOWLEDGED), when it carries one. */
function serverDiscrepancy(error: unknown): DiscrepancyFacts | null {
  if (!(error instanceof ApiError) || error.code !== 'DISCREPANCY_NOT_ACKNOWLEDGED') return null;
  const d = (error.details ?? {}) as Partial<Record<keyof DiscrepancyFacts, unknown>>;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    discrepancy: typeof d.discrepancy === 'string' ? d.discrepancy : 'SUSPECTED_OVER_INFUSION',
    expectedResidualMl: num(d.expectedResidualMl),
    discrepancyMl: num(d.discrepancyMl),
    discrepancyThresholdMl: num(d.discrepancyThresholdMl),
  };
}

export function RefillForm(props: RefillFormProps) {
  const { pump, timeZone } = props;
  const last = latestRefill(props.refills);
  const lastConcentration = last?.concentrationMcgPerMl ?? null;
  const serverCodes = props.serverError instanceof ApiError ? errorCodes(props.serverError) : [];
  if (props.serverError instanceof ApiError && !serverCodes.includes(props.serverError.code)) {
    serverCodes.push(props.serverError.code);
  }

  const {
    register,
    handleSubmit,
    setValue,
    setError,
    control,
    formState: { errors },
  } = useForm<RefillFormValues>({
    resolver: zodResolver(refillSchema),
    defaultValues: {
      at: instantToZonedInput(props.nowIso, timeZone),
      actualResidualMl: '',
      volumeAddedMl: '',
      // Both concentrations are read, never pre-filled from the record: the vial's label and the programmer's
      // screen are what the read-back compares.
      concentrationMcgPerMl: '',
      programmedConcentrationMcgPerMl: '',
      needlePositionConfirmed: false,
      secondCheckerId: '',
      discrepancyAcknowledged: false,
      lotNumber: '',
      lotExpiry: '',
      bridgeBolusMcg: '',
      concentrationChangeConfirmed: false,
      notes: '',
    },
  });
  const values = useWatch({ control });
  const preview = useRefillCheck(values, {
    pump,
    lastRefill: last,
    programs: props.programs,
    drugLibrary: props.drugLibrary,
    timeZone,
    policy: props.policy,
  });

  // The engine decides what a concentration change is; the server's refusal counts too.
  const changed =
    !!preview?.warnings.includes('CONCENTRATION_CHANGED') ||
    serverCodes.some((c) => CONCENTRATION_CHANGE_CODES.includes(c));
  const stop: DiscrepancyFacts | null =
    preview && preview.discrepancy !== 'NONE' ? preview : serverDiscrepancy(props.serverError);
  // The acknowledgement is for the discrepancy on screen: a new residual (a re-aspiration) asks again.
  const stopKey = stop ? `${stop.discrepancy}|${stop.discrepancyMl}` : '';
  useEffect(() => setValue('discrepancyAcknowledged', false), [stopKey, setValue]);

  // Server rejections (422 details.errors) go next to their field, in words.
  const serverFieldError = (name: RefillFieldName) => {
    const codes = serverCodes.filter((c) => CODE_FIELD[c] === name);
    return codes.length ? codes.map((c) => words(REFILL_CODE_WORDS, c)).join(' ') : undefined;
  };
  const otherServerCodes = serverCodes.filter((c) => !CODE_FIELD[c]);
  const fieldError = (name: RefillFieldName) => errors[name]?.message ?? serverFieldError(name);
  const previewFieldHint = (name: RefillFieldName) =>
    preview?.errors
      .filter((c) => CODE_FIELD[c] === name)
      .map((c) => words(REFILL_CODE_WORDS, c))
      .join(' ') || undefined;

  const checkers = props.users.filter(
    (u) => u.active && u.id !== props.currentUserId && (u.role === 'nurse' || u.role === 'physician'),
  );

  const submit = (v: RefillFormValues) => {
    const missing = requirementErrors(v, { concentrationChanged: changed, discrepancyFound: stop !== null });
    const missingFields = Object.keys(missing) as RefillFieldName[];
    if (missingFields.length > 0) {
      missingFields.forEach((name) => setError(name, { message: missing[name] }));
      return;
    }
    const body: CreateRefillRequest = {
      at: zonedInputToInstant(v.at, timeZone) ?? undefined,
      actualResidualMl: parseNumber(v.actualResidualMl)!,
      volumeAddedMl: parseNumber(v.volumeAddedMl)!,
      concentrationMcgPerMl: Number(v.concentrationMcgPerMl),
      programmedConcentrationMcgPerMl: parseNumber(v.programmedConcentrationMcgPerMl)!,
      needlePositionConfirmed: v.needlePositionConfirmed,
      secondCheckerId: v.secondCheckerId,
      // Only an acknowledgement of a discrepancy actually shown is sent (never a stale tick).
      discrepancyAcknowledged: stop !== null && v.discrepancyAcknowledged,
    };
    if (v.lotNumber.trim()) body.lotNumber = v.lotNumber.trim();
    if (v.lotExpiry) body.lotExpiry = v.lotExpiry;
    if (changed) {
      body.concentrationChangeConfirmed = v.concentrationChangeConfirmed;
      const bolus = parseNumber(v.bridgeBolusMcg);
      if (bolus !== null) body.bridgeBolusMcg = bolus;
    }
    if (v.notes.trim()) body.notes = v.notes.trim();
    props.onSubmit(body);
  };

  return (
    <form className="card form" noValidate onSubmit={handleSubmit(submit)} aria-label="Record refill">
      <div className="form-grid">
        <fieldset>
          <legend>Volumes</legend>
          <Field label="Refill time" error={fieldError('at')}>
            <ClinicDateTimeField control={control} name="at" timeZone={timeZone} />
          </Field>
          <Field
            label="Residual withdrawn (mL)"
            hint={previewFieldHint('actualResidualMl') ?? 'Everything aspirated from the reservoir'}
            error={fieldError('actualResidualMl')}
          >
            <input inputMode="decimal" autoComplete="off" {...register('actualResidualMl')} />
          </Field>
          <Field
            label="Volume added (mL)"
            hint={previewFieldHint('volumeAddedMl') ?? `Reservoir holds ${formatMl(pump.reservoirCapacityMl)}`}
            error={fieldError('volumeAddedMl')}
          >
            <input inputMode="decimal" autoComplete="off" {...register('volumeAddedMl')} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Drug</legend>
          <Field
            label="Concentration filled"
            hint={
              lastConcentration !== null
                ? `Read it off the vial. Last refill: ${formatConcentration(lastConcentration)}`
                : 'Initial fill: read it off the vial'
            }
            error={fieldError('concentrationMcgPerMl') ?? previewFieldHint('concentrationMcgPerMl')}
          >
            <select {...register('concentrationMcgPerMl')}>
              <option value="">Choose…</option>
              {props.drugLibrary.map((d) => (
                <option key={d.id} value={String(d.concentrationMcgPerMl)}>
                  {d.name} — {formatConcentration(d.concentrationMcgPerMl)}
                  {d.screeningOnly ? ' (screening only)' : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Concentration programmed in pump (mcg/mL)"
            hint="Type it from the programmer's screen after programming (not from the record)"
            error={fieldError('programmedConcentrationMcgPerMl') ?? previewFieldHint('programmedConcentrationMcgPerMl')}
          >
            <input inputMode="decimal" autoComplete="off" {...register('programmedConcentrationMcgPerMl')} />
          </Field>
          <Field label="Lot number" error={fieldError('lotNumber')}>
            <input autoComplete="off" {...register('lotNumber')} />
          </Field>
          <Field label="Lot expiry" error={fieldError('lotExpiry')}>
            <ClinicDateField control={control} name="lotExpiry" />
          </Field>
        </fieldset>
      </div>

      {changed && (
        <ConcentrationChange
          lastConcentrationMcgPerMl={lastConcentration}
          bridgeBolus={register('bridgeBolusMcg')}
          confirm={register('concentrationChangeConfirmed')}
          bridgeBolusError={fieldError('bridgeBolusMcg')}
          confirmError={fieldError('concentrationChangeConfirmed')}
        />
      )}

      <fieldset>
        <legend>Checks</legend>
        <div className={`field field-check${fieldError('needlePositionConfirmed') ? ' field-invalid' : ''}`}>
          <label>
            <input type="checkbox" {...register('needlePositionConfirmed')} /> Needle position in the reservoir
            confirmed
          </label>
          {fieldError('needlePositionConfirmed') && (
            <span className="field-error" role="alert">
              <span aria-hidden="true">⚠ </span>
              {fieldError('needlePositionConfirmed')}
            </span>
          )}
        </div>
        <Field
          label="Second checker"
          hint={
            checkers.length === 0
              ? 'No other nurse or physician is on record: a refill cannot be saved without a second checker.'
              : 'The nurse or physician who checked the drug, volumes and programming with you'
          }
          error={fieldError('secondCheckerId')}
        >
          <select {...register('secondCheckerId')}>
            <option value="" disabled>
              Choose who checked
            </option>
            {checkers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.role})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Notes" error={fieldError('notes')}>
          <textarea rows={2} {...register('notes')} />
        </Field>
      </fieldset>

      <RefillPreview preview={preview} initialFill={!last} />
      {stop && (
        <DiscrepancyStop
          facts={stop}
          acknowledge={register('discrepancyAcknowledged')}
          error={fieldError('discrepancyAcknowledged')}
        />
      )}

      {props.serverError != null && (otherServerCodes.length > 0 || !(props.serverError instanceof ApiError)) && (
        <div className="alert alert-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {props.serverError instanceof ApiError
            ? otherServerCodes.map((c) => words(REFILL_CODE_WORDS, c)).join(' ') + ` (${props.serverError.message})`
            : 'Could not reach the server. Your entry is kept: try again.'}
        </div>
      )}
      {serverCodes.length > 0 && otherServerCodes.length === 0 && (
        <p className="alert alert-error" role="alert">
          The refill was not recorded: correct the fields marked ⚠.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={props.pending}>
          {props.pending ? 'Recording…' : 'Record refill'}
        </button>
      </div>
    </form>
  );
}
