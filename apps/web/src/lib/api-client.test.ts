import { describe, expect, it } from 'vitest';
import { ApiError, errorCodes } from './api-client';

describe('errorCodes', () => {
  it('lists the engine codes of a 422', () => {
    const e = new ApiError(422, 'DOSE_UNIT_SUSPECT', 'x', { errors: ['DOSE_UNIT_SUSPECT', 'BOLUS_TOO_LARGE'] });
    expect(errorCodes(e)).toEqual(['DOSE_UNIT_SUSPECT', 'BOLUS_TOO_LARGE']);
  });

  it("falls back to the envelope's code when details.errors holds field problems, not codes", () => {
    const e = new ApiError(422, 'VALIDATION_FAILED', 'Send exactly one', {
      errors: [{ field: 'basalDoseMcgPerDay', problems: ['exactly one of basalDoseMcgPerDay or flexSteps'] }],
    });
    expect(errorCodes(e)).toEqual(['VALIDATION_FAILED']);
  });

  it("uses the envelope's code when there are no details", () => {
    expect(errorCodes(new ApiError(422, 'SECOND_CHECKER_REQUIRED', 'x'))).toEqual(['SECOND_CHECKER_REQUIRED']);
  });
});
