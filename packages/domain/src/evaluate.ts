/** Single entry point for raw JSON input (CLI, scenario tests): dispatches on `kind`. */
import { doseChangeFromModel } from './checks/dose-change-check';
import { refillCheckFromModel } from './checks/refill-check';
import { EngineError } from './errors';
import { statusFromModel } from './status';
import { triageCall, type TriageOutput } from './triage';
import { ENGINE_KINDS, type EngineKind, type EngineOutput } from './types';
import { asObject, validateDoseChangeInput, validateRefillInput, validateStatusInput } from './validate';

/** Throws EngineError for input that cannot be evaluated; otherwise returns the contract's output shape. */
export function evaluate(rawInput: unknown): EngineOutput | TriageOutput {
  const raw = asObject(rawInput, 'input');
  if (typeof raw.kind !== 'string') throw new EngineError('INVALID_INPUT', 'kind: must be a string');
  // triage is about a call, not a pump: its own module, types and validation
  if (raw.kind === 'triage') return triageCall(raw);
  if (!(ENGINE_KINDS as readonly string[]).includes(raw.kind)) {
    const kinds = [...ENGINE_KINDS, 'triage'].join(', ');
    throw new EngineError('UNKNOWN_KIND', `kind: "${raw.kind}" is not one of ${kinds}`);
  }
  switch (raw.kind as EngineKind) {
    case 'status':
      return statusFromModel(validateStatusInput(raw));
    case 'refill':
      return refillCheckFromModel(validateRefillInput(raw));
    case 'doseChange':
      return doseChangeFromModel(validateDoseChangeInput(raw));
  }
}
