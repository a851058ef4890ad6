import { useMemo } from 'react';
import type { K8sResourceCommon, WatchK8sResource } from '@openshift-console/dynamic-plugin-sdk';
import { useK8sWatchResources } from '@openshift-console/dynamic-plugin-sdk';
import type { VmSnapshot } from '../../kubevirt/diagnosis';
import { buildVmSnapshot } from '../../kubevirt/diagnosis';
import type { K8sObject, VirtualMachine } from '../../kubevirt/types';
import { CONFIGMAP_MODEL, SECRET_MODEL, useMetadataOnlyList } from './useMetadataOnlyList';

type Gvk = { group?: string; version: string; kind: string };

interface Source {
  gvk: Gvk;
  namespaced: boolean;
}

const INSTANCETYPES = 'instancetype.kubevirt.io';

/**
 * Everything the diagnosis rules read through watches (see requiredObjects and VmSnapshot). Secrets
 * and ConfigMaps are not among them: they are read as metadata only (useMetadataOnlyList).
 */
export const SNAPSHOT_SOURCES: Source[] = [
  {
    gvk: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance' },
    namespaced: true,
  },
  {
    gvk: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstanceMigration' },
    namespaced: true,
  },
  { gvk: { version: 'v1', kind: 'Pod' }, namespaced: true },
  { gvk: { version: 'v1', kind: 'PersistentVolumeClaim' }, namespaced: true },
  { gvk: { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume' }, namespaced: true },
  { gvk: { version: 'v1', kind: 'Event' }, namespaced: true },
  {
    gvk: { group: 'k8s.cni.cncf.io', version: 'v1', kind: 'NetworkAttachmentDefinition' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineInstancetype' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachinePreference' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineClusterInstancetype' },
    namespaced: false,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineClusterPreference' },
    namespaced: false,
  },
  { gvk: { version: 'v1', kind: 'Node' }, namespaced: false },
  { gvk: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' }, namespaced: false },
];

export interface VmSnapshotResult {
  snapshot?: VmSnapshot;
  /** True once every watch has loaded or failed: before that, absence proves nothing. */
  loaded: boolean;
}

/**
 * Watches what the rules need and assembles the snapshot with the diagnosis library's own
 * buildVmSnapshot, so the tab and the MCP server diagnose from the same kind of snapshot. A list
 * the user may not read (or that failed) is passed as a forbidden kind, never as "not found".
 */
export const useVmSnapshot = (vm: VirtualMachine | undefined, now?: Date): VmSnapshotResult => {
  const namespace = vm?.metadata?.name ? vm.metadata.namespace : undefined;
  const resources = useMemo<Record<string, WatchK8sResource>>(
    () =>
      namespace
        ? Object.fromEntries(
            SNAPSHOT_SOURCES.map((source) => [
              source.gvk.kind,
              {
                groupVersionKind: source.gvk,
                isList: true,
                ...(source.namespaced ? { namespace } : {}),
              },
            ]),
          )
        : {},
    [namespace],
  );
  const results = useK8sWatchResources<Record<string, K8sResourceCommon[]>>(resources);
  // Read again when the VM changes (a user who just created the missing Secret edits or restarts it).
  const refreshKey = vm?.metadata?.resourceVersion;
  const secrets = useMetadataOnlyList(SECRET_MODEL, namespace, refreshKey);
  const configMaps = useMetadataOnlyList(CONFIGMAP_MODEL, namespace, refreshKey);

  return useMemo(() => {
    const states = [
      ...SNAPSHOT_SOURCES.map(({ gvk }) => ({ kind: gvk.kind, result: results?.[gvk.kind] })),
      { kind: SECRET_MODEL.kind, result: secrets },
      { kind: CONFIGMAP_MODEL.kind, result: configMaps },
    ];
    const loaded =
      Boolean(namespace) &&
      states.every(({ result }) => Boolean(result?.loaded || result?.loadError));
    if (!vm || !loaded) return { loaded: false };
    // List items from the API server carry no `kind`: stamp it, buildVmSnapshot sorts by kind.
    const pool = states.flatMap(({ kind, result }) =>
      (Array.isArray(result?.data) ? result.data : []).map((item) => ({
        ...(item as K8sObject),
        kind,
      })),
    );
    const forbiddenKinds = states.filter(({ result }) => result?.loadError).map(({ kind }) => kind);
    return {
      loaded: true,
      snapshot: buildVmSnapshot(vm, pool, { now: now ?? new Date(), forbiddenKinds }),
    };
  }, [vm, namespace, results, secrets, configMaps, now]);
};
