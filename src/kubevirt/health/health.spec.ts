import type { VirtualMachine, VirtualMachineInstance } from '../types';
import { STUCK_AFTER_MS, vmHealth } from './health';

const now = new Date('2026-11-25T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const MIN = 60_000;

const vm = (status: string, created = ago(60 * MIN)): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'v', namespace: 'ns', uid: 'u1', creationTimestamp: created },
  spec: { runStrategy: 'Always', template: { spec: { domain: {} } } },
  status: { printableStatus: status },
});

const vmi = (
  ready: 'True' | 'False',
  readySince = ago(60 * MIN),
  extra: Record<string, unknown> = {},
): VirtualMachineInstance => ({
  kind: 'VirtualMachineInstance',
  metadata: { name: 'v', namespace: 'ns', uid: 'i1', creationTimestamp: ago(60 * MIN) },
  status: {
    phase: 'Running',
    nodeName: 'worker-1',
    conditions: [{ type: 'Ready', status: ready, lastTransitionTime: readySince }],
    ...extra,
  },
});

describe('vmHealth', () => {
  it('calls a running, ready VM healthy and a stopped one stopped', () => {
    expect(vmHealth({ vm: vm('Running'), vmi: vmi('True') }, { now })).toMatchObject({
      health: 'healthy',
      problem: false,
      stuck: false,
    });
    const halted = vm('Stopped');
    halted.spec = { ...halted.spec, runStrategy: 'Halted' };
    expect(vmHealth({ vm: halted }, { now }).health).toBe('stopped');
  });

  it('needs attention when a VM that should run reads Stopped (run strategy Always)', () => {
    expect(vmHealth({ vm: vm('Stopped') }, { now })).toMatchObject({
      health: 'attention',
      problem: true,
    });
  });

  it('reports an error status with the category the diagnosis finds', () => {
    expect(vmHealth({ vm: vm('ErrImagePull') }, { now })).toMatchObject({
      health: 'error',
      problem: true,
    });
  });

  it(`marks a transition stuck after ${STUCK_AFTER_MS / MIN} minutes`, () => {
    const fresh = { vm: vm('Starting', ago(2 * MIN)) };
    expect(vmHealth(fresh, { now })).toMatchObject({ health: 'transitional', stuck: false });
    const old = { vm: vm('Starting', ago(STUCK_AFTER_MS + 5 * MIN)) };
    expect(vmHealth(old, { now })).toMatchObject({ stuck: true, problem: true });
  });

  it('marks a long migration stuck (needs attention)', () => {
    const migrating = {
      vm: vm('Migrating'),
      vmi: vmi('True', ago(60 * MIN), { migrationState: { startTimestamp: ago(45 * MIN) } }),
    };
    expect(vmHealth(migrating, { now })).toMatchObject({ health: 'attention', stuck: true });
  });

  it('needs attention when a running VMI has not been Ready for a while (e.g. node lost)', () => {
    expect(vmHealth({ vm: vm('Running'), vmi: vmi('False', ago(30 * MIN)) }, { now }).health).toBe(
      'attention',
    );
    expect(vmHealth({ vm: vm('Running'), vmi: vmi('False', ago(1 * MIN)) }, { now }).health).toBe(
      'transitional',
    );
  });

  it('sees a failed migration only when migrations are at hand', () => {
    const failed = {
      kind: 'VirtualMachineInstanceMigration',
      metadata: { name: 'm', namespace: 'ns', creationTimestamp: ago(20 * MIN) },
      spec: { vmiName: 'v' },
      status: { phase: 'Failed' },
    };
    const entry = { vm: vm('Running'), vmi: vmi('True') };
    expect(vmHealth(entry, { now }).health).toBe('healthy');
    expect(vmHealth({ ...entry, migrations: [failed] }, { now })).toMatchObject({
      health: 'error',
      category: 'Migration',
    });
  });

  it('calls a status it does not know "attention"', () => {
    expect(vmHealth({ vm: vm('FutureStatus') }, { now }).health).toBe('attention');
  });
});
