/**
 * The search over the fleet, page by page (issue 15): each VM page is matched as it arrives and
 * only the first `limit` matches (in namespace/name order) and the count of matches are kept. When
 * matching needs VMIs they are streamed first into a compact projection keyed by namespace/name,
 * so memory grows with the running VMIs' few fields, never with whole objects or whole pages.
 */
import { matchesVmSearch, type VmSearchCriteria } from '../../../../src/kubevirt/search';
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../../../../src/kubevirt/types';
import type { InstancetypeIndex, VmEntry } from '../../../../src/kubevirt/vm';
import { RESOURCES } from '../../k8s/resources';
import type { KubeRest } from '../../k8s/rest';
import {
  streamInScope,
  type IncompleteList,
  type ScopeRequest,
  type StreamStep,
} from '../../k8s/scope';
import { compactVmi, entryKey, TopMatches } from './streaming';

export interface StreamSearchRequest {
  criteria: VmSearchCriteria;
  now: Date;
  limit: number;
  scope: ScopeRequest;
  /** Matching reads VMIs (node, OS, health, size criteria). */
  withVmis: boolean;
  /** Undefined: not readable; entries then carry none (as joinVmEntries does). */
  migrations?: readonly VirtualMachineInstanceMigration[];
  /** Cluster instancetypes, when a size criterion needs them. */
  instancetypes?: InstancetypeIndex;
}

/** A list that ended early: what the output reports (`partial`) and the text says. */
export interface PartialList {
  list: 'VirtualMachine' | 'VirtualMachineInstance';
  reason: IncompleteList['reason'];
  /** Items of that list read before it ended. */
  listedBefore: number;
  namespace?: string;
}

export interface StreamSearchResult {
  /** Matches counted over everything listed. */
  total: number;
  /** The first `limit` matches in namespace/name order. */
  page: VmEntry[];
  namespacesSearched?: string[];
  partial: PartialList[];
}

const NO_MIGRATIONS: VirtualMachineInstanceMigration[] = [];

const migrationsByVmi = (migrations: readonly VirtualMachineInstanceMigration[]) => {
  const byVmi = new Map<string, VirtualMachineInstanceMigration[]>();
  for (const migration of migrations) {
    const vmiName = migration.spec?.vmiName ?? migration.metadata?.labels?.['kubevirt.io/vmi-name'];
    if (!vmiName) continue;
    const key = `${migration.metadata?.namespace ?? ''}/${vmiName}`;
    const list = byVmi.get(key);
    if (list) list.push(migration);
    else byVmi.set(key, [migration]);
  }
  return byVmi;
};

export const streamSearch = async (
  rest: KubeRest,
  request: StreamSearchRequest,
): Promise<StreamSearchResult> => {
  const { criteria, now, limit, migrations, instancetypes } = request;
  const clock = { now };
  const top = new TopMatches<VmEntry>(limit);
  const vmis = request.withVmis ? new Map<string, VirtualMachineInstance>() : undefined;
  const byVmi = migrations ? migrationsByVmi(migrations) : undefined;
  let total = 0;

  const steps: StreamStep<never>[] = [];
  if (vmis) {
    steps.push({
      res: RESOURCES.virtualMachineInstance,
      // VMIs do not carry their VM's labels: the selector is for the VM list only.
      labelSelector: null,
      visit: (vmi: VirtualMachineInstance) => {
        vmis.set(`${vmi.metadata?.namespace ?? ''}/${vmi.metadata?.name ?? ''}`, compactVmi(vmi));
      },
    } as StreamStep<VirtualMachineInstance> as StreamStep<never>);
  }
  steps.push({
    res: RESOURCES.virtualMachine,
    primary: true,
    visit: (vm: VirtualMachine) => {
      const { namespace = '', name = '' } = vm.metadata ?? {};
      const joinKey = `${namespace}/${name}`;
      const vmi = vmis?.get(joinKey);
      const entry: VmEntry = {
        vm,
        ...(vmi ? { vmi } : {}),
        ...(byVmi ? { migrations: byVmi.get(joinKey) ?? NO_MIGRATIONS } : {}),
        ...(instancetypes ? { instancetypes } : {}),
      };
      if (!matchesVmSearch(entry, criteria, clock)) return;
      total += 1;
      top.offer(entryKey(vm), entry);
    },
  } as StreamStep<VirtualMachine> as StreamStep<never>);

  const { namespacesSearched, incomplete } = await streamInScope(rest, steps, request.scope);
  return {
    total,
    page: top.toArray(),
    ...(namespacesSearched ? { namespacesSearched } : {}),
    partial: incomplete.map((entry) => ({
      list:
        entry.resource === RESOURCES.virtualMachine ? 'VirtualMachine' : 'VirtualMachineInstance',
      reason: entry.reason,
      listedBefore: entry.itemsSeen,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
    })),
  };
};
