import { act, renderHook } from '@testing-library/react';
import { fleetCounts } from '../../kubevirt/search';
import { makeVm, NOW } from '../../kubevirt/diagnosis/testing/builders';
import type { VmEntry } from '../../kubevirt/vm';
import { FLEET_SLICE, useFleetCounts } from './useFleetCounts';

const fleet = (n: number): VmEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    vm: makeVm({
      name: `vm-${i}`,
      status: ['Running', 'Stopped', 'ErrorUnschedulable'][i % 3],
      runStrategy: i % 3 === 1 ? 'Halted' : 'Always',
    }),
  }));

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('useFleetCounts', () => {
  const clock = { now: NOW };

  it('counts a large fleet a slice per task, growing to the same counts as one pass', () => {
    const entries = fleet(FLEET_SLICE * 3 + 7);
    const { result } = renderHook(() => useFleetCounts(entries, clock));
    // The first slice is counted right after the render; the rest wait for later tasks.
    expect(result.current.counting).toBe(true);
    expect(result.current.counts.total).toBe(FLEET_SLICE);
    act(() => jest.advanceTimersByTime(0));
    expect(result.current.counts.total).toBe(FLEET_SLICE * 2);
    act(() => jest.runAllTimers());
    expect(result.current.counting).toBe(false);
    expect(result.current.counts).toEqual(fleetCounts(entries, clock));
  });

  it('starts over when the lists change, and never shows the old counts as current', () => {
    const first = fleet(FLEET_SLICE * 2);
    const { result, rerender } = renderHook(({ entries }) => useFleetCounts(entries, clock), {
      initialProps: { entries: first },
    });
    act(() => jest.runAllTimers());
    expect(result.current).toMatchObject({ counting: false, counts: { total: FLEET_SLICE * 2 } });
    const second = fleet(10);
    rerender({ entries: second });
    act(() => jest.runAllTimers());
    expect(result.current.counting).toBe(false);
    expect(result.current.counts).toEqual(fleetCounts(second, clock));
  });

  it('finishes when every render lists the same VMs in a new array (a watch hook may)', () => {
    const entries = fleet(FLEET_SLICE + 1);
    const { result } = renderHook(() =>
      useFleetCounts(
        entries.map((e) => ({ ...e })),
        clock,
      ),
    );
    act(() => jest.runAllTimers());
    expect(result.current).toMatchObject({ counting: false, counts: { total: FLEET_SLICE + 1 } });
  });

  it('is not counting for an empty fleet', () => {
    const none: VmEntry[] = [];
    const { result } = renderHook(() => useFleetCounts(none, clock));
    expect(result.current).toMatchObject({ counting: false, counts: { total: 0 } });
  });
});
