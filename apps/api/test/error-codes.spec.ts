import {
  API_ERROR_CODES,
  API_OWN_ERROR_CODES,
  CONFLICT_CODES,
  DOSE_ERROR_CODES,
  ENGINE_ERROR_CODES,
  REFILL_ERROR_CODES,
  type ApiErrorCode,
} from '@pumpwatch/contracts';
import { DomainError, httpStatusFor, STATUS_BY_CODE } from '../src/common/errors/domain-error';

describe('ApiErrorCode → HTTP status', () => {
  it('gives every code a 4xx or 5xx status, and maps no code outside the union', () => {
    for (const code of API_ERROR_CODES) {
      const status = httpStatusFor(code);
      expect({ code, status }).toEqual({ code, status: expect.any(Number) });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...new Set(API_ERROR_CODES)].sort());
  });

  it('lists each code once: the API names none of the engine codes again', () => {
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
  });

  it('answers every clash with stored state with 409, taken identifiers included', () => {
    for (const code of CONFLICT_CODES) expect({ code, status: httpStatusFor(code) }).toEqual({ code, status: 409 });
    const taken = API_OWN_ERROR_CODES.filter((c) => c.endsWith('_TAKEN'));
    expect(taken).toEqual(expect.arrayContaining(['EMAIL_TAKEN', 'MRN_TAKEN', 'SERIAL_TAKEN']));
    for (const code of taken) expect({ code, status: httpStatusFor(code) }).toEqual({ code, status: 409 });
  });

  it("answers the clinical engine's refusals with 422", () => {
    const engine: readonly ApiErrorCode[] = [...ENGINE_ERROR_CODES, ...REFILL_ERROR_CODES, ...DOSE_ERROR_CODES];
    for (const code of engine) expect({ code, status: httpStatusFor(code) }).toEqual({ code, status: 422 });
  });

  it('has no fallback: a code outside the union has no status', () => {
    expect(httpStatusFor('MADE_UP' as ApiErrorCode)).toBeUndefined();
    expect(new DomainError('EMAIL_TAKEN', 'x').code).toBe('EMAIL_TAKEN');
  });
});
