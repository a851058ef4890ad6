import type { K8sResourceCommon } from '@openshift-console/dynamic-plugin-sdk';
import { useK8sWatchResource } from '@openshift-console/dynamic-plugin-sdk';
import type { VmEntry } from '../../kubevirt/vm';

type WatchArg = { groupVersionKind?: { kind?: string } } | null;

/** Serves VMs and VMIs of `entries` to useK8sWatchResource, by the watched kind. */
export const serveVmEntries = (
  entries: VmEntry[],
  state: { loaded?: boolean; error?: unknown } = {},
) => {
  const vms = entries.map((entry) => entry.vm) as K8sResourceCommon[];
  const vmis = entries.flatMap((entry) => (entry.vmi ? [entry.vmi] : [])) as K8sResourceCommon[];
  jest.mocked(useK8sWatchResource).mockImplementation(((resource: WatchArg) => {
    const kind = resource?.groupVersionKind?.kind;
    const data = kind === 'VirtualMachine' ? vms : kind === 'VirtualMachineInstance' ? vmis : [];
    return [data, state.loaded ?? true, state.error];
  }) as never);
};
