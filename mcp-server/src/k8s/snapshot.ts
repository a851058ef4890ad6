import {
  launcherLogQuery,
  launcherLogTargets,
  unreadableLauncherLog,
} from '../../../src/kubevirt/diagnosis/launcherLog';
import { boundLauncherLog } from '../../../src/kubevirt/diagnosis/launcherLogTail';
import type {
  DataVolume,
  K8sEvent,
  K8sObject,
  LauncherLog,
  MissingObject,
  NetworkAttachmentDefinition,
  Node,
  ObjectRef,
  ObjectReferenceOnly,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  UnreadableKind,
  VmSnapshot,
  VolumeSnapshot,
} from '../../../src/kubevirt/diagnosis/model';
import { requiredObjects } from '../../../src/kubevirt/diagnosis/requiredObjects';
import { primeClaimNames } from '../../../src/kubevirt/diagnosis/rules/storageProvisioning';
import {
  bootSourcesToRead,
  type BootSourceObjects,
} from '../../../src/kubevirt/diagnosis/bootSources';
import {
  cloneSnapshotsOf,
  snapshotNamespacesToRead,
} from '../../../src/kubevirt/diagnosis/cloneSnapshots';
import { KubeApiError, isKubeError } from './errors';
import { INSTANCETYPE_RESOURCES, RESOURCES, type ResourceType } from './resources';
import type { KubeRest } from './rest';

/** Kinds of required objects this layer fetches, and how. */
const REF_RESOURCES: Record<string, ResourceType> = {
  PersistentVolumeClaim: RESOURCES.persistentVolumeClaim,
  DataVolume: RESOURCES.dataVolume,
  Secret: RESOURCES.secret,
  ConfigMap: RESOURCES.configMap,
  NetworkAttachmentDefinition: RESOURCES.networkAttachmentDefinition,
  StorageClass: RESOURCES.storageClass,
  ...INSTANCETYPE_RESOURCES,
};

/** Never listed (a list would carry every Secret's data over the wire): always fetched by name. */
const GET_ONLY_KINDS = new Set(['Secret', 'ConfigMap']);

export interface SnapshotResult {
  snapshot: VmSnapshot;
  /** Sequential rounds of requests used (each round's requests ran in parallel). */
  rounds: number;
}

const lookupFailure = (error: unknown): MissingObject['reason'] => {
  if (isKubeError(error, 'not_found')) return 'NotFound';
  if (isKubeError(error, 'forbidden')) return 'Forbidden';
  return 'Error';
};

/** Optional reads: a forbidden list (nodes, storage classes for a namespaced user) yields undefined. */
const tolerate = async <T>(promise: Promise<T>): Promise<T | undefined> => {
  try {
    return await promise;
  } catch (error) {
    if (isKubeError(error, 'forbidden') || isKubeError(error, 'not_found')) return undefined;
    throw error;
  }
};

/** An empty list where the API refused or failed, the refusal recorded by the caller. */
const emptyOnApiError = <T>(
  promise: Promise<T[]>,
  record: (error: KubeApiError) => void,
): Promise<T[]> =>
  promise.catch((error) => {
    if (!(error instanceof KubeApiError)) throw error;
    record(error);
    return [];
  });

const nameOf = (obj: K8sObject) => obj.metadata?.name ?? '';
const groupKey = (ref: ObjectRef) => `${ref.kind}\u0000${ref.namespace ?? ''}`;

/**
 * Fetches the objects of one group of references (same kind and namespace): one list when two or more
 * are needed (fewer requests), one get otherwise. Secrets and ConfigMaps are always got by name,
 * metadata only.
 */
const fetchRefGroup = async (
  rest: KubeRest,
  refs: ObjectRef[],
  missing: MissingObject[],
): Promise<K8sObject[]> => {
  const { kind, namespace } = refs[0];
  const res = REF_RESOURCES[kind];
  const record = (ref: ObjectRef, error: unknown) => {
    if (ref.optional && isKubeError(error, 'not_found')) return;
    missing.push({
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace,
      reason: lookupFailure(error),
      message: error instanceof Error ? error.message : undefined,
    });
  };
  if (refs.length >= 2 && !GET_ONLY_KINDS.has(kind)) {
    try {
      const items = await rest.list<K8sObject>(res, { namespace });
      const wanted = new Set(refs.map((ref) => ref.name));
      const found = items.filter((item) => wanted.has(nameOf(item)));
      const foundNames = new Set(found.map(nameOf));
      for (const ref of refs) {
        if (!foundNames.has(ref.name)) {
          record(
            ref,
            new KubeApiError('not_found', 404, {
              verb: 'get',
              resource: res,
              namespace,
              name: ref.name,
            }),
          );
        }
      }
      return found;
    } catch (error) {
      if (!isKubeError(error, 'forbidden')) throw error;
      // A caller who may get but not list falls through to one get per object.
    }
  }
  const results = await Promise.all(
    refs.map(async (ref) => {
      try {
        return await rest.get<K8sObject>(res, ref.namespace, ref.name);
      } catch (error) {
        if (
          error instanceof KubeApiError &&
          error.kind !== 'unavailable' &&
          error.kind !== 'timeout'
        ) {
          record(ref, error);
          return undefined;
        }
        throw error;
      }
    }),
  );
  return results.filter((obj): obj is K8sObject => obj !== undefined);
};

/** A plain-text GET with the caller's credentials, budget and error mapping (KubeRest.getText). */
interface TextReads {
  getText(path: string, query: URLSearchParams): Promise<string>;
}

const readsText = (rest: KubeRest): rest is KubeRest & TextReads =>
  typeof (rest as Partial<TextReads>).getText === 'function';

/** Why a log read failed, naming the pod (the error's own text knows only the path). */
const logReadFailure = (error: unknown, namespace: string, pod: string): string => {
  if (!(error instanceof KubeApiError)) return 'the log could not be read';
  if (error.name === 'RequestBudgetError') return error.message;
  if (error.kind === 'forbidden')
    return `not allowed to get pods/log of pod "${pod}" in namespace "${namespace}" (403)`;
  if (error.kind === 'not_found')
    return `pod "${pod}" not found in namespace "${namespace}" (404): deleted after it was listed`;
  if (error.kind === 'timeout') return 'the Kubernetes API did not answer the log read in time';
  return `the Kubernetes API could not be reached or failed (${error.status || 'no response'}) while reading the log`;
};

/**
 * The bounded log tails of the newest launcher pod's `compute` (and `guest-console-log`)
 * container: `pods/log?container=…&tailLines=200&limitBytes=65536`. A read that fails — 403, the
 * pod gone since the list (404), a 5xx, the request budget — becomes an unreadable record (the
 * check says "not verified" with the reason), never an error of the tool. Undefined when this
 * client cannot read text at all (the check then has no log to judge).
 */
const readLauncherLogs = async (
  rest: KubeRest,
  namespace: string,
  pods: Pod[],
): Promise<LauncherLog[] | undefined> => {
  if (!readsText(rest)) return undefined;
  return Promise.all(
    launcherLogTargets(pods).map(async ({ pod, container }) => {
      try {
        const text = await rest.getText(
          `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
          new URLSearchParams(launcherLogQuery(container)),
        );
        return boundLauncherLog(pod, container, text);
      } catch (error) {
        return unreadableLauncherLog(
          pod,
          container,
          lookupFailure(error),
          logReadFailure(error, namespace, pod),
        );
      }
    }),
  );
};

const groupRefs = (refs: ObjectRef[]): ObjectRef[][] => {
  const groups = new Map<string, ObjectRef[]>();
  for (const ref of refs) {
    if (!REF_RESOURCES[ref.kind]) continue;
    const key = groupKey(ref);
    groups.set(key, [...(groups.get(key) ?? []), ref]);
  }
  return [...groups.values()];
};

/**
 * Gathers everything a diagnosis of one VM needs in at most three rounds:
 * 1. the VM, its VMI, launcher pods, the namespace's events, its migrations and the storage classes;
 * 2. exactly `requiredObjects(vm)` (PVCs, DataVolumes, Secret/ConfigMap metadata, NADs, instancetypes),
 *    the node(s) — one list per kind when several are needed — and the launcher's log tails;
 * 3. only when needed: the storage classes named by the PVCs and DataVolumes (when the classes
 *    could not be listed), the VolumeSnapshots of a clone that has not finished, and the boot
 *    sources (DataSource, DataImportCrons, DataVolumes of its namespace) a waiting disk clones.
 * A missing or forbidden VM is an error; anything else missing is recorded in `snapshot.missing`.
 */
export const gatherVmSnapshot = async (
  rest: KubeRest,
  namespace: string,
  name: string,
  now: Date,
): Promise<SnapshotResult> => {
  const [vm, vmi, pods, namespaceEvents, migrations, storageClasses] = await Promise.all([
    rest.get<VirtualMachine>(RESOURCES.virtualMachine, namespace, name),
    tolerate(
      rest.getOptional<VirtualMachineInstance>(RESOURCES.virtualMachineInstance, namespace, name),
    ),
    tolerate(
      rest.list<Pod>(RESOURCES.pod, {
        namespace,
        labelSelector: `kubevirt.io=virt-launcher,vm.kubevirt.io/name=${name}`,
      }),
    ),
    tolerate(rest.list<K8sEvent>(RESOURCES.event, { namespace })),
    tolerate(
      rest.list<VirtualMachineInstanceMigration>(RESOURCES.migration, {
        namespace,
        labelSelector: `kubevirt.io/vmi-name=${name}`,
      }),
    ),
    tolerate(rest.list<StorageClass>(RESOURCES.storageClass)),
  ]);
  let rounds = 1;

  const missing: MissingObject[] = [];
  const refs = requiredObjects(vm, { pods: pods ?? [] });
  const nodeNames = [
    ...new Set(
      [vmi?.status?.nodeName, ...(pods ?? []).map((pod) => pod.spec?.nodeName)].filter(
        (n): n is string => !!n,
      ),
    ),
  ];
  const fetchNodes = async (): Promise<{ nodes: Node[]; listed: boolean }> => {
    // A pod waiting for a node (a migration target) is judged against every node.
    const unplaced = (pods ?? []).some((pod) => !pod.spec?.nodeName);
    if (nodeNames.length === 1 && !unplaced) {
      const node = await tolerate(rest.getOptional<Node>(RESOURCES.node, undefined, nodeNames[0]));
      return { nodes: node ? [node] : [], listed: false };
    }
    // Not placed yet (or placed twice, mid-migration): scheduling checks need every node.
    const nodes = await tolerate(rest.list<Node>(RESOURCES.node));
    return { nodes: nodes ?? [], listed: nodes !== undefined };
  };
  const refsToFetch = refs.filter(
    (ref) => ref.kind !== 'StorageClass' || storageClasses === undefined,
  );
  const [groups, nodeResult, launcherLogs] = await Promise.all([
    Promise.all(groupRefs(refsToFetch).map((group) => fetchRefGroup(rest, group, missing))),
    fetchNodes(),
    readLauncherLogs(rest, namespace, pods ?? []),
  ]);
  rounds += 1;
  const fetched = groups.flat();
  let volumeSnapshotPool: VolumeSnapshot[] = [];
  const ofKind = <T extends K8sObject>(kind: string) =>
    fetched.filter((obj) => obj.kind === kind) as T[];
  const pvcs = ofKind<PersistentVolumeClaim>('PersistentVolumeClaim');
  const dataVolumes = ofKind<DataVolume>('DataVolume');

  // Round 3, only when needed: the classes named by the claims (when they could not be listed)
  // and the VolumeSnapshots of an unfinished clone.
  let classes: StorageClass[] = storageClasses ?? ofKind<StorageClass>('StorageClass');
  const storageClassesListed = storageClasses !== undefined;
  let classesToFetch: ObjectRef[] = [];
  if (storageClassesListed) {
    // Record the classes the VM's storage names that do not exist.
    const known = new Set(classes.map(nameOf));
    for (const ref of requiredObjects(vm, { pvcs, dataVolumes, pods: pods ?? [] })) {
      if (ref.kind === 'StorageClass' && !known.has(ref.name)) {
        missing.push({ kind: 'StorageClass', name: ref.name, reason: 'NotFound' });
      }
    }
  } else {
    const alreadyAsked = new Set(
      refsToFetch.filter((r) => r.kind === 'StorageClass').map((r) => r.name),
    );
    classesToFetch = requiredObjects(vm, { pvcs, dataVolumes, pods: pods ?? [] }).filter(
      (ref) => ref.kind === 'StorageClass' && !alreadyAsked.has(ref.name),
    );
  }
  const snapshotNamespaces = snapshotNamespacesToRead(dataVolumes);
  const bootRefs = bootSourcesToRead(vm, dataVolumes);
  const unreadable: UnreadableKind[] = [];
  /** A list the caller may not read (403), or a kind the cluster lacks (404): recorded, empty. */
  const readable = <T>(promise: Promise<T[]>, kind: string): Promise<T[]> =>
    emptyOnApiError(promise, (error) =>
      unreadable.push({ kind, reason: lookupFailure(error), message: error.message }),
    );
  let bootSources: BootSourceObjects | undefined;
  if (classesToFetch.length > 0 || snapshotNamespaces.length > 0 || bootRefs.length > 0) {
    const bootNamespaces = [...new Set(bootRefs.map((ref) => ref.namespace))];
    const bootUnreadable: NonNullable<BootSourceObjects['unreadable']> = [];
    const listIn = <T>(res: ResourceType) =>
      Promise.all(
        bootNamespaces.map((ns) =>
          emptyOnApiError(rest.list<T>(res, { namespace: ns }), (error) =>
            bootUnreadable.push({ kind: res.kind, namespace: ns, reason: lookupFailure(error) }),
          ),
        ),
      ).then((lists) => lists.flat());
    const [moreClasses, snapshotLists, dataSources, dataImportCrons, bootDataVolumes] =
      await Promise.all([
        classesToFetch.length > 0
          ? (fetchRefGroup(rest, classesToFetch, missing) as Promise<StorageClass[]>)
          : Promise.resolve([]),
        Promise.all(
          snapshotNamespaces.map((ns) =>
            readable(
              rest.list<VolumeSnapshot>(RESOURCES.volumeSnapshot, { namespace: ns }),
              'VolumeSnapshot',
            ),
          ),
        ),
        Promise.all(
          bootRefs.map((ref) =>
            tolerate(rest.getOptional<K8sObject>(RESOURCES.dataSource, ref.namespace, ref.name)),
          ),
        ),
        listIn<K8sObject>(RESOURCES.dataImportCron),
        listIn<DataVolume>(RESOURCES.dataVolume),
      ]);
    classes = [...classes, ...moreClasses];
    volumeSnapshotPool = snapshotLists.flat();
    if (bootRefs.length > 0)
      bootSources = {
        dataSources: dataSources.filter((d): d is K8sObject => !!d),
        dataImportCrons,
        dataVolumes: bootDataVolumes,
        ...(bootUnreadable.length > 0 ? { unreadable: bootUnreadable } : {}),
      };
    rounds += 1;
  }
  const volumeSnapshots = [
    ...new Set(dataVolumes.flatMap((dv) => cloneSnapshotsOf(dv, pvcs, volumeSnapshotPool))),
  ];

  const involved = new Set<string>([
    `VirtualMachine/${name}`,
    `VirtualMachineInstance/${name}`,
    ...(pods ?? []).map((pod) => `Pod/${nameOf(pod)}`),
    ...refs
      .filter((ref) => ref.kind === 'PersistentVolumeClaim' || ref.kind === 'DataVolume')
      .map((ref) => `${ref.kind}/${ref.name}`),
    // CDI's staging claims (prime-<claim UID>) carry the provisioner's errors; their events are
    // in the namespace list already.
    ...pvcs.flatMap(primeClaimNames).map((n) => `PersistentVolumeClaim/${n}`),
    // The events list is the VM's namespace: a snapshot in another one has only its status.
    ...volumeSnapshots
      .filter((snap) => snap.metadata?.namespace === namespace)
      .map((snap) => `VolumeSnapshot/${nameOf(snap)}`),
  ]);
  const events = (namespaceEvents ?? []).filter((event) =>
    involved.has(`${event.involvedObject?.kind}/${event.involvedObject?.name}`),
  );

  const snapshot: VmSnapshot = {
    vm,
    vmi: vmi ?? undefined,
    pods: pods ?? [],
    pvcs,
    dataVolumes,
    events,
    nodes: nodeResult.nodes,
    secrets: ofKind<ObjectReferenceOnly & K8sObject>('Secret'),
    configMaps: ofKind<ObjectReferenceOnly & K8sObject>('ConfigMap'),
    nads: ofKind<NetworkAttachmentDefinition>('NetworkAttachmentDefinition'),
    storageClasses: classes,
    migrations: migrations ?? [],
    instancetypes: fetched.filter((obj) => obj.kind?.endsWith('Instancetype')),
    preferences: fetched.filter((obj) => obj.kind?.endsWith('Preference')),
    missing,
    storageClassesListed,
    nodesListed: nodeResult.listed,
    ...(launcherLogs ? { launcherLogs } : {}),
    ...(volumeSnapshots.length > 0 ? { volumeSnapshots } : {}),
    ...(bootSources ? { bootSources } : {}),
    ...(unreadable.length > 0 ? { unreadable } : {}),
    now,
  };
  return { snapshot, rounds };
};
