import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { networkDown, stubFetch, withClient } from '../../../test/mutations';
import { jsonResponse } from '../../../test/render';
import { useCreateDoseProgram } from './dose-programs';

describe('saving a dose program', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the same Idempotency-Key again after a network error; once saved the pump's views are read again", async () => {
    const keys = stubFetch([networkDown, () => jsonResponse({ id: 'dp2', pumpId: 'p1' }, 201)]);
    const { wrapper, invalidatedKeys } = withClient();
    const { result } = renderHook(() => useCreateDoseProgram('p1', vi.fn()), { wrapper });
    for (let i = 0; i < 2; i++) {
      await act(async () => void (await result.current.mutateAsync({} as never).catch(() => undefined)));
    }
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    await waitFor(() => expect(invalidatedKeys()).toEqual([['pumps', 'p1'], ['alarms'], ['worklist']]));
  });
});
