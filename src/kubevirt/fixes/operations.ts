/**
 * Builds the one API request of each lifecycle action against the VM as it is now, the way
 * virtctl and virt-api do it: runStrategy patches for start/stop (with a resourceVersion `test`,
 * so a VM changed since it was read is refused with 422 and nothing is written), KubeVirt
 * subresources for restart/pause/unpause, a VirtualMachineInstanceMigration for live migration and
 * its deletion to cancel one.
 */
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../types';
import type { FixAction, FixRequest, JsonPatchOp } from './model';
import { SUBRESOURCE_API, VM_API } from './model';

export interface VmState {
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
  migrations?: VirtualMachineInstanceMigration[];
}

const INVERSE: Partial<Record<FixAction, FixAction>> = {
  start: 'stop',
  stop: 'start',
  pause: 'unpause',
  unpause: 'pause',
  migrate: 'cancel-migration',
};

export const inverseOf = (action: FixAction): FixAction | undefined => INVERSE[action];

const FINAL_MIGRATION_PHASES = new Set(['Succeeded', 'Failed']);

export const isPaused = (vmi: VirtualMachineInstance | undefined): boolean =>
  (vmi?.status?.conditions ?? []).some((c) => c.type === 'Paused' && c.status === 'True');

const isRunning = (vmi: VirtualMachineInstance | undefined): boolean =>
  vmi?.status?.phase === 'Running';

/** A migration of this VMI that has not finished (the one a cancel deletes). */
export const activeMigration = (s: VmState): VirtualMachineInstanceMigration | undefined =>
  (s.migrations ?? []).find(
    (m) =>
      m.spec?.vmiName === s.vm.metadata?.name &&
      !m.metadata?.deletionTimestamp &&
      !FINAL_MIGRATION_PHASES.has(m.status?.phase ?? ''),
  );

/** Whether the action makes sense for the VM as it is now (so a button is offered at all). */
export const applicable = (action: FixAction, s: VmState): boolean => {
  const strategy = s.vm.spec?.runStrategy;
  switch (action) {
    case 'start':
      return (
        !s.vmi && (strategy === 'Halted' || strategy === 'Manual' || s.vm.spec?.running === false)
      );
    case 'stop':
      return Boolean(s.vmi) && strategy !== 'Halted' && s.vm.spec?.running !== false;
    case 'restart':
      return Boolean(s.vmi);
    case 'pause':
      return isRunning(s.vmi) && !isPaused(s.vmi);
    case 'unpause':
      return isPaused(s.vmi);
    case 'migrate':
      return isRunning(s.vmi) && !activeMigration(s);
    case 'cancel-migration':
      return Boolean(activeMigration(s));
  }
};

const pathOf = (s: VmState, kind: 'virtualmachines' | 'virtualmachineinstances', sub: string) =>
  `${SUBRESOURCE_API}/namespaces/${s.vm.metadata?.namespace}/${kind}/${s.vm.metadata?.name}/${sub}`;

const subresource = (
  s: VmState,
  kind: 'virtualmachines' | 'virtualmachineinstances',
  sub: string,
): FixRequest => ({
  method: 'PUT',
  path: pathOf(s, kind, sub),
  body: {},
  access: {
    group: 'subresources.kubevirt.io',
    resource: kind,
    subresource: sub,
    verb: 'update',
    namespace: s.vm.metadata?.namespace ?? '',
    name: s.vm.metadata?.name,
  },
});

/** A JSON patch of the VM guarded by its resourceVersion. */
const vmPatch = (s: VmState, ops: JsonPatchOp[]): FixRequest => ({
  method: 'PATCH',
  path: `${VM_API}/namespaces/${s.vm.metadata?.namespace}/virtualmachines/${s.vm.metadata?.name}`,
  patch: [
    { op: 'test', path: '/metadata/resourceVersion', value: s.vm.metadata?.resourceVersion },
    ...ops,
  ],
  access: {
    group: 'kubevirt.io',
    resource: 'virtualmachines',
    verb: 'patch',
    namespace: s.vm.metadata?.namespace ?? '',
    name: s.vm.metadata?.name,
  },
});

/**
 * runStrategy (or the legacy `running`) set to `target` (default: Always to start, Halted to
 * stop), testing the current value too.
 */
export const runPatch = (s: VmState, running: boolean, target?: string): FixRequest => {
  const spec = s.vm.spec ?? {};
  if (spec.runStrategy === undefined && spec.running !== undefined) {
    return vmPatch(s, [
      { op: 'test', path: '/spec/running', value: spec.running },
      { op: 'replace', path: '/spec/running', value: running },
    ]);
  }
  target ??= running ? 'Always' : 'Halted';
  return vmPatch(s, [
    ...(spec.runStrategy === undefined
      ? [{ op: 'add' as const, path: '/spec/runStrategy', value: target }]
      : [
          { op: 'test' as const, path: '/spec/runStrategy', value: spec.runStrategy },
          { op: 'replace' as const, path: '/spec/runStrategy', value: target },
        ]),
  ]);
};

/** Name of the migration object a fix creates: stable per VM revision, so a resend is a 409. */
export const migrationName = (s: VmState): string =>
  `${s.vm.metadata?.name}-kv-ls-${s.vm.metadata?.resourceVersion ?? '0'}`.slice(0, 63);

/** `migrationToCancel`: the migration an Undo of a migrate deletes (the one it created). */
export const requestFor = (
  action: FixAction,
  s: VmState,
  migrationToCancel?: string,
): FixRequest => {
  const ns = s.vm.metadata?.namespace ?? '';
  const name = s.vm.metadata?.name ?? '';
  switch (action) {
    case 'start':
      // Manual VMs are started through the subresource only; others by their runStrategy.
      return s.vm.spec?.runStrategy === 'Manual'
        ? subresource(s, 'virtualmachines', 'start')
        : runPatch(s, true);
    case 'stop':
      return s.vm.spec?.runStrategy === 'Manual'
        ? subresource(s, 'virtualmachines', 'stop')
        : runPatch(s, false);
    case 'restart':
      return subresource(s, 'virtualmachines', 'restart');
    // virt-api serves pause/unpause on the VMI (virtctl pause vm resolves to it).
    case 'pause':
      return subresource(s, 'virtualmachineinstances', 'pause');
    case 'unpause':
      return subresource(s, 'virtualmachineinstances', 'unpause');
    case 'migrate':
      return {
        method: 'POST',
        path: `${VM_API}/namespaces/${ns}/virtualmachineinstancemigrations`,
        body: {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstanceMigration',
          metadata: { name: migrationName(s), namespace: ns },
          spec: { vmiName: name },
        },
        access: {
          group: 'kubevirt.io',
          resource: 'virtualmachineinstancemigrations',
          verb: 'create',
          namespace: ns,
        },
      };
    case 'cancel-migration': {
      const vmim = migrationToCancel ?? activeMigration(s)?.metadata?.name ?? migrationName(s);
      return {
        method: 'DELETE',
        path: `${VM_API}/namespaces/${ns}/virtualmachineinstancemigrations/${vmim}`,
        access: {
          group: 'kubevirt.io',
          resource: 'virtualmachineinstancemigrations',
          verb: 'delete',
          namespace: ns,
          name: vmim,
        },
      };
    }
  }
};
