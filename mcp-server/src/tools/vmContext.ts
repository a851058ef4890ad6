import {
  diagnoseVm,
  withoutMessages,
  type Diagnosis,
  type VmSnapshot,
} from '../../../src/kubevirt/diagnosis';
import { gatherVmSnapshot } from '../k8s/snapshot';
import type { ToolEnv } from './framework';

export interface VmContext {
  snapshot: VmSnapshot;
  diagnosis: Diagnosis;
  rounds: number;
}

/** Snapshot + diagnosis of one VM: what every single-VM tool starts from. */
export const loadVmContext = async (
  { rest, now }: ToolEnv,
  namespace: string,
  name: string,
): Promise<VmContext> => {
  const { snapshot, rounds } = await gatherVmSnapshot(rest, namespace, name, now);
  // The model reads English: the plugin's translatable Messages stay out of tool output.
  return { snapshot, diagnosis: withoutMessages(diagnoseVm(snapshot)), rounds };
};

/** Escapes a value for one markdown table cell. */
export const cell = (value: unknown): string =>
  String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
