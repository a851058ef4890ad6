import type { VirtualMachine } from '../../kubevirt/types';

/**
 * The "error" a VM-level troubleshoot prompt is about, taken from the VM itself: its printable
 * status and the conditions that are not healthy. English on purpose: it is prompt text for the
 * model, not UI text.
 */
export const vmProblem = (vm: VirtualMachine): { title: string; message: string } => {
  const name = vm.metadata?.name ?? 'unknown';
  const status = vm.status?.printableStatus ?? 'Unknown';
  // Ready=False, Failure=True, and any False condition that explains itself with a message.
  const unhealthy = (vm.status?.conditions ?? []).filter((condition) =>
    condition.type === 'Failure'
      ? condition.status === 'True'
      : condition.status === 'False' && (condition.type === 'Ready' || Boolean(condition.message)),
  );
  const details = unhealthy
    .map((c) => [c.type, c.reason, c.message].filter(Boolean).join(': '))
    .join('\n');
  return {
    title: `VirtualMachine ${name} is ${status}`,
    message: details || `The VirtualMachine reports the status ${status}.`,
  };
};
