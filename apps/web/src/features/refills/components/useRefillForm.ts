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
import { ApiError, errorCodes } from '../../../lib/api-client';
import { REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { latestRefill } from '../../../lib/engine-input';
import type { DiscrepancyFacts } from './DiscrepancyStop';
import {
  CODE_FIELD,
  CONCENTRATION_CHANGE_CODES,
  emptyRefill,
  guardErrors,
  refillRequestBody,
  refillSchema,
  type RefillFieldName,
  type RefillFormValues,
} from './refill-form-model';
import { useRefillCheck } from './useRefillCheck';

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

/** The codes of the server's refusal: its 422 details.errors, and its own code. */
function serverCodesOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const codes = errorCodes(error);
  return codes.includes(error.code) ? codes : [...codes, error.code];
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

/**
 * The refill form's state: the fields, the engine's live check on them, what the engine or the server found (a
 * concentration change, a discrepancy), the words next to each field, and the submit that runs the domain's refill
 * guards before anything is sent.
 */
export function useRefillForm(props: RefillFormProps) {
  const { pump, timeZone } = props;
  const last = latestRefill(props.refills);
  const serverCodes = serverCodesOf(props.serverError);
  const form = useForm<RefillFormValues>({
    resolver: zodResolver(refillSchema),
    defaultValues: emptyRefill(props.nowIso, timeZone),
  });
  const values = useWatch({ control: form.control });
  const preview = useRefillCheck(values, {
    pump,
    lastRefill: last,
    programs: props.programs,
    drugLibrary: props.drugLibrary,
    timeZone,
    policy: props.policy,
  });

  // The engine decides what a concentration change is; the server's refusal counts too (it saw one).
  const warnings = [...(preview?.warnings ?? [])];
  if (serverCodes.some((c) => CONCENTRATION_CHANGE_CODES.includes(c))) warnings.push('CONCENTRATION_CHANGED');
  const changed = warnings.includes('CONCENTRATION_CHANGED');
  const stop: DiscrepancyFacts | null =
    preview && preview.discrepancy !== 'NONE' ? preview : serverDiscrepancy(props.serverError);
  // The acknowledgement is for the discrepancy on screen: a new residual (a re-aspiration) asks again.
  const stopKey = stop ? `${stop.discrepancy}|${stop.discrepancyMl}` : '';
  const { setValue, setError } = form;
  useEffect(() => setValue('discrepancyAcknowledged', false), [stopKey, setValue]);

  // Server rejections (422 details.errors) go next to their field, in words; the rest above the button.
  const serverFieldError = (name: RefillFieldName) => {
    const codes = serverCodes.filter((c) => CODE_FIELD[c] === name);
    return codes.length ? codes.map((c) => words(REFILL_CODE_WORDS, c)).join(' ') : undefined;
  };
  const fieldError = (name: RefillFieldName) => form.formState.errors[name]?.message ?? serverFieldError(name);
  const previewFieldHint = (name: RefillFieldName) =>
    preview?.errors
      .filter((c) => CODE_FIELD[c] === name)
      .map((c) => words(REFILL_CODE_WORDS, c))
      .join(' ') || undefined;

  const submit = (v: RefillFormValues) => {
    const missing = guardErrors(v, {
      warnings,
      discrepancy: stop?.discrepancy ?? 'NONE',
      initialFill: !last,
    });
    const missingFields = Object.keys(missing) as RefillFieldName[];
    if (missingFields.length > 0) {
      missingFields.forEach((name) => setError(name, { message: missing[name] }));
      return;
    }
    props.onSubmit(refillRequestBody(v, { timeZone, concentrationChanged: changed, discrepancyShown: stop !== null }));
  };

  return {
    form,
    last,
    preview,
    changed,
    stop,
    serverCodes,
    otherServerCodes: serverCodes.filter((c) => !CODE_FIELD[c]),
    fieldError,
    previewFieldHint,
    onSubmit: form.handleSubmit(submit),
  };
}

export type RefillFormState = ReturnType<typeof useRefillForm>;
