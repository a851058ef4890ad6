import { useMemo } from 'react';
import type { K8sResourceCommon } from '@openshift-console/dynamic-plugin-sdk';
import { useActiveNamespace, useK8sWatchResource } from '@openshift-console/dynamic-plugin-sdk';
import type { VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import type { VmEntry } from '../../kubevirt/vm';

const ALL_NAMESPACES = '#ALL_NS#';

const watch = (kind: string, namespace: string) => ({
  groupVersionKind: { group: 'kubevirt.io', version: 'v1', kind },
  isList: true,
  namespaced: true,
  namespace: namespace === ALL_NAMESPACES ? undefined : namespace,
});

export interface VmEntriesResult {
  entries: VmEntry[];
  loaded: boolean;
  loadError: unknown;
  namespace?: string;
}

/**
 * VMs (and their VMIs, for the node and the guest OS) of the active namespace, or of all
 * namespaces when "All projects" is selected. A VMI watch failure is not fatal: rows just lack
 * the node.
 */
export const useVmEntries = (): VmEntriesResult => {
  const [activeNamespace] = useActiveNamespace();
  const [vms, vmsLoaded, vmsError] = useK8sWatchResource<K8sResourceCommon[]>(
    watch('VirtualMachine', activeNamespace),
  );
  const [vmis] = useK8sWatchResource<K8sResourceCommon[]>(
    watch('VirtualMachineInstance', activeNamespace),
  );

  const entries = useMemo(() => {
    const vmiByKey = new Map<string, VirtualMachineInstance>();
    for (const vmi of (vmis ?? []) as VirtualMachineInstance[]) {
      vmiByKey.set(`${vmi.metadata?.namespace}/${vmi.metadata?.name}`, vmi);
    }
    return ((vms ?? []) as VirtualMachine[]).map((vm) => ({
      vm,
      vmi: vmiByKey.get(`${vm.metadata?.namespace}/${vm.metadata?.name}`),
    }));
  }, [vms, vmis]);

  return {
    entries,
    loaded: vmsLoaded,
    loadError: vmsError,
    namespace: activeNamespace === ALL_NAMESPACES ? undefined : activeNamespace,
  };
};
