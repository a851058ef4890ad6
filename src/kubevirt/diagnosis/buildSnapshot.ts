import { bootSourcesToRead, type BootSourceObjects } from './bootSources';
import { cloneSnapshotsOf } from './cloneSnapshots';
import { refKey, requiredObjects } from './requiredObjects';
import { primeClaimNames } from './rules/storageProvisioning';
import type {
  DataVolume,
  NetworkAttachmentDefinition,
  Node,
  PersistentVolumeClaim,
  StorageClass,
  VirtualMachineInstanceMigration,
  K8sEvent,
  K8sObject,
  LauncherLog,
  MissingObject,
  ObjectReferenceOnly,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
  VmSnapshot,
  VolumeSnapshot,
} from './model';

export interface BuildSnapshotOptions {
  now: Date;
  /** Kinds the caller may not read: their required objects are recorded as Forbidden. */
  forbiddenKinds?: string[];
  /** Launcher log tails the client read (boundLauncherLog / unreadableLauncherLog). */
  launcherLogs?: LauncherLog[];
  /** Boot-source namespace lists the client could not read (not "forbidden" for the VM's own kinds). */
  bootSourceUnreadable?: BootSourceObjects['unreadable'];
}

/** Keep a Secret/ConfigMap's identity and drop everything else (data, stringData, managedFields). */
export const toReferenceOnly = (obj: K8sObject): ObjectReferenceOnly => {
  const { managedFields: _dropped, annotations, ...metadata } = obj.metadata ?? {};
  // last-applied-configuration would carry the data back in.
  const safeAnnotations = Object.fromEntries(
    Object.entries(annotations ?? {}).filter(
      ([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
    ),
  );
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { ...metadata, ...(annotations ? { annotations: safeAnnotations } : {}) },
  };
};

/** virt-launcher pods of the VMI: label kubevirt.io=virt-launcher plus created-by=VMI uid or the VM name. */
export const isLauncherPodOf = (
  pod: Pod,
  vm: VirtualMachine,
  vmi?: VirtualMachineInstance,
): boolean => {
  const labels = pod.metadata?.labels ?? {};
  if (labels['kubevirt.io'] !== 'virt-launcher') return false;
  if (pod.metadata?.namespace !== vm.metadata?.namespace) return false;
  if (vmi?.metadata?.uid && labels['kubevirt.io/created-by'] === vmi.metadata.uid) return true;
  if (
    pod.metadata?.ownerReferences?.some(
      (o) => o.kind === 'VirtualMachineInstance' && o.name === vm.metadata?.name,
    )
  )
    return true;
  return (
    labels['vm.kubevirt.io/name'] === vm.metadata?.name ||
    labels['vmi.kubevirt.io/id'] === vm.metadata?.name
  );
};

/**
 * Assemble a snapshot from a pool of objects (e.g. a simulated cluster or everything a client
 * fetched) the way a client would: the VMI of the same name, launcher pods by label, the objects
 * of requiredObjects(vm), their events, migrations of the VMI, and all nodes and StorageClasses.
 * Required objects absent from the pool are recorded as NotFound (or Forbidden by kind).
 */
export const buildVmSnapshot = (
  vm: VirtualMachine,
  pool: K8sObject[],
  options: BuildSnapshotOptions,
): VmSnapshot => {
  const namespace = vm.metadata?.namespace ?? 'default';
  const name = vm.metadata?.name ?? '';
  const forbidden = new Set(options.forbiddenKinds ?? []);
  const readable = pool.filter((o) => !forbidden.has(o.kind ?? ''));
  const inNs = (o: K8sObject) => o.metadata?.namespace === namespace;
  // The pool is untyped YAML/JSON: each kind is trusted to have its own shape.
  const ofKind = <T extends K8sObject = K8sObject>(kind: string) =>
    readable.filter((o) => o.kind === kind) as T[];
  const named = (kind: string, n: string, ns?: string) =>
    readable.find(
      (o) =>
        o.kind === kind &&
        o.metadata?.name === n &&
        (ns === undefined || o.metadata?.namespace === ns),
    );

  const vmi = named('VirtualMachineInstance', name, namespace) as
    VirtualMachineInstance | undefined;
  const pods = ofKind('Pod').filter((p) => isLauncherPodOf(p as Pod, vm, vmi)) as Pod[];
  const firstRefs = requiredObjects(vm, { pods });
  const pick = <T extends K8sObject = K8sObject>(kind: string, refs = firstRefs) =>
    refs
      .filter((r) => r.kind === kind)
      .map((r) => named(kind, r.name, r.namespace))
      .filter((o): o is K8sObject => !!o) as T[];
  const pvcs = pick<PersistentVolumeClaim>('PersistentVolumeClaim');
  const dataVolumes = pick<DataVolume>('DataVolume');
  const refs = requiredObjects(vm, { pvcs, dataVolumes, pods });
  const bootNamespaces = new Set(bootSourcesToRead(vm, dataVolumes).map((r) => r.namespace));
  const inBootNs = (o: K8sObject) => bootNamespaces.has(o.metadata?.namespace ?? '');
  const allSnapshots = ofKind<VolumeSnapshot>('VolumeSnapshot');
  const volumeSnapshots = [
    ...new Set(dataVolumes.flatMap((dv) => cloneSnapshotsOf(dv, pvcs, allSnapshots))),
  ];

  const missing: MissingObject[] = [];
  for (const ref of refs) {
    const found = named(ref.kind, ref.name, ref.namespace);
    if (found) continue;
    const isForbidden = forbidden.has(ref.kind);
    missing.push({
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      reason: isForbidden ? 'Forbidden' : 'NotFound',
      message: isForbidden
        ? `${ref.kind.toLowerCase()}s "${ref.name}" is forbidden`
        : `${ref.kind.toLowerCase()}s "${ref.name}" not found`,
    });
  }

  const watched = new Set<string>([
    refKey({ kind: 'VirtualMachine', name, namespace }),
    refKey({ kind: 'VirtualMachineInstance', name, namespace }),
    ...pods.map((p) => refKey({ kind: 'Pod', name: p.metadata?.name ?? '', namespace })),
    ...refs
      .filter((r) => r.kind === 'PersistentVolumeClaim' || r.kind === 'DataVolume')
      .map((r) => refKey({ kind: r.kind, name: r.name, namespace })),
    // CDI's staging claims (prime-<claim UID>) carry the provisioner's errors.
    ...pvcs
      .flatMap(primeClaimNames)
      .map((n) => refKey({ kind: 'PersistentVolumeClaim', name: n, namespace })),
    ...volumeSnapshots.map((s) =>
      refKey({
        kind: 'VolumeSnapshot',
        name: s.metadata?.name ?? '',
        namespace: s.metadata?.namespace,
      }),
    ),
  ]);
  const events = (ofKind('Event') as K8sEvent[]).filter((e) =>
    watched.has(
      refKey({
        kind: e.involvedObject?.kind ?? '',
        name: e.involvedObject?.name ?? '',
        namespace: e.involvedObject?.namespace ?? e.metadata?.namespace,
      }),
    ),
  );
  const migrations = ofKind<VirtualMachineInstanceMigration>(
    'VirtualMachineInstanceMigration',
  ).filter(
    (m) =>
      inNs(m) &&
      ((m.spec as { vmiName?: string } | undefined)?.vmiName === name ||
        m.metadata?.labels?.['kubevirt.io/vmi-name'] === name),
  );
  const nodeName = vmi?.status?.nodeName ?? pods.find((p) => p.spec?.nodeName)?.spec?.nodeName;
  if (nodeName && !named('Node', nodeName)) {
    missing.push({
      kind: 'Node',
      name: nodeName,
      reason: forbidden.has('Node') ? 'Forbidden' : 'NotFound',
    });
  }

  return {
    vm,
    ...(vmi ? { vmi } : {}),
    pods,
    pvcs,
    dataVolumes,
    events,
    nodes: ofKind<Node>('Node'),
    nodesListed: !forbidden.has('Node'),
    secrets: pick('Secret', refs).map(toReferenceOnly),
    configMaps: pick('ConfigMap', refs).map(toReferenceOnly),
    nads: pick<NetworkAttachmentDefinition>('NetworkAttachmentDefinition', refs),
    storageClasses: ofKind<StorageClass>('StorageClass'),
    storageClassesListed: !forbidden.has('StorageClass'),
    migrations,
    instancetypes: [
      ...pick('VirtualMachineInstancetype', refs),
      ...pick('VirtualMachineClusterInstancetype', refs),
    ],
    preferences: [
      ...pick('VirtualMachinePreference', refs),
      ...pick('VirtualMachineClusterPreference', refs),
    ],
    missing,
    ...(forbidden.size > 0
      ? {
          unreadable: [...forbidden].map((kind) => ({
            kind,
            reason: 'Forbidden' as const,
            message: `the list of ${kind} objects could not be read`,
          })),
        }
      : {}),
    ...(options.launcherLogs ? { launcherLogs: options.launcherLogs } : {}),
    ...(volumeSnapshots.length > 0 ? { volumeSnapshots } : {}),
    ...(bootNamespaces.size > 0
      ? {
          bootSources: {
            dataSources: ofKind('DataSource').filter(inBootNs),
            dataImportCrons: ofKind('DataImportCron').filter(inBootNs),
            dataVolumes: ofKind<DataVolume>('DataVolume').filter(inBootNs),
            ...(options.bootSourceUnreadable?.length
              ? { unreadable: options.bootSourceUnreadable }
              : {}),
          },
        }
      : {}),
    now: options.now,
  };
};
