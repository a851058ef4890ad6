import { useMemo } from 'react';
import type { K8sResourceCommon, WatchK8sResource } from '@openshift-console/dynamic-plugin-sdk';
import {
  useActiveNamespace,
  useK8sWatchResource,
  useK8sWatchResources,
} from '@openshift-console/dynamic-plugin-sdk';
import type {
  K8sObject,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../../kubevirt/types';
import { joinVmEntries, type VmEntry } from '../../kubevirt/vm';

const ALL_NAMESPACES = '#ALL_NS#';

const watch = (kind: string, namespace: string): WatchK8sResource => ({
  groupVersionKind: { group: 'kubevirt.io', version: 'v1', kind },
  isList: true,
  namespaced: true,
  namespace: namespace === ALL_NAMESPACES ? undefined : namespace,
});

/** Sizes of instancetype-sized VMs that are not running; optional (a 403 leaves them unknown). */
const CLUSTER_INSTANCETYPES: WatchK8sResource = {
  groupVersionKind: {
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    kind: 'VirtualMachineClusterInstancetype',
  },
  isList: true,
};

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

type Watched = { data?: unknown; loaded?: boolean; loadError?: unknown } | undefined;

/** A list that failed (403 …) was not read: undefined, so the health verdict does not rely on it. */
const listed = <T>(data: unknown, error: unknown): T[] | undefined =>
  error ? undefined : ((data ?? []) as T[]);

/**
 * VMs (and their VMIs, for the node and the guest OS) of the active namespace, or of all
 * namespaces when "All projects" is selected, with what the health verdict and the effective size
 * can use (src/kubevirt/health/README.md): the VMI migrations of the same namespaces and the
 * cluster instancetypes. Both are optional: a failed watch leaves them out. RBAC has no filtered cluster-wide list, so a user
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
  const [migrations, , migrationsError] = useK8sWatchResource<K8sResourceCommon[]>(
    watch('VirtualMachineInstanceMigration', activeNamespace),
  );
  const [instancetypes, , instancetypesError] =
    useK8sWatchResource<K8sResourceCommon[]>(CLUSTER_INSTANCETYPES);

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
          [`vmim~${ns}`, watch('VirtualMachineInstanceMigration', ns)],
        ]),
      ),
    [projectKey],
  );
  const perProjectResults =
    useK8sWatchResources<Record<string, K8sResourceCommon[]>>(perProjectWatches);

  const entries = useMemo(() => {
    const readableInstancetypes = listed<K8sObject>(instancetypes, instancetypesError);
    if (!perProject) {
      return joinVmEntries({
        vms: (vms ?? []) as VirtualMachine[],
        vmis: (vmis ?? []) as VirtualMachineInstance[],
        migrations: listed<VirtualMachineInstanceMigration>(migrations, migrationsError),
        instancetypes: readableInstancetypes,
      });
    }
    const results = Object.entries(perProjectResults ?? {}) as [string, Watched][];
    const of = (prefix: string) =>
      results
        .filter(([key]) => key.startsWith(prefix))
        .flatMap(([, r]) => (r?.data ?? []) as unknown[]);
    const migrationResults = results.filter(([key]) => key.startsWith('vmim~'));
    return joinVmEntries({
      vms: of('vm~') as VirtualMachine[],
      vmis: of('vmi~') as VirtualMachineInstance[],
      // Migrations count only when every project's list was read.
      migrations: migrationResults.some(([, r]) => r?.loadError)
        ? undefined
        : (of('vmim~') as VirtualMachineInstanceMigration[]),
      instancetypes: readableInstancetypes,
    });
  }, [
    perProject,
    vms,
    vmis,
    migrations,
    migrationsError,
    instancetypes,
    instancetypesError,
    perProjectResults,
  ]);

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
