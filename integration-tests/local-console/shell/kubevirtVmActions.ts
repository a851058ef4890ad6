/**
 * Stand-ins for kubevirt-plugin's own VirtualMachine actions (the menu's local options), following
 * kubevirt-ui/kubevirt-plugin release-4.22 `src/views/virtualmachines/actions/hooks/
 * useVirtualMachineActionsProvider.ts` (order, groups), `.../actions/VirtualMachineActionFactory.tsx`
 * (labels, access reviews, when disabled) and `.../actions/hooks/constants.ts` (ids). No action does
 * anything here; "Save as template" and "Move to folder" are left out as behind kubevirt-plugin
 * features, ACM actions as absent without ACM.
 */
import type { AccessReview, LocalAction } from './menuOptions';

interface Vm {
  metadata?: { name?: string; namespace?: string };
  status?: { printableStatus?: string };
}

const noop = () => {
  console.info('kubevirt-plugin action stand-in: nothing to do in the local console');
};

const review = (
  group: string,
  resource: string,
  vm: Vm,
  verb: string,
  subresource?: string,
): AccessReview => ({
  group,
  resource,
  subresource,
  verb,
  name: vm.metadata?.name,
  namespace: vm.metadata?.namespace,
});

const VM = ['kubevirt.io', 'virtualmachines'] as const;
const VM_SUB = ['subresources.kubevirt.io', 'virtualmachines'] as const;
const VMI_SUB = ['subresources.kubevirt.io', 'virtualmachineinstances'] as const;

export const kubevirtVmActions = (vm: Vm): LocalAction[] => {
  const status = vm.status?.printableStatus ?? '';
  const running = status === 'Running';
  const is = (...s: string[]) => s.includes(status);
  const startOrStop: LocalAction =
    status === 'Stopped'
      ? {
          id: 'vm-action-start',
          label: 'Start',
          cta: noop,
          accessReview: review(...VM_SUB, vm, 'update', 'start'),
          disabled: is('Migrating', 'Paused', 'Provisioning', 'Running', 'Starting', 'Stopping'),
        }
      : is('Stopping', 'Terminating')
        ? {
            id: 'vm-action-force-stop',
            label: 'Force stop',
            cta: noop,
            accessReview: review(...VM, vm, 'patch'),
            disabled: is('Migrating', 'Provisioning', 'Stopped', 'Unknown'),
          }
        : {
            id: 'vm-action-stop',
            label: 'Stop',
            cta: noop,
            accessReview: review(...VM_SUB, vm, 'update', 'stop'),
            disabled: is('Provisioning', 'Stopped', 'Stopping', 'Terminating', 'Unknown'),
          };
  const pauseOrUnpause: LocalAction =
    status === 'Paused'
      ? {
          id: 'vm-action-unpause',
          label: 'Unpause',
          cta: noop,
          accessReview: review(...VMI_SUB, vm, 'update', 'unpause'),
        }
      : {
          id: 'vm-action-pause',
          label: 'Pause',
          cta: noop,
          accessReview: review(...VMI_SUB, vm, 'update', 'pause'),
          disabled: !running,
        };
  return [
    {
      id: 'control-menu',
      label: 'Control',
      cta: () => null,
      options: [
        startOrStop,
        pauseOrUnpause,
        {
          id: 'vm-action-restart',
          label: 'Restart',
          description: 'Shut down and reboot the VM',
          cta: noop,
          accessReview: review(...VM_SUB, vm, 'update', 'restart'),
          disabled: is(
            'Migrating',
            'Provisioning',
            'Stopped',
            'Stopping',
            'Terminating',
            'Unknown',
          ),
        },
        {
          id: 'vm-action-reset',
          label: 'Reset',
          description: 'Hard power cycle on the VM',
          cta: noop,
          accessReview: review(...VM, vm, 'patch'),
          disabled: !running,
        },
      ],
    },
    {
      id: 'vm-action-open-console',
      label: 'Open Console',
      description: running ? 'Open console in new tab' : 'The VirtualMachine is not running',
      cta: noop,
      disabled: !running,
    },
    {
      id: 'vm-action-clone',
      label: 'Clone',
      cta: noop,
      accessReview: review('clone.kubevirt.io', 'virtualmachineclones', vm, 'create'),
    },
    {
      id: 'vm-action-snapshot',
      label: 'Take snapshot',
      cta: noop,
      accessReview: review('snapshot.kubevirt.io', 'virtualmachinesnapshots', vm, 'create'),
    },
    {
      id: 'migration-menu',
      label: 'Migration',
      cta: () => null,
      options: [
        {
          id: 'vm-action-migrate-compute',
          label: 'Compute',
          description: 'Migrate VirtualMachine to a different Node',
          cta: noop,
          accessReview: {
            group: 'kubevirt.io',
            resource: 'virtualmachineinstancemigrations',
            namespace: vm.metadata?.namespace,
            verb: 'create',
          },
          disabled: !running,
        },
        {
          id: 'vm-action-migrate-storage',
          label: 'Storage',
          description: 'Migrate VirtualMachine storage to a different StorageClass',
          cta: noop,
          disabled: true,
          disabledTooltip: 'Storage migration is not available on this cluster.',
        },
      ],
    },
    {
      id: 'vm-action-copy-ssh',
      label: 'Copy SSH command',
      description: 'SSH using virtctl',
      cta: noop,
      accessReview: review(...VM, vm, 'patch'),
      disabled: true,
    },
    {
      id: 'vm-action-edit-labels',
      label: 'Edit labels',
      cta: noop,
      accessReview: review(...VM, vm, 'patch'),
    },
    {
      id: 'vm-action-delete',
      label: 'Delete',
      description: running ? 'The VirtualMachine is running' : undefined,
      cta: noop,
      accessReview: review(...VM, vm, 'delete'),
      disabled: running,
    },
  ];
};
