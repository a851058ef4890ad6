import type { VirtualMachine } from '../types';
import { parseQuantity } from './quantity';

/**
 * vCPUs of a VM: sockets × cores × threads of `domain.cpu` (each defaulting to 1), else the CPU
 * request rounded up (KubeVirt derives the topology from it). A VM sized by an instancetype carries
 * no CPU in its own spec, and the instancetype object is not at hand: undefined rather than a guess.
 * With no hint at all KubeVirt gives a VM one vCPU.
 */
export const vmCpuCount = (vm: VirtualMachine | undefined): number | undefined => {
  const domain = vm?.spec?.template?.spec?.domain;
  const cpu = domain?.cpu;
  if (cpu && (cpu.sockets || cpu.cores || cpu.threads)) {
    return (cpu.sockets || 1) * (cpu.cores || 1) * (cpu.threads || 1);
  }
  const requested =
    parseQuantity(domain?.resources?.requests?.cpu) ??
    parseQuantity(domain?.resources?.limits?.cpu);
  if (requested !== undefined && requested > 0) return Math.ceil(requested);
  if (vm?.spec?.instancetype) return undefined;
  return vm?.spec?.template ? 1 : undefined;
};

/**
 * Guest memory in bytes: `domain.memory.guest`, else the memory request (or limit). Undefined
 * for instancetype-sized VMs and VMs without a memory hint.
 */
export const vmMemoryBytes = (vm: VirtualMachine | undefined): number | undefined => {
  const domain = vm?.spec?.template?.spec?.domain;
  return (
    parseQuantity(domain?.memory?.guest) ??
    parseQuantity(domain?.resources?.requests?.memory) ??
    parseQuantity(domain?.resources?.limits?.memory)
  );
};
