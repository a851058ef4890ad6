/**
 * Ranking (cause > symptom, transitions never a root cause), honest checks ("not verified",
 * "unexplained errors" only when unexplained) and one suggestion list aimed at the sub-cause.
 */
import { diagnoseVm } from './diagnose';
import { formatDuration } from './duration';
import type { Diagnosis, VmSnapshot } from './model';
import type { DiagnosisRule } from './rules/rule';
import { DIAGNOSIS_RULES } from './rules/registry';
import {
  condition,
  forbidden,
  makeDv,
  makeEvent,
  makePod,
  makePvc,
  makeSnapshot,
  makeVm,
  makeVmi,
  minutesAgo,
  NS,
} from './testing/builders';
import {
  loadAllScenarios,
  loadClusterObjects,
  scenarioSnapshot,
  type Scenario,
} from './testing/scenarios';

const POD = 'virt-launcher-vm1-abcde';
const check = (d: Diagnosis, id: string) => d.checks.find((c) => c.id === id)!;
const byRule = (d: Diagnosis, ruleId: string) => d.findings.find((f) => f.ruleId === ruleId);
const GENERIC_TITLE = 'Inspect the VM, its VMI and recent events';

const dvVm = (status: string) =>
  makeVm({
    status,
    volumes: [{ name: 'rootdisk', dataVolume: { name: 'rootdisk' } }],
    dataVolumeTemplates: [
      {
        metadata: { name: 'rootdisk' },
        spec: {
          source: { http: { url: 'https://example.com/disk.img' } },
          storage: { storageClassName: 'ceph-rbd' },
        },
      },
    ],
  });

describe('ranking: causes, symptoms, transitions', () => {
  it('ranks the importer error above the Pending claim CDI keeps while importing', () => {
    const snapshot = makeSnapshot(dvVm('Provisioning'), {
      pvcs: [makePvc('rootdisk', 'Pending', 'ceph-rbd', 40)],
      dataVolumes: [
        makeDv('rootdisk', 'ImportInProgress', [
          condition(
            'Running',
            'False',
            'Error',
            'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found',
          ),
        ]),
      ],
    });
    const d = diagnoseVm(snapshot);
    expect(d.rootCause).toMatchObject({ category: 'DataVolumeImport', ruleId: 'dv.import-failed' });
    expect(byRule(d, 'pvc.unbound')).toMatchObject({ role: 'symptom' });
    expect(byRule(d, 'dv.import-failed')).toMatchObject({ role: 'cause' });
    expect(d.findings[0].ruleId).toBe('dv.import-failed');
  });

  it('treats an import in progress as a normal transition, not a stuck VM', () => {
    const dv = makeDv('rootdisk', 'ImportInProgress', [
      condition('Running', 'True', 'Pod is running'),
    ]);
    dv.status = { ...dv.status, progress: '45.20%' };
    const vm = dvVm('Provisioning');
    const d = diagnoseVm(
      makeSnapshot(vm, {
        pvcs: [makePvc('rootdisk', 'Pending', 'ceph-rbd', 40)],
        dataVolumes: [dv],
        vmi: undefined,
      }),
    );
    expect(byRule(d, 'dv.import-in-progress')).toMatchObject({
      role: 'transition',
      severity: 'info',
    });
    expect(byRule(d, 'dv.import-in-progress')?.message).toContain('45.20%');
    expect(d.rootCause).toBeNull();
    expect(byRule(d, 'pvc.unbound')?.severity).toBe('warning');
    expect(d.suggestions).toEqual([]);
  });

  it('treats WaitForFirstConsumer with a stopped VM as a transition', () => {
    const vm = makeVm({
      status: 'Stopped',
      runStrategy: 'Halted',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });
    const d = diagnoseVm(
      makeSnapshot(vm, {
        pvcs: [makePvc('data', 'Pending', 'lvms-vg1', 600)],
        storageClasses: [
          {
            apiVersion: 'storage.k8s.io/v1',
            kind: 'StorageClass',
            metadata: { name: 'lvms-vg1' },
            provisioner: 'topolvm.io',
            volumeBindingMode: 'WaitForFirstConsumer',
          },
        ],
        storageClassesListed: true,
      }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'pvc.wait-for-first-consumer')).toMatchObject({ role: 'transition' });
    expect(byRule(d, 'pvc.wait-for-first-consumer')?.message).toContain('the VM is stopped');
  });

  it('treats a running migration as a transition', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Migrating' }), {
        vmi: makeVmi({ node: 'w1' }),
        migrations: [
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachineInstanceMigration',
            metadata: { name: 'evacuation-x', namespace: NS, creationTimestamp: minutesAgo(2) },
            spec: { vmiName: 'vm1' },
            status: { phase: 'Running' },
          },
        ],
      }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'migration.in-progress')).toMatchObject({ role: 'transition' });
  });

  it('never lets a transition become the root cause, even from a custom rule', () => {
    const rule: DiagnosisRule = {
      id: 'custom',
      category: 'Unknown',
      checkName: 'custom',
      evaluate: () => [
        {
          ruleId: 'custom.transition',
          role: 'transition',
          severity: 'critical',
          category: 'Unknown',
          message: 'x',
          evidence: [],
        },
      ],
    };
    const d = diagnoseVm(makeSnapshot(makeVm()), [rule]);
    expect(d.rootCause).toBeNull();
    expect(d.findings[0].severity).toBe('info');
  });

  it('prefers a warning-level cause over a critical symptom it can explain', () => {
    const warningCause: DiagnosisRule = {
      id: 'w',
      category: 'NodeProblem',
      checkName: 'w',
      evaluate: () => [
        {
          ruleId: 'node.pressure',
          severity: 'warning',
          category: 'NodeProblem',
          message: 'Node "w1" reports MemoryPressure.',
          evidence: [{ kind: 'Node', name: 'w1' }],
        },
      ],
    };
    const generic = DIAGNOSIS_RULES.find((r) => r.id === 'general-health')!;
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), { vmi: makeVmi({ created: 30 }) }),
      [warningCause, generic],
    );
    expect(d.rootCause).toMatchObject({ ruleId: 'node.pressure', category: 'NodeProblem' });
    expect(d.findings[0].ruleId).toBe('node.pressure');
  });

  it('lets a symptom name the cause only when no cause was found', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), { vmi: makeVmi({ created: 19 }) }),
    );
    expect(d.rootCause).toMatchObject({ category: 'Unknown', ruleId: 'vm.stuck' });
    expect(d.rootCause?.summary).toBe('The VM has been Starting for 19 minutes.');
  });
});

describe('honest checks', () => {
  const unschedulable = () => {
    const message =
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    return makeSnapshot(makeVm({ status: 'ErrorUnschedulable' }), {
      pods: [
        makePod({ conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)] }),
      ],
      events: [makeEvent('Pod', POD, 'FailedScheduling', message)],
    });
  };

  it('does not fail "unexplained errors" when another failing check explains the status', () => {
    const d = diagnoseVm(unschedulable());
    expect(check(d, 'general-health')).toMatchObject({
      passed: true,
      status: 'passed',
      explainedBy: ['scheduling-resources'],
    });
    expect(d.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
      'scheduling-resources',
    ]);
  });

  it('fails "unexplained errors" when nothing else explains the status', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), { vmi: makeVmi({ created: 30 }) }),
    );
    expect(check(d, 'general-health')).toMatchObject({ passed: false, status: 'failed' });
  });

  it('shows a check whose object could not be read (403) as not verified, not passed', () => {
    const vm = makeVm({
      status: 'Running',
      volumes: [
        { name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
        { name: 'cloudinit', cloudInitNoCloud: { userDataSecretRef: { name: 'ci-secret' } } },
      ],
    });
    const d = diagnoseVm(makeSnapshot(vm, { missing: [forbidden('Secret', 'ci-secret')] }));
    expect(check(d, 'secrets-configmaps')).toMatchObject({
      passed: false,
      status: 'notVerified',
    });
    expect(check(d, 'secrets-configmaps').message).toMatch(/Secret "ci-secret".*Forbidden/);
    expect(d.healthy).toBe(true);
  });

  it('shows checks whose list could not be read as not verified', () => {
    const snapshot: VmSnapshot = {
      ...makeSnapshot(makeVm()),
      unreadable: [{ kind: 'Pod', reason: 'Forbidden', message: 'pods is forbidden' }],
    };
    const d = diagnoseVm(snapshot);
    for (const id of ['image-pull', 'crash-loop', 'scheduling-resources'])
      expect(check(d, id)).toMatchObject({ status: 'notVerified', passed: false });
    expect(check(d, 'paused').status).toBe('passed');
  });

  it('does not flag a kind the VM never references (no secondary network, no Secret)', () => {
    const d = diagnoseVm({
      ...makeSnapshot(makeVm()),
      unreadable: [
        { kind: 'NetworkAttachmentDefinition', reason: 'NotFound' },
        { kind: 'Secret', reason: 'Forbidden' },
      ],
    });
    expect(check(d, 'network-attachments').status).toBe('passed');
    expect(check(d, 'secrets-configmaps').status).toBe('passed');
  });

  it('shows a rule that threw as not verified', () => {
    const broken: DiagnosisRule = {
      id: 'broken',
      category: 'Unknown',
      checkName: 'broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    expect(check(diagnoseVm(makeSnapshot(makeVm()), [broken]), 'broken')).toMatchObject({
      status: 'notVerified',
    });
  });

  it('every check of every rule has a status', () => {
    const d = diagnoseVm(unschedulable());
    expect(d.checks).toHaveLength(DIAGNOSIS_RULES.length);
    for (const c of d.checks) expect(['passed', 'failed', 'notVerified']).toContain(c.status);
  });
});

describe('suggestions', () => {
  it('adds the generic inspect step only when no rule identified the cause', () => {
    const generic = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), { vmi: makeVmi({ created: 30 }) }),
    );
    expect(generic.suggestions.map((s) => s.title)).toEqual([GENERIC_TITLE]);
    expect(generic.suggestions[0].description).toContain('No specific rule identified the cause');

    const specific = diagnoseVm(
      makeSnapshot(makeVm({ status: 'ErrorUnschedulable' }), {
        pods: [
          makePod({
            conditions: [
              condition(
                'PodScheduled',
                'False',
                'Unschedulable',
                '0/3 nodes are available: 3 Insufficient memory.',
              ),
            ],
          }),
        ],
      }),
    );
    expect(specific.findings.some((f) => f.ruleId === 'vm.error-status')).toBe(true);
    expect(specific.suggestions.map((s) => s.title)).not.toContain(GENERIC_TITLE);
    expect(JSON.stringify(specific.suggestions)).not.toContain('No specific rule');
  });

  describe('aimed at the sub-cause', () => {
    const scenarios = loadAllScenarios();
    const pool = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
    const diagnose = (file: string) =>
      diagnoseVm(scenarioSnapshot(scenarios.find((s) => s.file === file) as Scenario, pool));

    it('registry authentication → a pull secret, not "correct the image"', () => {
      const d = diagnose('imagepull-registry-unauthorized.yaml');
      const titles = d.suggestions.map((s) => s.title);
      expect(titles[0]).toMatch(/pull secret/);
      expect(titles).not.toContain('Correct the image and restart');
      const commands = d.suggestions.flatMap((s) => s.commands).join('\n');
      expect(commands).toContain(
        'oc create secret docker-registry registry-pull-secret -n diag-imagepull-auth',
      );
      expect(commands).toContain('--docker-server=registry.corp.example.com');
      expect(commands).toContain('containerDisk/imagePullSecret');
    });

    it('scenario: memory behind control-plane taints and a cordon → InsufficientResources', () => {
      const d = diagnose('insufficientresources-memory-behind-controlplane-taints.yaml');
      expect(d.rootCause?.ruleId).toBe('sched.insufficient-resources');
      expect(d.rootCause?.summary).toMatch(
        /Insufficient memory on 3 of the \d+ nodes the VM could use/,
      );
      expect(d.rootCause?.summary).toContain('3 control-plane');
      expect(d.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([
        'scheduling-resources',
      ]);
    });

    it('scenario: WaitForFirstConsumer with a stopped VM is a transition, not a failure', () => {
      const d = diagnose('healthy-stopped-wait-for-first-consumer.yaml');
      expect(d.healthy).toBe(true);
      expect(byRule(d, 'pvc.wait-for-first-consumer')).toMatchObject({
        role: 'transition',
        severity: 'info',
      });
      expect(d.checks.every((c) => c.status === 'passed')).toBe(true);
    });

    it('a wrong tag → correct the image', () => {
      const d = diagnose('imagepull-wrong-tag.yaml');
      expect(d.suggestions.map((s) => s.title)).toContain('Correct the image and restart');
      expect(d.suggestions.map((s) => s.title).join()).not.toMatch(/pull secret/);
    });

    it('launcher OOM kill → memory advice with the patch command', () => {
      const d = diagnose('crashloop-launcher-oomkilled.yaml');
      expect(d.suggestions[0].title).toBe('Give the virt-launcher pod more memory');
      expect(d.suggestions[0].commands.join('\n')).toMatch(
        /oc patch vm memcache-cluster-2 -n diag-crashloop-oom --type=merge -p .*limits.*memory/,
      );
    });
  });

  it('a PVC without a storage class → set a storage class, not provisioner advice', () => {
    const vm = makeVm({
      status: 'Starting',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    });
    const d = diagnoseVm(
      makeSnapshot(vm, { pvcs: [makePvc('data', 'Pending', undefined, 60)], pods: [makePod()] }),
    );
    expect(d.rootCause?.ruleId).toBe('pvc.unbound');
    expect(d.suggestions[0].title).toBe('Set a StorageClass on "data"');
    expect(JSON.stringify(d.suggestions)).not.toMatch(/provisioner/i);

    const listed = diagnoseVm(
      makeSnapshot(vm, {
        pvcs: [makePvc('data', 'Pending', undefined, 60)],
        pods: [makePod()],
        storageClasses: [],
        storageClassesListed: true,
      }),
    );
    expect(listed.rootCause?.ruleId).toBe('storage.no-default-class');
    expect(listed.suggestions[0].title).toBe('Set a StorageClass on "data"');
  });

  it('hugepages → node hugepages advice with the allocatable column', () => {
    const message = '0/3 nodes are available: 3 Insufficient hugepages-1Gi.';
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'ErrorUnschedulable' }), {
        pods: [
          makePod({ conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)] }),
        ],
      }),
    );
    expect(d.suggestions[0].title).toBe('Provide hugepages-1Gi on the worker nodes');
    expect(d.suggestions[0].commands[0]).toContain('.status.allocatable.hugepages-1Gi');
  });
});

describe('crash history', () => {
  // virt-handler's Warning Stopped event (kubevirt pkg/virt-handler/vm.go).
  const crashed = (count: number) =>
    makeSnapshot(makeVm({ status: 'Running' }), {
      vmi: makeVmi({ node: 'w1', created: 2 }),
      events: [
        makeEvent(
          'VirtualMachineInstance',
          'vm1',
          'Stopped',
          'The VirtualMachineInstance crashed.',
          {
            count,
          },
        ),
      ],
    });

  it('finds a VM that keeps crashing although it is Running at the moment', () => {
    const d = diagnoseVm(crashed(4));
    expect(d.rootCause).toMatchObject({ category: 'CrashLoop', ruleId: 'vm.crash-loop' });
    expect(d.rootCause?.summary).toContain('The VMI crashed 4 time(s).');
  });

  it('reports a single crash as a warning only', () => {
    const d = diagnoseVm(crashed(1));
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'vm.crash-loop')?.severity).toBe('warning');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.5, '30 seconds'],
    [1, '1 minute'],
    [19.6, '19 minutes'],
    [150, '2 hours'],
    [17115, '11 days'],
  ])('%s minutes → %s', (minutes, words) => expect(formatDuration(minutes)).toBe(words));

  it('is used by the stuck-VM finding instead of a minute count', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), { vmi: makeVmi({ created: 17115 }) }),
    );
    expect(d.rootCause?.summary).toBe('The VM has been Starting for 11 days.');
  });
});
