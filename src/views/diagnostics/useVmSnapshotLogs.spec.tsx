/**
 * The Diagnostics tab's launcher log read (useVmSnapshot): one bounded `pods/log` request per
 * started container through the console's API proxy, the tail in the snapshot, a refused read as
 * an unreadable record (the check is then "not verified"), and never more than 64 KiB of a body.
 */
import { renderHook, waitFor } from '@testing-library/react';
import { consoleFetch, k8sList, useK8sWatchResources } from '@openshift-console/dynamic-plugin-sdk';
import { diagnoseVm, type Pod } from '../../kubevirt/diagnosis';
import { BROKEN_NOW, brokenPod, brokenVm, brokenVmi } from '../testing/brokenVm';
import { SNAPSHOT_SOURCES, useVmSnapshot } from './useVmSnapshot';

const runningPod: Pod = {
  ...brokenPod,
  spec: { ...brokenPod.spec, containers: [{ name: 'compute' }, { name: 'guest-console-log' }] },
  status: {
    phase: 'Failed',
    containerStatuses: [
      { name: 'compute', state: { terminated: { exitCode: 1, reason: 'Error' } } },
      { name: 'guest-console-log', state: { running: {} } },
    ],
  },
} as Pod;

const serve = (pods: Pod[]) => {
  jest.mocked(useK8sWatchResources).mockReturnValue(
    Object.fromEntries(
      SNAPSHOT_SOURCES.map(({ gvk }) => [
        gvk.kind,
        {
          data:
            gvk.kind === 'Pod' ? pods : gvk.kind === 'VirtualMachineInstance' ? [brokenVmi] : [],
          loaded: true,
        },
      ]),
    ) as never,
  );
  jest.mocked(k8sList).mockResolvedValue({ items: [] } as never);
};

const textResponse = (text: string) =>
  ({ ok: true, status: 200, text: async () => text }) as unknown as Response;

beforeEach(() => jest.mocked(consoleFetch).mockReset());

it('reads the tail of each started container with the bounded query, through the console proxy', async () => {
  serve([runningPod]);
  jest
    .mocked(consoleFetch)
    .mockImplementation(async (url: string) =>
      textResponse(
        url.includes('container=compute')
          ? "qemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory\n"
          : 'login:\n',
      ),
    );
  const { result } = renderHook(() => useVmSnapshot(brokenVm, BROKEN_NOW));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  const urls = jest.mocked(consoleFetch).mock.calls.map(([url]) => url);
  expect(urls.sort()).toEqual([
    '/api/kubernetes/api/v1/namespaces/demo/pods/virt-launcher-broken-vm-abcde/log?container=compute&tailLines=200&limitBytes=65536',
    '/api/kubernetes/api/v1/namespaces/demo/pods/virt-launcher-broken-vm-abcde/log?container=guest-console-log&tailLines=200&limitBytes=65536',
  ]);
  const logs = result.current.snapshot?.launcherLogs;
  expect(logs?.find((l) => l.container === 'compute')?.lines).toEqual([
    "qemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory",
  ]);
  const diagnosis = diagnoseVm(result.current.snapshot!);
  expect(diagnosis.findings.some((f) => f.ruleId === 'launcher-log.memory-allocation')).toBe(true);
});

it('records a refused read (403) as not verified, without failing the snapshot', async () => {
  serve([runningPod]);
  jest
    .mocked(consoleFetch)
    .mockRejectedValue(Object.assign(new Error('Forbidden'), { response: { status: 403 } }));
  const { result } = renderHook(() => useVmSnapshot(brokenVm, BROKEN_NOW));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  expect(result.current.snapshot?.launcherLogs?.map((l) => l.unreadable)).toEqual([
    { reason: 'Forbidden' },
    { reason: 'Forbidden' },
  ]);
  const check = diagnoseVm(result.current.snapshot!).checks.find((c) => c.id === 'launcher-log');
  expect(check?.status).toBe('notVerified');
});

it('reads nothing for a pod whose containers have not started', async () => {
  serve([brokenPod]);
  const { result } = renderHook(() => useVmSnapshot(brokenVm, BROKEN_NOW));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  expect(consoleFetch).not.toHaveBeenCalled();
  expect(result.current.snapshot?.launcherLogs).toEqual([]);
});

it('stops reading a body after 64 KiB even when the server ignores limitBytes', async () => {
  serve([{ ...runningPod, spec: { containers: [{ name: 'compute' }] } } as Pod]);
  let pulled = 0;
  let cancelled = false;
  const chunk = new TextEncoder().encode(`${'x'.repeat(1023)}\n`);
  const body = {
    getReader: () => ({
      read: async () => {
        pulled += 1;
        return { done: pulled > 10_000, value: chunk };
      },
      cancel: async () => {
        cancelled = true;
      },
    }),
  };
  jest
    .mocked(consoleFetch)
    .mockResolvedValue({ ok: true, status: 200, body } as unknown as Response);
  const { result } = renderHook(() => useVmSnapshot(brokenVm, BROKEN_NOW));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  expect(pulled).toBe(64);
  expect(cancelled).toBe(true);
  const lines = result.current.snapshot?.launcherLogs?.[0].lines ?? [];
  expect(lines.join('\n').length).toBeLessThanOrEqual(64 * 1024);
});
