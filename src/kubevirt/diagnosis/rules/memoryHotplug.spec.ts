import { diagnoseVm } from '../diagnose';
import { condition, makeSnapshot, makeVm, makeVmi } from '../testing/builders';

// virt-handler's condition after a failed SyncVirtualMachineMemory (see memoryHotplug.ts).
const FAILED = condition(
  'HotMemoryChange',
  'False',
  'Memory Hotplug Failed',
  'memory hotplug failed, the VM configuration is not supported',
);

const running = (conditions = [condition('Ready', 'True', ''), FAILED]) => {
  const vm = makeVm({ status: 'Running' });
  vm.spec = {
    ...vm.spec,
    template: { spec: { domain: { memory: { guest: '24Gi' } } } },
  } as typeof vm.spec;
  const vmi = makeVmi({ phase: 'Running', node: 'worker-1', conditions });
  vmi.status = { ...vmi.status, memory: { guestCurrent: '16Gi', guestRequested: '24Gi' } };
  return makeSnapshot(vm, { vmi });
};

describe('memory hotplug', () => {
  it('names a failed memory hotplug on a VM that otherwise runs, with both sizes', () => {
    const d = diagnoseVm(running());
    expect(d.rootCause).toMatchObject({ ruleId: 'vm.memory-hotplug-failed', category: 'Unknown' });
    expect(d.rootCause?.summary).toContain('still runs with 16Gi of guest memory');
    expect(d.rootCause?.summary).toContain('asks for 24Gi');
    expect(d.suggestions[0].commands).toContain('virtctl restart vm1 -n team-a');
  });

  it('says nothing without the failed condition', () => {
    expect(diagnoseVm(running([condition('Ready', 'True', '')])).rootCause).toBeNull();
  });
});
