import { conditionEvidence, findCondition, objectEvidence } from '../context';
import { msg } from '../messages';
import { finding, type DiagnosisRule } from './rule';

/**
 * A memory hotplug the VM could not take (kubevirt pkg/virt-handler: on a failed
 * SyncVirtualMachineMemory the VMI gets HotMemoryChange=False, reason "Memory Hotplug Failed",
 * "memory hotplug failed, the VM configuration is not supported"). The VM keeps running with its
 * old memory, so every status reads healthy while the requested size never arrives.
 */
export const memoryHotplugRule: DiagnosisRule = {
  id: 'memory-hotplug',
  category: 'Unknown',
  checkName: msg('Hot-plugged memory was applied to the running VM'),
  evaluate: (ctx) => {
    const vmi = ctx.snapshot.vmi;
    const change = findCondition(vmi, 'HotMemoryChange');
    if (!vmi || change?.status !== 'False' || !/fail/i.test(`${change.reason} ${change.message}`))
      return [];
    const memory = (vmi.status as { memory?: { guestCurrent?: string; guestRequested?: string } })
      .memory;
    const requested =
      (ctx.vm.spec?.template?.spec as { domain?: { memory?: { guest?: string } } } | undefined)
        ?.domain?.memory?.guest ?? memory?.guestRequested;
    const current = memory?.guestCurrent;
    return [
      finding(
        'vm.memory-hotplug-failed',
        'critical',
        'Unknown',
        current && requested
          ? msg(
              'Memory hotplug failed: the VM still runs with {{current}} of guest memory while its spec asks for {{requested}} ({{message}}). A restart applies the new size.',
              { current, requested, message: change.message ?? change.reason ?? '' },
            )
          : msg(
              'Memory hotplug failed ({{message}}): the VM keeps running with its previous memory until it is restarted.',
              { message: change.message ?? change.reason ?? '' },
            ),
        [
          conditionEvidence(vmi, 'VirtualMachineInstance', change),
          ...(current
            ? [objectEvidence(vmi, 'VirtualMachineInstance', 'status.memory.guestCurrent', current)]
            : []),
        ],
      ),
    ];
  },
};
