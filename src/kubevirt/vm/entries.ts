import type {
  K8sObject,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../types';
import type { VmEntry } from './accessors';
import { indexInstancetypes } from './resources';

export interface VmEntryLists {
  vms: readonly VirtualMachine[];
  vmis?: readonly VirtualMachineInstance[];
  /** Undefined: not listed (forbidden or not watched); the entries then carry no migrations. */
  migrations?: readonly VirtualMachineInstanceMigration[];
  /** Readable namespaced and cluster instancetypes. */
  instancetypes?: readonly K8sObject[];
}

const NO_MIGRATIONS: VirtualMachineInstanceMigration[] = [];

const key = (namespace: string | undefined, name: string | undefined) =>
  `${namespace ?? ''}/${name ?? ''}`;

/**
 * What a list consumer (the search page, the MCP search tool) knows of each VM: the VM, the VMI of
 * the same name, the migrations of that VMI (label `kubevirt.io/vmi-name` or `spec.vmiName`) and
 * the instancetype index shared by every entry.
 */
export const joinVmEntries = ({
  vms,
  vmis,
  migrations,
  instancetypes,
}: VmEntryLists): VmEntry[] => {
  const vmiByKey = new Map<string, VirtualMachineInstance>();
  for (const vmi of vmis ?? []) vmiByKey.set(key(vmi.metadata?.namespace, vmi.metadata?.name), vmi);
  const migrationsByVmi = new Map<string, VirtualMachineInstanceMigration[]>();
  for (const migration of migrations ?? []) {
    const vmiName = migration.spec?.vmiName ?? migration.metadata?.labels?.['kubevirt.io/vmi-name'];
    if (!vmiName) continue;
    const k = key(migration.metadata?.namespace, vmiName);
    const list = migrationsByVmi.get(k);
    if (list) list.push(migration);
    else migrationsByVmi.set(k, [migration]);
  }
  const index = instancetypes ? indexInstancetypes(instancetypes) : undefined;
  return vms.map((vm) => {
    const k = key(vm.metadata?.namespace, vm.metadata?.name);
    const vmi = vmiByKey.get(k);
    return {
      vm,
      ...(vmi ? { vmi } : {}),
      ...(migrations ? { migrations: migrationsByVmi.get(k) ?? NO_MIGRATIONS } : {}),
      ...(index ? { instancetypes: index } : {}),
    };
  });
};
