import { useMemo } from 'react';
import type { K8sResourceCommon, WatchK8sResource } from '@openshift-console/dynamic-plugin-sdk';
import {
  useActiveNamespace,
  useK8sWatchResource,
  useK8sWatchResources,
} from '@openshift-console/dynamic-plugin-sdk';
import type { VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import type { VmEntry } from '../../kubevirt/vm';

const ALL_NAMESPACES = '#ALL_NS#';

const watch = (kind: string, namespace: string): WatchK8sResource => ({
  groupVersionKind: { group: 'kubevirt.io', version: 'v1', kind },
  isList: true,
  namespaced: true,
  namespace: namespace === ALL_NAMESPACES ? undefined : namespace,
});

const PROJECTS: WatchK8sResource = {
  groupVersionKind: { group: 'project.openshift.io', version: 'v1', kind: 'Project' },
  isList: true,
};

const isForbidden = (error: unknown): boolean => {
  const e = error as { code?: number; response?: { status?: number } } | undefined;
  return e?.code === 403 || e?.response?.status === 403;
};

export interface VmEntriesResult {
  entries: VmEntry[];
  loaded: boolean;
  loadError: unknown;
  namespace?: string;
}

const joinEntries = (vms: VirtualMachine[], vmis: VirtualMachineInstance[]): VmEntry[] => {
  const vmiByKey = new Map<string, VirtualMachineInstance>();
  for (const vmi of vmis) vmiByKey.set(`${vmi.metadata?.namespace}/${vmi.metadata?.name}`, vmi);
  return vms.map((vm) => ({
    vm,
    vmi: vmiByKey.get(`${vm.metadata?.namespace}/${vm.metadata?.name}`),
  }));
};

/**
 * VMs (and their VMIs, for the node and the guest OS) of the active namespace, or of all
 * namespaces when "All projects" is selected. RBAC has no filtered cluster-wide list, so a user
 * limited to some projects gets 403 there: then the projects they can see are watched one by one,
 * as the console's own project-scoped lists do. A VMI watch failure is not fatal: rows just lack
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

  const perProject = activeNamespace === ALL_NAMESPACES && isForbidden(vmsError);
  const [projects, projectsLoaded, projectsError] = useK8sWatchResource<K8sResourceCommon[]>(
    perProject ? PROJECTS : null,
  );
  const projectNames = perProject
    ? (projects ?? []).map((p) => p.metadata?.name ?? '').filter(Boolean)
    : [];
  const projectKey = projectNames.sort().join(',');
  const perProjectWatches = useMemo(
    () =>
      Object.fromEntries(
        (projectKey ? projectKey.split(',') : []).flatMap((ns) => [
          [`vm~${ns}`, watch('VirtualMachine', ns)],
          [`vmi~${ns}`, watch('VirtualMachineInstance', ns)],
        ]),
      ),
    [projectKey],
  );
  const perProjectResults =
    useK8sWatchResources<Record<string, K8sResourceCommon[]>>(perProjectWatches);

  const entries = useMemo(() => {
    if (!perProject) {
      return joinEntries((vms ?? []) as VirtualMachine[], (vmis ?? []) as VirtualMachineInstance[]);
    }
    const results = Object.entries(perProjectResults ?? {});
    const of = (prefix: string) =>
      results
        .filter(([key]) => key.startsWith(prefix))
        .flatMap(([, r]) => (r?.data ?? []) as unknown[]);
    return joinEntries(of('vm~') as VirtualMachine[], of('vmi~') as VirtualMachineInstance[]);
  }, [perProject, vms, vmis, perProjectResults]);

  const projectVmResults = Object.entries(perProjectResults ?? {}).filter(([key]) =>
    key.startsWith('vm~'),
  );
  return {
    entries,
    loaded: perProject
      ? projectsLoaded && projectVmResults.every(([, r]) => r?.loaded || r?.loadError)
      : vmsLoaded,
    loadError: perProject
      ? (projectsError ?? projectVmResults.find(([, r]) => r?.loadError)?.[1]?.loadError)
      : vmsError,
    namespace: activeNamespace === ALL_NAMESPACES ? undefined : activeNamespace,
  };
};
