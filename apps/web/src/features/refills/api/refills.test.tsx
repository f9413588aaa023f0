import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { networkDown, stubFetch, withClient } from '../../../test/mutations';
import { jsonResponse } from '../../../test/render';
import { useCreateRefill } from './refills';

const refused = () => jsonResponse({ statusCode: 422, code: 'LOT_EXPIRED', message: 'expired' }, 422);
const created = () => jsonResponse({ id: 'r2', discrepancy: 'NONE', warnings: [] }, 201);
const body = { actualResidualMl: 10, volumeAddedMl: 20, concentrationMcgPerMl: 1000 } as never;

describe('refill recording: one Idempotency-Key per attempt', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the same key again after a network error (the first may be stored), a new one after any answer', async () => {
    const keys = stubFetch([networkDown, networkDown, refused, created, created]);
    const { wrapper, invalidatedKeys } = withClient();
    const recorded = vi.fn();
    const { result } = renderHook(() => useCreateRefill('p1', recorded), { wrapper });
    const attempt = async () => {
      await act(async () => void (await result.current.mutateAsync(body).catch(() => undefined)));
    };
    for (let i = 0; i < 5; i++) await attempt();
    expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    expect(keys[1]).toBe(keys[0]); // retry after a network error
    expect(keys[2]).toBe(keys[0]); // still the same attempt: the refusal answers it
    expect(keys[3]).not.toBe(keys[2]); // corrected entry: a new attempt
    expect(keys[4]).not.toBe(keys[3]); // after a recorded refill, the next is another refill
    expect(recorded).toHaveBeenCalledTimes(2);
    // the pump's reads, the alarm board and the worklist are read again after each recorded refill
    await waitFor(() =>
      expect(invalidatedKeys()).toEqual([...Array(2)].flatMap(() => [['pumps', 'p1'], ['alarms'], ['worklist']])),
    );
  });
});
