import { zodResolver } from '@hookform/resolvers/zod';
import type {
  CreateRefillRequest,
  DoseProgramDto,
  DrugLibraryEntryDto,
  PumpDto,
  RefillDto,
  UserDto,
} from '@pumpwatch/contracts';
import { checkRefill, type Policy, type RefillCheckOutput } from '@pumpwatch/domain';
import { useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '../../../components/ui/Field';
import { ApiError, errorCodes } from '../../../lib/api-client';
import { DISCREPANCY_WORDS, REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { latestRefill, projectionInput } from '../../../lib/engine-input';
import {
  formatConcentration,
  formatMl,
  formatPct,
  instantToZonedInput,
  zonedInputToInstant,
  zoneLabel,
} from '../../../lib/format';
import { parseNumber } from '../../../lib/numbers';

const numberText = (label: string, { min = 0, max = 1e6 } = {}) =>
  z
    .string()
    .refine((v) => parseNumber(v) !== null, `Enter the ${label} as a number.`)
    .refine(
      (v) => (parseNumber(v) ?? 0) >= min && (parseNumber(v) ?? 0) <= max,
      `The ${label} must be between ${min} and ${max}.`,
    );
const optionalNumberText = (label: string) =>
  z
    .string()
    .refine((v) => v.trim() === '' || parseNumber(v) !== null, `Enter the ${label} as a number, or leave it blank.`);

function makeSchema(concentrationChanged: (c: string) => boolean) {
  return z
    .object({
      at: z.string().min(1, 'Enter when the refill was done.'),
      actualResidualMl: numberText('residual volume', { max: 100 }),
      volumeAddedMl: numberText('volume added', { max: 100 }),
      concentrationMcgPerMl: z.string().min(1, 'Choose the concentration filled.'),
      programmedConcentrationMcgPerMl: numberText('programmed concentration', { min: 0, max: 100000 }),
      needlePositionConfirmed: z.boolean().refine((v) => v, REFILL_CODE_WORDS.NEEDLE_POSITION_NOT_CONFIRMED),
      secondCheckerId: z.string(),
      lotNumber: z.string().max(64),
      lotExpiry: z.string(),
      bridgeBolusMcg: optionalNumberText('bridge bolus'),
      concentrationChangeConfirmed: z.boolean(),
      notes: z.string().max(2000),
    })
    .superRefine((v, ctx) => {
      if (!concentrationChanged(v.concentrationMcgPerMl)) return;
      if (!v.concentrationChangeConfirmed) {
        ctx.addIssue({
          code: 'custom',
          path: ['concentrationChangeConfirmed'],
          message: REFILL_CODE_WORDS.CONCENTRATION_CHANGE_UNCONFIRMED!,
        });
      }
      if (parseNumber(v.bridgeBolusMcg) === null) {
        ctx.addIssue({ code: 'custom', path: ['bridgeBolusMcg'], message: 'Enter the bridge bolus programmed (mcg).' });
      }
    });
}
export type RefillFormValues = z.infer<ReturnType<typeof makeSchema>>;
type FieldName = keyof RefillFormValues;

/** Where each engine/API code belongs in the form; the rest are shown above the submit button. */
const CODE_FIELD: Record<string, FieldName> = {
  FILL_EXCEEDS_RESERVOIR: 'volumeAddedMl',
  VOLUME_INVALID: 'volumeAddedMl',
  CONCENTRATION_NOT_IN_LIBRARY: 'concentrationMcgPerMl',
  CONCENTRATION_SCREENING_ONLY: 'concentrationMcgPerMl',
  PROGRAMMED_CONCENTRATION_MISMATCH: 'programmedConcentrationMcgPerMl',
  NEEDLE_POSITION_NOT_CONFIRMED: 'needlePositionConfirmed',
  CONCENTRATION_CHANGE_UNCONFIRMED: 'concentrationChangeConfirmed',
  CONCENTRATION_CHANGED: 'concentrationChangeConfirmed',
  SECOND_CHECKER_INVALID: 'secondCheckerId',
  LOT_EXPIRED: 'lotExpiry',
  REFILL_IN_FUTURE: 'at',
  REFILL_BEFORE_IMPLANT: 'at',
  REFILL_BEFORE_PREVIOUS: 'at',
};

const isChange = (lastConcentration: number | null, chosen: string) =>
  lastConcentration !== null && chosen !== '' && Number(chosen) !== lastConcentration;

export interface RefillFormProps {
  pump: PumpDto;
  refills: RefillDto[];
  programs: DoseProgramDto[];
  drugLibrary: DrugLibraryEntryDto[];
  users: UserDto[];
  currentUserId: string;
  timeZone: string;
  policy?: Policy;
  nowIso: string;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: CreateRefillRequest) => void;
}

export function RefillForm(props: RefillFormProps) {
  const { pump, timeZone } = props;
  const last = latestRefill(props.refills);
  const lastConcentration = last?.concentrationMcgPerMl ?? null;
  const schema = useMemo(() => makeSchema((c) => isChange(lastConcentration, c)), [lastConcentration]);
  const defaultConcentration = lastConcentration !== null ? String(lastConcentration) : '';
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<RefillFormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      at: instantToZonedInput(props.nowIso, timeZone),
      actualResidualMl: '',
      volumeAddedMl: '',
      concentrationMcgPerMl: defaultConcentration,
      programmedConcentrationMcgPerMl: defaultConcentration,
      needlePositionConfirmed: false,
      secondCheckerId: '',
      lotNumber: '',
      lotExpiry: '',
      bridgeBolusMcg: '',
      concentrationChangeConfirmed: false,
      notes: '',
    },
  });
  const values = useWatch({ control });
  const changed = isChange(lastConcentration, values.concentrationMcgPerMl ?? '');

  // Live preview: the same engine the API runs, on what has been typed so far.
  const preview: RefillCheckOutput | null = useMemo(() => {
    if (!last || props.programs.length === 0) return null;
    const residual = parseNumber(values.actualResidualMl);
    const added = parseNumber(values.volumeAddedMl);
    const conc = parseNumber(values.concentrationMcgPerMl);
    const at = values.at ? zonedInputToInstant(values.at, timeZone) : null;
    if (residual === null || at === null || Date.parse(at) < Date.parse(last.at)) return null;
    try {
      return checkRefill({
        ...projectionInput({ pump, lastRefill: last, programs: props.programs, timeZone, policy: props.policy }),
        refill: {
          at,
          actualResidualMl: residual,
          volumeAddedMl: added ?? 0,
          concentrationMcgPerMl: conc ?? last.concentrationMcgPerMl,
          programmedConcentrationMcgPerMl: parseNumber(values.programmedConcentrationMcgPerMl),
          // Unticked is not yet an error while typing; the checkbox itself says what is missing on submit.
          needlePositionConfirmed: values.needlePositionConfirmed ? true : null,
        },
        drugLibrary: props.drugLibrary.map((d) => ({
          concentrationMcgPerMl: d.concentrationMcgPerMl,
          screeningOnly: d.screeningOnly,
        })),
      });
    } catch {
      return null;
    }
  }, [values, last, pump, props.programs, props.policy, props.drugLibrary, timeZone]);

  // Server rejections (422 details.errors) go next to their field, in words.
  const serverCodes = props.serverError instanceof ApiError ? errorCodes(props.serverError) : [];
  const serverFieldError = (name: FieldName) => {
    const codes = serverCodes.filter((c) => CODE_FIELD[c] === name);
    return codes.length ? codes.map((c) => words(REFILL_CODE_WORDS, c)).join(' ') : undefined;
  };
  const otherServerCodes = serverCodes.filter((c) => !CODE_FIELD[c]);
  const fieldError = (name: FieldName) => errors[name]?.message ?? serverFieldError(name);

  const previewFieldHint = (name: FieldName) =>
    preview?.errors
      .filter((c) => CODE_FIELD[c] === name)
      .map((c) => words(REFILL_CODE_WORDS, c))
      .join(' ') || undefined;

  const checkers = props.users.filter(
    (u) => u.id !== props.currentUserId && (u.role === 'nurse' || u.role === 'physician'),
  );

  const submit = (v: RefillFormValues) => {
    const body: CreateRefillRequest = {
      at: zonedInputToInstant(v.at, timeZone) ?? undefined,
      actualResidualMl: parseNumber(v.actualResidualMl)!,
      volumeAddedMl: parseNumber(v.volumeAddedMl)!,
      concentrationMcgPerMl: Number(v.concentrationMcgPerMl),
      programmedConcentrationMcgPerMl: parseNumber(v.programmedConcentrationMcgPerMl)!,
      needlePositionConfirmed: v.needlePositionConfirmed,
    };
    if (v.secondCheckerId) body.secondCheckerId = v.secondCheckerId;
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
          <Field label="Refill time" hint={`In ${zoneLabel(timeZone)}`} error={fieldError('at')}>
            <input type="datetime-local" {...register('at')} />
          </Field>
          <Field
            label="Residual withdrawn (mL)"
            hint="Everything aspirated from the reservoir"
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
              lastConcentration !== null ? `Last refill: ${formatConcentration(lastConcentration)}` : 'Initial fill'
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
            hint="Read back from the programmer after programming"
            error={fieldError('programmedConcentrationMcgPerMl') ?? previewFieldHint('programmedConcentrationMcgPerMl')}
          >
            <input inputMode="decimal" autoComplete="off" {...register('programmedConcentrationMcgPerMl')} />
          </Field>
          <Field label="Lot number" error={fieldError('lotNumber')}>
            <input autoComplete="off" {...register('lotNumber')} />
          </Field>
          <Field label="Lot expiry" error={fieldError('lotExpiry')}>
            <input type="date" {...register('lotExpiry')} />
          </Field>
        </fieldset>
      </div>

      {changed && (
        <fieldset className="alert alert-warning">
          <legend>
            <span aria-hidden="true">⚠ </span>Concentration change
          </legend>
          <p>{REFILL_CODE_WORDS.CONCENTRATION_CHANGED}</p>
          <Field label="Bridge bolus (mcg)" error={fieldError('bridgeBolusMcg')}>
            <input inputMode="decimal" autoComplete="off" {...register('bridgeBolusMcg')} />
          </Field>
          <div className={`field field-check${fieldError('concentrationChangeConfirmed') ? ' field-invalid' : ''}`}>
            <label>
              <input type="checkbox" {...register('concentrationChangeConfirmed')} /> I confirm the concentration change
              and the bridge bolus are programmed
            </label>
            {fieldError('concentrationChangeConfirmed') && (
              <span className="field-error">
                <span aria-hidden="true">⚠ </span>
                {fieldError('concentrationChangeConfirmed')}
              </span>
            )}
          </div>
        </fieldset>
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
        <Field label="Second checker" error={fieldError('secondCheckerId')}>
          <select {...register('secondCheckerId')}>
            <option value="">None</option>
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

export function RefillPreview({ preview, initialFill }: { preview: RefillCheckOutput | null; initialFill: boolean }) {
  if (initialFill) {
    return (
      <section className="preview" aria-live="polite" data-testid="refill-preview">
        <h3>Check</h3>
        <p>Initial fill: no discrepancy check.</p>
      </section>
    );
  }
  return (
    <section className="preview" aria-live="polite" data-testid="refill-preview">
      <h3>Live check</h3>
      {!preview ? (
        <p className="muted">Enter the residual volume to compare it with the expected residual.</p>
      ) : (
        <>
          <dl className="facts facts-inline">
            <dt>Expected residual</dt>
            <dd data-testid="expected-residual">{formatMl(preview.expectedResidualMl)}</dd>
            <dt>Discrepancy</dt>
            <dd data-testid="discrepancy">
              {preview.discrepancyMl > 0 ? '+' : ''}
              {formatMl(preview.discrepancyMl)} ({formatPct(preview.discrepancyPct)}), tolerance ±
              {formatMl(preview.discrepancyThresholdMl)}
            </dd>
          </dl>
          <p
            className={preview.discrepancy === 'NONE' ? 'verdict verdict-ok' : 'verdict verdict-bad'}
            data-testid="discrepancy-verdict"
          >
            <span aria-hidden="true">{preview.discrepancy === 'NONE' ? '✓ ' : '⚠ '}</span>
            {words(DISCREPANCY_WORDS, preview.discrepancy)}
          </p>
          {[...preview.errors, ...preview.warnings].length > 0 && (
            <ul className="code-list">
              {preview.errors.map((c) => (
                <li key={c} className="code-error">
                  <span aria-hidden="true">✕ </span>
                  {words(REFILL_CODE_WORDS, c)}
                </li>
              ))}
              {preview.warnings.map((c) => (
                <li key={c} className="code-warning">
                  <span aria-hidden="true">⚠ </span>
                  {words(REFILL_CODE_WORDS, c)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
