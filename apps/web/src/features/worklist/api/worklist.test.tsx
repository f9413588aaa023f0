import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { networkDown, stubFetch, withClient } from '../../../test/mutations';
import { jsonResponse } from '../../../test/render';
import { useBookAppointment } from './worklist';

describe('booking a refill', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the same Idempotency-Key again after a network error, as a refill booking for the pump', async () => {
    const keys = stubFetch([networkDown, () => jsonResponse({ id: 'a1', at: '2026-04-01T09:00:00Z' }, 201)]);
    const { wrapper, invalidatedKeys } = withClient();
    const booked = vi.fn();
    const { result } = renderHook(() => useBookAppointment('p1', booked), { wrapper });
    for (let i = 0; i < 2; i++) {
      await act(async () => void (await result.current.mutateAsync('2026-04-01T09:00:00Z').catch(() => undefined)));
    }
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    const sent = (fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls[1]!;
    expect(JSON.parse(sent[1].body as string)).toEqual({ pumpId: 'p1', at: '2026-04-01T09:00:00Z', kind: 'refill' });
    expect(booked).toHaveBeenCalledOnce();
    await waitFor(() => expect(invalidatedKeys()).toEqual([['pumps', 'p1'], ['alarms'], ['worklist']]));
  });
});
