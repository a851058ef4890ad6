/**
 * Read helpers shared by the rules: object lookup with 404/403 awareness, events per object,
 * conditions, the VM's intent (should it be running?) and evidence builders.
 */
import type {
  Condition,
  Evidence,
  K8sEvent,
  K8sObject,
  ObjectRef,
  Pod,
  VirtualMachine,
  VmSnapshot,
} from './model';
import { requiredObjects } from './requiredObjects';

export type Presence<T> =
  | { state: 'present'; object: T }
  | { state: 'notFound'; message?: string }
  | { state: 'forbidden'; message?: string }
  | { state: 'error'; message?: string }
  | { state: 'notFetched' };

export interface RuleContext {
  snapshot: VmSnapshot;
  vm: VirtualMachine;
  name: string;
  namespace: string;
  printableStatus: string;
  runStrategy: string;
  /** True when the VM's run strategy asks for a running VMI (Always, RerunOnFailure, Once...). */
  wantsRunning: boolean;
  /** Launcher pods, newest first. */
  pods: Pod[];
  refs: ObjectRef[];
  lookup: (kind: string, name: string, namespace?: string) => Presence<K8sObject>;
}

export const buildContext = (snapshot: VmSnapshot): RuleContext => {
  const { vm } = snapshot;
  const namespace = vm.metadata?.namespace ?? 'default';
  const runStrategy = vmRunStrategy(vm);
  return {
    snapshot,
    vm,
    name: vm.metadata?.name ?? '',
    namespace,
    printableStatus: vm.status?.printableStatus ?? 'Unknown',
    runStrategy,
    wantsRunning: wantsRunning(vm, runStrategy),
    // A migration target pod still waiting for its node is not the launcher pod the VM runs in.
    pods: [...snapshot.pods]
      .filter((p) => !isPendingMigrationTarget(p, snapshot))
      .sort(
        (a, b) => timeOf(b.metadata?.creationTimestamp) - timeOf(a.metadata?.creationTimestamp),
      ),
    refs: requiredObjects(vm, {
      pvcs: snapshot.pvcs,
      dataVolumes: snapshot.dataVolumes,
      pods: snapshot.pods,
    }),
    lookup: (kind, name, ns) => lookupObject(snapshot, kind, name, ns),
  };
};

/** KubeVirt labels migration target pods kubevirt.io/migrationJobUID; one not on the VMI's node is a target. */
export const isPendingMigrationTarget = (p: Pod, snapshot: VmSnapshot): boolean =>
  !!p.metadata?.labels?.['kubevirt.io/migrationJobUID'] &&
  snapshot.vmi?.status?.phase === 'Running' &&
  !!snapshot.vmi.status.nodeName &&
  p.spec?.nodeName !== snapshot.vmi.status.nodeName;

/** `spec.runStrategy`, or the legacy `spec.running` boolean mapped to Always/Halted. */
export const vmRunStrategy = (vm: VirtualMachine): string => {
  if (vm.spec?.runStrategy) return vm.spec.runStrategy;
  if (typeof vm.spec?.running === 'boolean') return vm.spec.running ? 'Always' : 'Halted';
  return String(vm.status?.runStrategy ?? 'Halted');
};

const wantsRunning = (vm: VirtualMachine, runStrategy: string): boolean => {
  const pendingStop = vm.status?.stateChangeRequests?.some((r) => r.action === 'Stop');
  if (pendingStop) return false;
  if (runStrategy === 'Always' || runStrategy === 'RerunOnFailure' || runStrategy === 'Once')
    return true;
  if (runStrategy === 'Manual')
    return (
      !!vm.status?.created || !!vm.status?.stateChangeRequests?.some((r) => r.action === 'Start')
    );
  return false;
};

const collectionFor = (snapshot: VmSnapshot, kind: string): K8sObject[] | undefined => {
  switch (kind) {
    case 'PersistentVolumeClaim':
      return snapshot.pvcs;
    case 'DataVolume':
      return snapshot.dataVolumes;
    case 'Secret':
      return snapshot.secrets;
    case 'ConfigMap':
      return snapshot.configMaps;
    case 'NetworkAttachmentDefinition':
      return snapshot.nads;
    case 'StorageClass':
      return snapshot.storageClasses;
    case 'Node':
      return snapshot.nodes;
    case 'VirtualMachineInstancetype':
    case 'VirtualMachineClusterInstancetype':
      return snapshot.instancetypes?.filter((o) => !o.kind || o.kind === kind);
    case 'VirtualMachinePreference':
    case 'VirtualMachineClusterPreference':
      return snapshot.preferences?.filter((o) => !o.kind || o.kind === kind);
    default:
      return undefined;
  }
};

/** Present, known missing (404), forbidden (403), failed, or simply not fetched. */
export const lookupObject = (
  snapshot: VmSnapshot,
  kind: string,
  name: string,
  namespace?: string,
): Presence<K8sObject> => {
  const found = collectionFor(snapshot, kind)?.find(
    (o) =>
      o.metadata?.name === name &&
      (!namespace || !o.metadata?.namespace || o.metadata.namespace === namespace),
  );
  if (found) return { state: 'present', object: found };
  const miss = snapshot.missing.find(
    (m) =>
      m.kind === kind &&
      m.name === name &&
      (!namespace || !m.namespace || m.namespace === namespace),
  );
  if (!miss) {
    // A full StorageClass or node list proves absence without a per-name 404.
    if (kind === 'StorageClass' && snapshot.storageClassesListed) return { state: 'notFound' };
    if (kind === 'Node' && snapshot.nodesListed) return { state: 'notFound' };
    return { state: 'notFetched' };
  }
  if (miss.reason === 'NotFound') return { state: 'notFound', message: miss.message };
  if (miss.reason === 'Forbidden') return { state: 'forbidden', message: miss.message };
  return { state: 'error', message: miss.message };
};

export const findCondition = (obj: K8sObject | undefined, type: string): Condition | undefined =>
  ((obj?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find(
    (c) => c.type === type,
  );

export const timeOf = (value: string | null | undefined): number => {
  if (!value) return 0;
  const t = Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
};

/** The most recent time an event was seen (events.k8s.io or core/v1 fields). */
export const eventTime = (e: K8sEvent): string | undefined =>
  (e.lastTimestamp ??
    (e.series as { lastObservedTime?: string } | undefined)?.lastObservedTime ??
    e.eventTime ??
    e.firstTimestamp ??
    e.metadata?.creationTimestamp) ||
  undefined;

export const eventCount = (e: K8sEvent): number =>
  e.count ?? (e.series as { count?: number } | undefined)?.count ?? 1;

/** Events about one object, newest first. */
export const eventsFor = (snapshot: VmSnapshot, kind: string, name?: string): K8sEvent[] =>
  snapshot.events
    .filter(
      (e) =>
        e.involvedObject?.kind === kind && (name === undefined || e.involvedObject?.name === name),
    )
    .sort((a, b) => timeOf(eventTime(b)) - timeOf(eventTime(a)));

export const allEventsNewestFirst = (snapshot: VmSnapshot): K8sEvent[] =>
  [...snapshot.events].sort((a, b) => timeOf(eventTime(b)) - timeOf(eventTime(a)));

export const objectEvidence = (
  obj: K8sObject | undefined,
  fallbackKind: string,
  fieldPath?: string,
  value?: string,
): Evidence => ({
  kind: obj?.kind ?? fallbackKind,
  name: obj?.metadata?.name ?? '',
  ...(obj?.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  ...(fieldPath ? { fieldPath } : {}),
  ...(value !== undefined ? { value } : {}),
});

/** The VMI's `status.nodeName` as evidence that the VM runs on `nodeName` (none without a VMI). */
export const vmiNodeEvidence = (ctx: RuleContext, nodeName: string): Evidence[] =>
  ctx.snapshot.vmi
    ? [objectEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', 'status.nodeName', nodeName)]
    : [];

export const vmEvidence = (ctx: RuleContext, fieldPath?: string, value?: string): Evidence => ({
  kind: 'VirtualMachine',
  name: ctx.name,
  namespace: ctx.namespace,
  ...(fieldPath ? { fieldPath } : {}),
  ...(value !== undefined ? { value } : {}),
});

export const eventEvidence = (e: K8sEvent): Evidence => ({
  kind: e.involvedObject?.kind ?? 'Event',
  name: e.involvedObject?.name ?? '',
  ...(e.involvedObject?.namespace || e.metadata?.namespace
    ? { namespace: e.involvedObject?.namespace ?? e.metadata?.namespace }
    : {}),
  event: {
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: eventCount(e),
    ...(eventTime(e) ? { lastTimestamp: eventTime(e) } : {}),
    ...(e.type ? { type: e.type } : {}),
  },
});

export const conditionEvidence = (
  obj: K8sObject,
  kind: string,
  condition: Condition,
  index?: number,
): Evidence =>
  objectEvidence(
    obj,
    kind,
    index === undefined
      ? `status.conditions[type=${condition.type}]`
      : `status.conditions[${index}]`,
    [condition.status, condition.reason, condition.message].filter(Boolean).join(': '),
  );

/** The node the VM runs (or was placed) on: VMI status, then the newest launcher pod. */
export const vmNodeName = (ctx: RuleContext): string | undefined =>
  ctx.snapshot.vmi?.status?.nodeName ?? ctx.pods.find((p) => p.spec?.nodeName)?.spec?.nodeName;

/**
 * The cluster's clock as its objects show it: with node heartbeats in view, the newest heartbeat,
 * event or condition change, never later than the reader's clock. A browser clock that runs
 * ahead, or a snapshot judged long after it was taken, cannot make a normal operation look stuck.
 * Without any node (a reader who may not list them) the reader's clock is all there is: events
 * expire after an hour, so they alone would hide a VM stuck for longer.
 */
export const observedNow = (snapshot: VmSnapshot): number => {
  let heartbeat = 0;
  for (const node of snapshot.nodes)
    for (const c of (node.status as { conditions?: Condition[] } | undefined)?.conditions ?? [])
      heartbeat = Math.max(
        heartbeat,
        timeOf((c as { lastHeartbeatTime?: string }).lastHeartbeatTime),
      );
  const now = snapshot.now.getTime();
  if (!heartbeat) return now;
  let newest = heartbeat;
  const see = (t: string | null | undefined) => {
    newest = Math.max(newest, timeOf(t));
  };
  for (const e of snapshot.events) see(eventTime(e));
  for (const obj of [
    snapshot.vm,
    snapshot.vmi,
    ...snapshot.pods,
    ...snapshot.pvcs,
    ...snapshot.dataVolumes,
  ])
    for (const c of (obj?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [])
      see(c.lastTransitionTime);
  return Math.min(now, newest);
};

/** Minutes from `time` to the cluster's clock (`observedNow`): how long a state has lasted. */
export const observedMinutesSince = (ctx: RuleContext, time: string | null | undefined): number =>
  time ? (observedNow(ctx.snapshot) - timeOf(time)) / 60000 : 0;

export const minutesSince = (ctx: RuleContext, time: string | null | undefined): number =>
  time ? (ctx.snapshot.now.getTime() - timeOf(time)) / 60000 : 0;
