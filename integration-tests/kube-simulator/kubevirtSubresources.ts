/**
 * virt-api's lifecycle subresources (subresources.kubevirt.io/v1: VM start|stop|restart|migrate,
 * VMI pause|unpause) and, after any VM write, what virt-controller does next: a runStrategy that
 * wants the VM running gets a VMI, one that does not loses it, and `printableStatus` follows. The
 * guest "boots" at once (phase Running). Refusals carry virt-api's 409 wording; state is changed
 * only after every check passed, so a refused request changes nothing.
 */
import { deterministicUid, type ObjectStore, type StoredObject } from './store';
import { stateConflict } from './status';

export const VM_SUBRESOURCES = ['start', 'stop', 'restart', 'migrate'] as const;
export const VMI_SUBRESOURCES = ['pause', 'unpause'] as const;
export type LifecycleAction = (typeof VM_SUBRESOURCES)[number] | (typeof VMI_SUBRESOURCES)[number];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
}

const timestamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const getVm = (store: ObjectStore, ns: string, name: string) =>
  store.get('VirtualMachine', ns, name) as (StoredObject & Obj) | undefined;
const getVmi = (store: ObjectStore, ns: string, name: string) =>
  store.get('VirtualMachineInstance', ns, name) as (StoredObject & Obj) | undefined;

const conditionsOf = (o: Obj | undefined): Condition[] =>
  (o?.status?.conditions ?? []) as Condition[];
export const isPausedVmi = (vmi: Obj | undefined): boolean =>
  conditionsOf(vmi).some((c) => c.type === 'Paused' && c.status === 'True');

const setCondition = (conditions: Condition[], c: Condition): Condition[] => [
  ...conditions.filter((x) => x.type !== c.type),
  { lastProbeTime: null, lastTransitionTime: timestamp(), ...c },
];
const dropCondition = (conditions: Condition[], type: string): Condition[] =>
  conditions.filter((c) => c.type !== type);

/** Does the VM's spec ask for a running VMI (ignoring Manual, which only the subresources move)? */
const wantsRunning = (vm: Obj): boolean | undefined => {
  const strategy = vm.spec?.runStrategy as string | undefined;
  if (strategy === undefined)
    return vm.spec?.running === undefined ? undefined : Boolean(vm.spec.running);
  if (strategy === 'Always' || strategy === 'RerunOnFailure') return true;
  if (strategy === 'Halted') return false;
  return undefined; // Manual, Once: decided by the start/stop requests
};

const nodeFor = (store: ObjectStore, previous: Obj | undefined): string =>
  (previous?.status?.nodeName as string | undefined) ??
  store.list('Node').find((n) => !(n as Obj).spec?.unschedulable)?.metadata.name ??
  'worker-1';

/** A VMI created from the VM's template, running on a node, with a fresh uid. */
const newVmi = (store: ObjectStore, vm: StoredObject & Obj, previous?: Obj): Obj => {
  const ns = vm.metadata.namespace as string;
  const created = timestamp();
  const uid = deterministicUid(
    `VirtualMachineInstance/${ns}/${vm.metadata.name}/${store.resourceVersion}`,
  );
  const node = nodeFor(store, previous);
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: vm.metadata.name,
      namespace: ns,
      uid,
      creationTimestamp: created,
      labels: { ...(vm.spec?.template?.metadata?.labels ?? {}), 'kubevirt.io/nodeName': node },
      annotations: { 'kubevirt.io/vm-generation': String(vm.metadata.generation ?? 1) },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          name: vm.metadata.name,
          uid: vm.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(vm.spec?.template?.spec ?? {}),
    status: {
      phase: 'Running',
      nodeName: node,
      conditions: [
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: created },
        {
          type: 'LiveMigratable',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: created,
        },
      ],
      phaseTransitionTimestamps: [{ phase: 'Running', phaseTransitionTimestamp: created }],
    },
  };
};

/** The launcher pods of a VMI (label kubevirt.io/created-by = VMI uid). */
const launcherPods = (
  store: ObjectStore,
  ns: string,
  vmiUid: string | undefined,
): StoredObject[] =>
  vmiUid
    ? store.list('Pod', ns).filter((p) => p.metadata.labels?.['kubevirt.io/created-by'] === vmiUid)
    : [];

const deleteVmi = (store: ObjectStore, vmi: StoredObject): void => {
  const ns = vmi.metadata.namespace as string;
  for (const pod of launcherPods(store, ns, vmi.metadata.uid))
    store.delete('Pod', ns, pod.metadata.name);
  store.delete('VirtualMachineInstance', ns, vmi.metadata.name);
};

/** A new VMI, and launcher pods cloned from the old VMI's (renamed, pointing at the new uid). */
const createVmi = (store: ObjectStore, vm: StoredObject & Obj, previous?: StoredObject): void => {
  const ns = vm.metadata.namespace as string;
  const oldPods = previous ? launcherPods(store, ns, previous.metadata.uid) : [];
  if (previous) deleteVmi(store, previous);
  const vmi = store.apply(newVmi(store, vm, previous));
  oldPods.forEach((pod, i) => {
    const suffix = vmi.metadata.uid.slice(0, 5);
    const clone = structuredClone(pod) as Obj;
    clone.metadata = {
      ...clone.metadata,
      name: `virt-launcher-${vm.metadata.name}-${suffix}${i ? `-${i}` : ''}`,
      uid: undefined,
      resourceVersion: undefined,
      creationTimestamp: timestamp(),
      labels: { ...clone.metadata.labels, 'kubevirt.io/created-by': vmi.metadata.uid },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name: vmi.metadata.name,
          uid: vmi.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    };
    delete clone.metadata.uid;
    delete clone.metadata.resourceVersion;
    store.apply(clone);
  });
};

/** VM status from its VMI, as virt-controller reports it. */
const syncVmStatus = (store: ObjectStore, ns: string, name: string): void => {
  const vm = getVm(store, ns, name);
  if (!vm) return;
  const vmi = getVmi(store, ns, name);
  const paused = isPausedVmi(vmi);
  const running = vmi?.status?.phase === 'Running';
  const printableStatus = !vmi ? 'Stopped' : paused ? 'Paused' : running ? 'Running' : 'Starting';
  let conditions = setCondition(
    dropCondition(conditionsOf(vm), 'Paused'),
    running && !paused ? { type: 'Ready', status: 'True' } : { type: 'Ready', status: 'False' },
  );
  const pausedCondition = conditionsOf(vmi).find((c) => c.type === 'Paused' && c.status === 'True');
  if (pausedCondition) conditions = [...conditions, pausedCondition];
  const before = vm.status ?? {};
  const keep = (c: Condition) =>
    conditionsOf(vm).find((o) => o.type === c.type && o.status === c.status) ?? c;
  const status = {
    ...before,
    printableStatus,
    ready: running && !paused,
    created: Boolean(vmi),
    conditions: conditions.map(keep),
    runStrategy: vm.spec?.runStrategy ?? before.runStrategy,
  };
  if (JSON.stringify(status) === JSON.stringify(before)) return;
  const { startFailure: _drop, ...withoutFailure } = status;
  store.apply({ ...vm, status: vmi && running ? withoutFailure : status });
};

/** What virt-controller does after the VM spec changed: create or delete the VMI, then status. */
export const reconcileVm = (store: ObjectStore, ns: string, name: string): void => {
  const vm = getVm(store, ns, name);
  if (!vm) return;
  const vmi = getVmi(store, ns, name);
  const wanted = wantsRunning(vm);
  if (wanted === true && !vmi) createVmi(store, vm);
  if (wanted === false && vmi) deleteVmi(store, vmi);
  syncVmStatus(store, ns, name);
};

/** The VMIM a `migrate` request creates (its phase stays Scheduling: no target is simulated). */
export const migrationObject = (ns: string, vmName: string, name?: string): Obj => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceMigration',
  metadata: {
    ...(name ? { name } : { generateName: 'kubevirt-migrate-vm-' }),
    namespace: ns,
    labels: { 'kubevirt.io/vmi-name': vmName },
  },
  spec: { vmiName: vmName },
  status: { phase: 'Scheduling' },
});

/**
 * Runs one lifecycle request on the VM `name` (for pause/unpause: its VMI). The caller has already
 * authorized it. Returns nothing: virt-api answers 200 with an empty body. `createObject` makes a
 * VMIM through the same path a POST takes (generateName, AlreadyExists).
 */
export const runLifecycle = (
  store: ObjectStore,
  action: LifecycleAction,
  ns: string,
  name: string,
  createObject: (obj: Obj) => StoredObject,
): void => {
  const vm = getVm(store, ns, name);
  const vmi = getVmi(store, ns, name);
  const strategy =
    (vm?.spec?.runStrategy as string | undefined) ?? (vm?.spec?.running ? 'Always' : 'Halted');
  const vmMissing = () => stateConflict(`virtualmachine.kubevirt.io "${name}" not found`);
  switch (action) {
    case 'start': {
      if (!vm) throw vmMissing();
      if (vmi) throw stateConflict('VM is already running');
      if (strategy === 'Manual') {
        createVmi(store, vm);
      } else {
        store.apply(withRunning(vm, true));
        reconcileVm(store, ns, name);
      }
      syncVmStatus(store, ns, name);
      return;
    }
    case 'stop': {
      if (!vm) throw vmMissing();
      if (!vmi && strategy === 'Halted') throw stateConflict('VM is not running');
      if (strategy === 'Manual') {
        if (vmi) deleteVmi(store, vmi);
      } else {
        store.apply(withRunning(vm, false));
        reconcileVm(store, ns, name);
      }
      syncVmStatus(store, ns, name);
      return;
    }
    case 'restart': {
      if (!vm) throw vmMissing();
      if (strategy === 'Halted')
        throw stateConflict('RunStategy Halted does not support manual restart requests');
      if (!vmi) throw stateConflict('VM is not running');
      createVmi(store, vm, vmi);
      syncVmStatus(store, ns, name);
      return;
    }
    case 'migrate': {
      if (!vm) throw vmMissing();
      if (!vmi || vmi.status?.phase !== 'Running') throw stateConflict('VM is not running');
      createObject(migrationObject(ns, name));
      return;
    }
    case 'pause':
    case 'unpause': {
      if (!vmi) throw stateConflict(`virtualmachineinstance.kubevirt.io "${name}" not found`);
      const paused = isPausedVmi(vmi);
      if (action === 'pause' && paused) throw stateConflict('VMI is already paused');
      if (action === 'unpause' && !paused) throw stateConflict('VMI is not paused');
      if (vmi.status?.phase !== 'Running') throw stateConflict('VMI is not running');
      const conditions =
        action === 'pause'
          ? setCondition(conditionsOf(vmi), {
              type: 'Paused',
              status: 'True',
              reason: 'PausedByUser',
              message: 'VMI was paused by user',
            })
          : dropCondition(conditionsOf(vmi), 'Paused');
      const ready = setCondition(conditions, {
        type: 'Ready',
        status: action === 'pause' ? 'False' : 'True',
      });
      store.apply({ ...vmi, status: { ...vmi.status, conditions: ready } });
      syncVmStatus(store, ns, name);
    }
  }
};

/** The VM with runStrategy (or the legacy `running`) switched, the way virt-api's start/stop do. */
const withRunning = (vm: StoredObject & Obj, running: boolean): Obj => {
  const spec = { ...vm.spec };
  if (spec.runStrategy === undefined && spec.running !== undefined) spec.running = running;
  else spec.runStrategy = running ? 'Always' : 'Halted';
  return { ...vm, spec };
};
