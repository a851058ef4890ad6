import { diagnoseVm } from '../diagnose';
import type { K8sEvent, Node, VmSnapshot } from '../model';
import {
  condition,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
} from '../testing/builders';

// virt-controller's LiveMigratable condition for a bridge binding on the pod network.
const NOT_MIGRATABLE = condition(
  'LiveMigratable',
  'False',
  'InterfaceNotLiveMigratable',
  'cannot migrate VMI which does not use masquerade, bridge with kubevirt.io/allow-pod-bridge-network-live-migration VM annotation or a migratable plugin to connect to the pod network',
);
// virt-api's pod-eviction admitter (pkg/virt-api/webhooks/validating-webhook/admitters).
const REFUSED =
  'error when evicting pods/"virt-launcher-vm1-abcde" -n "team-a": admission webhook "virt-launcher-eviction-interceptor.kubevirt.io" denied the request: VMI vm1 is configured with an eviction strategy but is not live-migratable';

const worker = (cordoned: boolean): Node => {
  const n = makeNode('worker-1');
  return cordoned ? { ...n, spec: { unschedulable: true } } : n;
};

const running = (opts: {
  cordoned: boolean;
  strategy?: string;
  migratable?: boolean;
  events?: K8sEvent[];
}): VmSnapshot => {
  const vmi = makeVmi({
    phase: 'Running',
    node: 'worker-1',
    created: 600,
    conditions: [
      condition('Ready', 'True', ''),
      ...(opts.migratable ? [condition('LiveMigratable', 'True', '')] : [NOT_MIGRATABLE]),
    ],
  });
  if (opts.strategy) vmi.spec = { ...vmi.spec, evictionStrategy: opts.strategy };
  return makeSnapshot(makeVm({ status: 'Running' }), {
    vmi,
    pods: [makePod({ node: 'worker-1', phase: 'Running' })],
    nodes: [worker(opts.cordoned)],
    events: opts.events ?? [],
  });
};

describe('drain blocked by a VM that cannot be live-migrated', () => {
  it('names the blocked drain and the not-migratable reason on a cordoned node with LiveMigrate', () => {
    const d = diagnoseVm(running({ cordoned: true, strategy: 'LiveMigrate' }));
    expect(d.rootCause).toMatchObject({
      category: 'Migration',
      ruleId: 'migration.evacuation-blocked',
    });
    expect(d.rootCause?.summary).toContain('Node "worker-1" is being drained');
    expect(d.rootCause?.summary).toContain('masquerade');
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({ kind: 'Node', name: 'worker-1', fieldPath: 'spec.unschedulable' }),
    );
  });

  it('reads a refused eviction as the drain signal when the strategy is the cluster default', () => {
    const d = diagnoseVm(
      running({
        cordoned: true,
        events: [makeEvent('Pod', 'virt-launcher-vm1-abcde', 'FailedEviction', REFUSED)],
      }),
    );
    expect(d.rootCause?.ruleId).toBe('migration.evacuation-blocked');
  });

  it('leaves a VM healthy on a cordoned node without a drain signal, or when it can migrate', () => {
    // Cordoned, strategy unset, no refused eviction: nothing says a drain waits for the VM.
    expect(diagnoseVm(running({ cordoned: true })).rootCause).toBeNull();
    // Migratable: the drain moves it.
    expect(
      diagnoseVm(running({ cordoned: true, strategy: 'LiveMigrate', migratable: true })).rootCause,
    ).toBeNull();
    // Not cordoned: no maintenance, an old refusal is history.
    expect(
      diagnoseVm(
        running({
          cordoned: false,
          strategy: 'LiveMigrate',
          events: [makeEvent('Pod', 'virt-launcher-vm1-abcde', 'FailedEviction', REFUSED)],
        }),
      ).rootCause,
    ).toBeNull();
  });
});
