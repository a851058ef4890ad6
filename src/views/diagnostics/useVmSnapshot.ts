import { useMemo } from 'react';
import type { K8sResourceCommon, WatchK8sResource } from '@openshift-console/dynamic-plugin-sdk';
import { useK8sWatchResource } from '@openshift-console/dynamic-plugin-sdk';
import type { MissingObject, ObjectRef, VmSnapshot } from '../../kubevirt/diagnosis';
import { requiredObjects } from '../../kubevirt/diagnosis';
import type {
  DataVolume,
  K8sEvent,
  NetworkAttachmentDefinition,
  Node,
  ObjectReferenceOnly,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../../kubevirt/types';

type Gvk = { group?: string; version: string; kind: string };

const GVK = {
  vmi: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance' },
  migration: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstanceMigration' },
  pod: { version: 'v1', kind: 'Pod' },
  pvc: { version: 'v1', kind: 'PersistentVolumeClaim' },
  dv: { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume' },
  event: { version: 'v1', kind: 'Event' },
  node: { version: 'v1', kind: 'Node' },
  nad: { group: 'k8s.cni.cncf.io', version: 'v1', kind: 'NetworkAttachmentDefinition' },
  secret: { version: 'v1', kind: 'Secret' },
  configMap: { version: 'v1', kind: 'ConfigMap' },
  storageClass: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
} satisfies Record<string, Gvk>;

const list = (gvk: Gvk, namespace?: string, extra: Partial<WatchK8sResource> = {}) => ({
  groupVersionKind: gvk,
  isList: true,
  namespace,
  ...extra,
});

const httpCode = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown; response?: { status?: unknown } } | undefined)?.code;
  if (typeof code === 'number') return code;
  const status = (error as { response?: { status?: unknown } } | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
};

interface ListState<T> {
  items: T[];
  loaded: boolean;
  error: unknown;
}

const useList = <T>(resource: WatchK8sResource | null): ListState<T> => {
  const [data, loaded, error] = useK8sWatchResource<K8sResourceCommon[]>(resource);
  return useMemo(
    () => ({ items: (Array.isArray(data) ? data : []) as unknown as T[], loaded, error }),
    [data, loaded, error],
  );
};

const names = (items: { metadata?: { name?: string } }[]) =>
  new Set(items.map((item) => item.metadata?.name).filter(Boolean) as string[]);

/** A required object is "missing" only when its list loaded (404) or was refused (403). */
const missingFor = (
  refs: ObjectRef[],
  kind: ObjectRef['kind'],
  state: ListState<{ metadata?: { name?: string } }>,
): MissingObject[] => {
  if (!state.loaded && !state.error) return [];
  const code = httpCode(state.error);
  const present = names(state.items);
  return refs
    .filter((ref) => ref.kind === kind && !ref.optional && !present.has(ref.name))
    .flatMap<MissingObject>((ref) => {
      if (!state.error)
        return [{ kind, name: ref.name, namespace: ref.namespace, reason: 'NotFound' }];
      if (code === 403)
        return [{ kind, name: ref.name, namespace: ref.namespace, reason: 'Forbidden' }];
      return [];
    });
};

export interface VmSnapshotResult {
  snapshot?: VmSnapshot;
  /** True once the VM's own objects (VMI, pods, storage, events) have loaded or failed. */
  loaded: boolean;
}

/**
 * Watches what `requiredObjects(vm)` and the rules need, so the tab diagnoses from the same kind
 * of snapshot as the MCP server. Secrets and ConfigMaps are watched as metadata only.
 */
export const useVmSnapshot = (vm: VirtualMachine | undefined, now?: Date): VmSnapshotResult => {
  const name = vm?.metadata?.name;
  const namespace = vm?.metadata?.namespace;
  const ready = Boolean(name && namespace);

  const [vmiData, vmiLoaded, vmiError] = useK8sWatchResource<K8sResourceCommon>(
    ready ? { groupVersionKind: GVK.vmi, name, namespace } : null,
  );
  const pods = useList<Pod>(
    ready
      ? list(GVK.pod, namespace, {
          selector: {
            matchLabels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': name ?? '' },
          },
        })
      : null,
  );
  const pvcs = useList<PersistentVolumeClaim>(ready ? list(GVK.pvc, namespace) : null);
  const dvs = useList<DataVolume>(ready ? list(GVK.dv, namespace) : null);
  const events = useList<K8sEvent>(ready ? list(GVK.event, namespace) : null);
  const migrations = useList<VirtualMachineInstanceMigration>(
    ready ? list(GVK.migration, namespace) : null,
  );
  const nads = useList<NetworkAttachmentDefinition>(ready ? list(GVK.nad, namespace) : null);
  const secrets = useList<ObjectReferenceOnly>(
    ready ? list(GVK.secret, namespace, { partialMetadata: true }) : null,
  );
  const configMaps = useList<ObjectReferenceOnly>(
    ready ? list(GVK.configMap, namespace, { partialMetadata: true }) : null,
  );
  const nodes = useList<Node>(ready ? list(GVK.node) : null);
  const storageClasses = useList<StorageClass>(ready ? list(GVK.storageClass) : null);

  const snapshot = useMemo<VmSnapshot | undefined>(() => {
    if (!vm || !ready) return undefined;
    const vmi =
      vmiLoaded && !vmiError && (vmiData as VirtualMachineInstance | undefined)?.metadata?.name
        ? (vmiData as VirtualMachineInstance)
        : undefined;
    const ownPvcs = pvcs.items;
    const refs = requiredObjects(vm, { pvcs: ownPvcs, dataVolumes: dvs.items });
    const related = new Set<string>([
      `VirtualMachine/${name}`,
      `VirtualMachineInstance/${name}`,
      ...pods.items.map((pod) => `Pod/${pod.metadata?.name}`),
      ...refs.map((ref) => `${ref.kind}/${ref.name}`),
    ]);
    const vmEvents = events.items.filter((event) =>
      related.has(`${event.involvedObject?.kind}/${event.involvedObject?.name}`),
    );
    const stripData = (items: ObjectReferenceOnly[]) =>
      items.map(({ apiVersion, kind, metadata }) => ({ apiVersion, kind, metadata }));
    return {
      vm,
      vmi,
      pods: pods.items,
      pvcs: ownPvcs,
      dataVolumes: dvs.items,
      events: vmEvents,
      nodes: nodes.items,
      nodesListed: nodes.loaded && !nodes.error,
      secrets: stripData(secrets.items),
      configMaps: stripData(configMaps.items),
      nads: nads.items,
      storageClasses: storageClasses.items,
      storageClassesListed: storageClasses.loaded && !storageClasses.error,
      migrations: migrations.items.filter((m) => m.spec?.vmiName === name),
      missing: [
        ...missingFor(refs, 'PersistentVolumeClaim', pvcs),
        ...missingFor(refs, 'DataVolume', dvs),
        ...missingFor(refs, 'Secret', secrets),
        ...missingFor(refs, 'ConfigMap', configMaps),
        ...missingFor(refs, 'NetworkAttachmentDefinition', nads),
      ],
      now: now ?? new Date(),
    };
  }, [
    vm,
    ready,
    name,
    vmiData,
    vmiLoaded,
    vmiError,
    pods,
    pvcs,
    dvs,
    events,
    nodes,
    secrets,
    configMaps,
    nads,
    storageClasses,
    migrations,
    now,
  ]);

  const settled = (state: ListState<unknown>) => state.loaded || Boolean(state.error);
  const loaded =
    ready &&
    (vmiLoaded || Boolean(vmiError)) &&
    [pods, pvcs, dvs, events].every((state) => settled(state as ListState<unknown>));
  return { snapshot, loaded };
};
