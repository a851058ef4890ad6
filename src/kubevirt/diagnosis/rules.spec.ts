import { diagnoseVm } from './diagnose';
import type { Diagnosis, Finding, VmSnapshot } from './model';
import { findShutdownCommand } from './rules/crashLoop';
import { parseSchedulingMessage } from './rules/scheduling';
import {
  condition,
  forbidden,
  makeDv,
  makeEvent,
  makeNode,
  makePod,
  makePvc,
  makeSnapshot,
  makeVm,
  makeVmi,
  meta,
  minutesAgo,
  notFound,
  NS,
} from './testing/builders';

const POD = 'virt-launcher-vm1-abcde';
const byRule = (d: Diagnosis, ruleId: string): Finding | undefined =>
  d.findings.find((f) => f.ruleId === ruleId);
const cause = (s: VmSnapshot) => diagnoseVm(s).rootCause;

const cloudInitSecretVm = (status = 'Starting') =>
  makeVm({
    status,
    volumes: [
      { name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
      { name: 'cloudinit', cloudInitNoCloud: { userDataSecretRef: { name: 'ci-secret' } } },
    ],
  });

describe('ImagePull (vm.image-pull)', () => {
  const pullingPod = makePod({
    initContainerStatuses: [
      {
        name: 'volumecontainerdisk-init',
        image: 'quay.io/x/bad:1',
        state: { waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } },
      },
    ],
  });
  it.each<[string, VmSnapshot]>([
    ['VM status only', makeSnapshot(makeVm({ status: 'ImagePullBackOff' }))],
    [
      'launcher pod waiting reason only',
      makeSnapshot(makeVm({ status: 'Starting' }), { pods: [pullingPod] }),
    ],
    [
      'events only',
      makeSnapshot(makeVm({ status: 'Starting' }), {
        pods: [makePod()],
        events: [
          makeEvent('Pod', POD, 'Failed', 'Failed to pull image "quay.io/x/bad:1": unauthorized'),
        ],
      }),
    ],
    [
      'VMI Synchronized condition only',
      makeSnapshot(makeVm({ status: 'Starting' }), {
        vmi: makeVmi({
          phase: 'Scheduled',
          conditions: [condition('Synchronized', 'False', 'ErrImagePull', 'pull failed')],
        }),
      }),
    ],
  ])('finds it from the %s', (_label, snapshot) => {
    const d = diagnoseVm(snapshot);
    expect(d.rootCause).toMatchObject({ category: 'ImagePull', ruleId: 'vm.image-pull' });
    expect(byRule(d, 'vm.image-pull')!.evidence.length).toBeGreaterThan(0);
  });

  it('names the image and the pod field as evidence', () => {
    const f = byRule(
      diagnoseVm(makeSnapshot(makeVm({ status: 'Starting' }), { pods: [pullingPod] })),
      'vm.image-pull',
    )!;
    expect(f.message).toContain('quay.io/x/bad:1');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Pod',
        fieldPath: 'status.initContainerStatuses[0].state.waiting',
      }),
    );
  });

  it('ignores a Normal BackOff for a restarting container', () => {
    const s = makeSnapshot(makeVm(), {
      pods: [makePod({ phase: 'Running' })],
      events: [
        makeEvent(
          'Pod',
          POD,
          'Pulled',
          'Successfully pulled image "quay.io/containerdisks/fedora:41"',
          { type: 'Normal' },
        ),
      ],
    });
    expect(byRule(diagnoseVm(s), 'vm.image-pull')).toBeUndefined();
  });
});

describe('MissingVolume (pvc.missing, dv.missing)', () => {
  const pvcVm = makeVm({
    status: 'ErrorPvcNotFound',
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } }],
  });
  it('reports a PVC that returned 404', () => {
    const d = diagnoseVm(
      makeSnapshot(pvcVm, { missing: [notFound('PersistentVolumeClaim', 'data-pvc')] }),
    );
    expect(d.rootCause).toMatchObject({ category: 'MissingVolume', ruleId: 'pvc.missing' });
    expect(byRule(d, 'pvc.missing')!.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'VirtualMachine',
        fieldPath: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
        value: 'data-pvc',
      }),
    );
  });
  it('reports it from the FailedPvcNotFound event when the PVC was not fetched', () => {
    const s = makeSnapshot(
      makeVm({
        status: 'Starting',
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } }],
      }),
      {
        events: [
          makeEvent(
            'VirtualMachineInstance',
            'vm1',
            'FailedPvcNotFound',
            `PVC ${NS}/data-pvc does not exist, waiting for it to appear`,
          ),
        ],
      },
    );
    expect(cause(s)?.category).toBe('MissingVolume');
  });
  it('does not call a forbidden PVC missing', () => {
    const s = makeSnapshot(
      makeVm({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } }] }),
      { missing: [forbidden('PersistentVolumeClaim', 'data-pvc')] },
    );
    expect(byRule(diagnoseVm(s), 'pvc.missing')).toBeUndefined();
  });
  it('accepts a garbage-collected DataVolume whose PVC exists', () => {
    const s = makeSnapshot(
      makeVm({ volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }] }),
      { missing: [notFound('DataVolume', 'root-dv')], pvcs: [makePvc('root-dv')] },
    );
    expect(diagnoseVm(s).healthy).toBe(true);
  });
  it('reports a DataVolume that is neither present nor templated', () => {
    const s = makeSnapshot(
      makeVm({
        status: 'ErrorPvcNotFound',
        volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
      }),
      {
        missing: [notFound('DataVolume', 'root-dv'), notFound('PersistentVolumeClaim', 'root-dv')],
      },
    );
    expect(cause(s)).toMatchObject({ category: 'MissingVolume', ruleId: 'dv.missing' });
  });
  it('does not report a templated DataVolume KubeVirt has yet to create', () => {
    const vm = makeVm({
      runStrategy: 'Halted',
      status: 'Stopped',
      volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
      dataVolumeTemplates: [{ metadata: { name: 'root-dv' }, spec: {} }],
    });
    expect(
      diagnoseVm(
        makeSnapshot(vm, {
          missing: [
            notFound('DataVolume', 'root-dv'),
            notFound('PersistentVolumeClaim', 'root-dv'),
          ],
        }),
      ).healthy,
    ).toBe(true);
  });
});

describe('StorageProvisioning', () => {
  const dvVm = (status: string) =>
    makeVm({
      status,
      volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
      dataVolumeTemplates: [
        { metadata: { name: 'root-dv' }, spec: { storage: { storageClassName: 'nope-sc' } } },
      ],
    });
  it('reports a missing StorageClass from the DataVolume spec (storage.class-missing)', () => {
    const s = makeSnapshot(dvVm('Provisioning'), {
      dataVolumes: [
        makeDv(
          'root-dv',
          'Pending',
          [condition('Bound', 'False', 'Pending', 'PVC root-dv Pending')],
          { storage: { storageClassName: 'nope-sc' } },
        ),
      ],
      missing: [notFound('StorageClass', 'nope-sc', undefined)],
    });
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'storage.class-missing',
    });
    expect(byRule(d, 'storage.class-missing')!.evidence).toContainEqual(
      expect.objectContaining({ kind: 'StorageClass', name: 'nope-sc', value: 'not found' }),
    );
  });
  it('judges a missing class from a full StorageClass list without a 404', () => {
    const s = makeSnapshot(dvVm('WaitingForVolumeBinding'), {
      pvcs: [makePvc('root-dv', 'Pending', 'nope-sc')],
      storageClasses: [{ kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'x' }],
      storageClassesListed: true,
    });
    expect(cause(s)?.ruleId).toBe('storage.class-missing');
  });
  it('reports no default StorageClass', () => {
    const vm = makeVm({
      status: 'WaitingForVolumeBinding',
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'p' } }],
    });
    const s = makeSnapshot(vm, {
      pvcs: [makePvc('p', 'Pending')],
      storageClasses: [{ kind: 'StorageClass', metadata: { name: 'slow' }, provisioner: 'x' }],
      storageClassesListed: true,
    });
    expect(cause(s)?.ruleId).toBe('storage.no-default-class');
  });
  it('reports ProvisioningFailed events', () => {
    const vm = makeVm({
      status: 'WaitingForVolumeBinding',
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'p' } }],
    });
    const s = makeSnapshot(vm, {
      pvcs: [makePvc('p', 'Pending', 'standard', 2)],
      events: [
        makeEvent('PersistentVolumeClaim', 'p', 'ProvisioningFailed', 'rpc error: pool full'),
      ],
    });
    expect(cause(s)).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'pvc.provisioning-failed',
    });
  });
  it('treats a young WaitForFirstConsumer claim without a scheduled pod as normal', () => {
    const vm = makeVm({
      status: 'WaitingForVolumeBinding',
      conditions: [condition('Ready', 'False', 'VMINotExists', 'VMI does not exist', 3)],
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'p' } }],
    });
    const s = makeSnapshot(vm, {
      pvcs: [makePvc('p', 'Pending', 'local', 2)],
      storageClasses: [
        {
          kind: 'StorageClass',
          metadata: { name: 'local' },
          provisioner: 'x',
          volumeBindingMode: 'WaitForFirstConsumer',
        },
      ],
    });
    expect(diagnoseVm(s).healthy).toBe(true);
  });
  it('reports a Lost claim', () => {
    const vm = makeVm({
      status: 'Starting',
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'p' } }],
    });
    expect(cause(makeSnapshot(vm, { pvcs: [makePvc('p', 'Lost', 'standard')] }))?.ruleId).toBe(
      'pvc.lost',
    );
  });
});

describe('DataVolumeImport (dv.import-failed)', () => {
  const vm = makeVm({
    status: 'DataVolumeError',
    volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
    dataVolumeTemplates: [{ metadata: { name: 'root-dv' }, spec: {} }],
  });
  it.each([
    ['phase Failed', makeDv('root-dv', 'Failed')],
    [
      'Running=False reason Error while ImportInProgress',
      makeDv('root-dv', 'ImportInProgress', [
        condition('Running', 'False', 'Error', 'Unable to connect to http data source: 404'),
      ]),
    ],
    [
      'Running=False reason ImagePullFailed',
      makeDv('root-dv', 'ImportInProgress', [
        condition('Running', 'False', 'ImagePullFailed', 'manifest unknown'),
      ]),
    ],
    [
      'repeated importer restarts',
      {
        ...makeDv('root-dv', 'ImportInProgress'),
        status: { phase: 'ImportInProgress', restartCount: 4 },
      },
    ],
  ])('finds %s', (_label, dv) => {
    const d = diagnoseVm(makeSnapshot(vm, { dataVolumes: [dv] }));
    expect(d.rootCause).toMatchObject({ category: 'DataVolumeImport', ruleId: 'dv.import-failed' });
    expect(byRule(d, 'dv.import-failed')!.evidence[0]).toMatchObject({
      kind: 'DataVolume',
      name: 'root-dv',
    });
  });
  it('leaves an import that progresses alone', () => {
    const s = makeSnapshot(
      { ...vm, status: { printableStatus: 'Provisioning' } },
      {
        dataVolumes: [
          {
            ...makeDv('root-dv', 'ImportInProgress', [
              condition('Running', 'True', 'Pod is running'),
            ]),
            status: { phase: 'ImportInProgress', progress: '42.0%' },
          },
        ],
      },
    );
    expect(byRule(diagnoseVm(s), 'dv.import-failed')).toBeUndefined();
  });
  it('is preferred over MissingVolume and storage rules when the PVC exists but import fails', () => {
    const s = makeSnapshot(vm, {
      dataVolumes: [makeDv('root-dv', 'Failed')],
      pvcs: [makePvc('root-dv', 'Bound', 'standard')],
    });
    expect(cause(s)?.category).toBe('DataVolumeImport');
  });
});

describe('MissingSecretOrConfigMap', () => {
  it('reports a missing cloud-init Secret ahead of the pending pod and FailedMount', () => {
    const s = makeSnapshot(cloudInitSecretVm(), {
      vmi: makeVmi({ phase: 'Scheduling', created: 30 }),
      pods: [
        makePod({
          node: 'worker-0',
          containerStatuses: [
            { name: 'compute', state: { waiting: { reason: 'ContainerCreating' } } },
          ],
        }),
      ],
      events: [
        makeEvent(
          'Pod',
          POD,
          'FailedMount',
          'MountVolume.SetUp failed for volume "cloudinit-udata" : secret "ci-secret" not found',
          { count: 12 },
        ),
      ],
      missing: [notFound('Secret', 'ci-secret')],
    });
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'MissingSecretOrConfigMap',
      ruleId: 'secret.missing',
    });
    const f = byRule(d, 'secret.missing')!;
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        fieldPath: 'spec.template.spec.volumes[1].cloudInitNoCloud.userDataSecretRef.name',
      }),
    );
    expect(f.evidence).toContainEqual(
      expect.objectContaining({
        event: expect.objectContaining({ reason: 'FailedMount', count: 12 }),
      }),
    );
  });
  it('reports it from the FailedMount event alone', () => {
    const s = makeSnapshot(cloudInitSecretVm(), {
      events: [
        makeEvent(
          'Pod',
          POD,
          'FailedMount',
          'MountVolume.SetUp failed for volume "x" : secret "other-secret" not found',
        ),
      ],
    });
    expect(cause(s)?.category).toBe('MissingSecretOrConfigMap');
  });
  it('only notes a Secret the caller may not read', () => {
    const d = diagnoseVm(
      makeSnapshot(cloudInitSecretVm('Running'), { missing: [forbidden('Secret', 'ci-secret')] }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'secret.unverifiable')?.severity).toBe('info');
  });
  it.each([
    [
      'sysprep ConfigMap',
      { name: 'sysprep', sysprep: { configMap: { name: 'unattend' } } },
      'ConfigMap',
      'unattend',
      'configmap.missing',
    ],
    [
      'secret disk',
      { name: 'cfg', secret: { secretName: 'app-cfg' } },
      'Secret',
      'app-cfg',
      'secret.missing',
    ],
    [
      'cloud-init network data',
      { name: 'ci', cloudInitConfigDrive: { networkDataSecretRef: { name: 'net-data' } } },
      'Secret',
      'net-data',
      'secret.missing',
    ],
  ])('covers a %s', (_label, volume, kind, name, ruleId) => {
    const s = makeSnapshot(makeVm({ status: 'Starting', volumes: [volume] }), {
      missing: [notFound(kind, name)],
    });
    expect(cause(s)?.ruleId).toBe(ruleId);
  });
  it('covers SSH access credentials', () => {
    const vm = makeVm({
      status: 'Starting',
      accessCredentials: [{ sshPublicKey: { source: { secret: { secretName: 'keys' } } } }],
    });
    expect(cause(makeSnapshot(vm, { missing: [notFound('Secret', 'keys')] }))?.ruleId).toBe(
      'secret.missing',
    );
  });
  it('is satisfied by the Secret metadata', () => {
    expect(
      diagnoseVm(
        makeSnapshot(cloudInitSecretVm('Running'), { secrets: [meta('Secret', 'ci-secret')] }),
      ).healthy,
    ).toBe(true);
  });
});

describe('scheduling (sched.insufficient-resources, sched.constraints)', () => {
  it('parses scheduler messages into node counts', () => {
    expect(
      parseSchedulingMessage(
        "0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
      ),
    ).toEqual([
      { count: 1, text: 'Insufficient memory', blocker: 'resources' },
      {
        count: 2,
        text: "node(s) didn't match Pod's node affinity/selector",
        blocker: 'constraints',
      },
    ]);
    expect(parseSchedulingMessage('Insufficient memory')).toEqual([
      { count: 1, text: 'Insufficient memory', blocker: 'resources' },
    ]);
  });
  const unschedulable = (message: string, vmOpts = {}) =>
    makeSnapshot(makeVm({ status: 'ErrorUnschedulable', ...vmOpts }), {
      pods: [
        makePod({ conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)] }),
      ],
      events: [makeEvent('Pod', POD, 'FailedScheduling', message, { count: 7 })],
    });
  it.each([
    [
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      'InsufficientResources',
    ],
    ['0/3 nodes are available: 3 Insufficient devices.kubevirt.io/kvm.', 'InsufficientResources'],
    ['0/5 nodes are available: 5 Insufficient hugepages-1Gi.', 'InsufficientResources'],
    [
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
      'SchedulingConstraint',
    ],
    [
      '0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: db}.',
      'SchedulingConstraint',
    ],
    ['0/3 nodes are available: 3 node(s) were unschedulable.', 'SchedulingConstraint'],
    [
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't match Pod's node affinity/selector.",
      'SchedulingConstraint',
    ],
    [
      '0/4 nodes are available: 3 Insufficient cpu, 1 node(s) had untolerated taint {a: b}.',
      'InsufficientResources',
    ],
  ])('%s → %s', (message, category) => {
    const d = diagnoseVm(unschedulable(message));
    expect(d.rootCause?.category).toBe(category);
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        event: expect.objectContaining({ reason: 'FailedScheduling', count: 7 }),
      }),
    );
  });
  it('finds a nodeSelector that no listed node satisfies, without events', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting', nodeSelector: { gpu: 'a100' } }), {
      pods: [makePod()],
      nodes: [makeNode('w0')],
      nodesListed: true,
    });
    expect(cause(s)?.ruleId).toBe('sched.constraints');
  });
});

describe('CrashLoop', () => {
  it('reads status.startFailure and CrashLoopBackOff', () => {
    const d = diagnoseVm(
      makeSnapshot(
        makeVm({ status: 'CrashLoopBackOff', startFailure: { consecutiveFailCount: 3 } }),
      ),
    );
    expect(d.rootCause).toMatchObject({ category: 'CrashLoop', ruleId: 'vm.crash-loop' });
    expect(byRule(d, 'vm.crash-loop')!.evidence).toContainEqual(
      expect.objectContaining({
        fieldPath: 'status.startFailure.consecutiveFailCount',
        value: '3',
      }),
    );
  });
  it('reads a crash-looping compute container and its BackOff events', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting' }), {
      pods: [
        makePod({
          node: 'w0',
          containerStatuses: [
            { name: 'compute', state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        }),
      ],
      events: [
        makeEvent(
          'Pod',
          POD,
          'BackOff',
          'Back-off restarting failed container compute in pod virt-launcher-vm1-abcde',
        ),
      ],
    });
    expect(cause(s)?.category).toBe('CrashLoop');
  });
  it('flags cloud-init that powers off a runStrategy Always VM, even while Running', () => {
    const vm = makeVm({
      volumes: [
        {
          name: 'ci',
          cloudInitNoCloud: { userData: '#cloud-config\nruncmd:\n  - shutdown -h now\n' },
        },
      ],
    });
    expect(cause(makeSnapshot(vm))).toMatchObject({
      category: 'CrashLoop',
      ruleId: 'vm.cloudinit-shutdown',
    });
  });
  it('only warns about the shutdown when the run strategy will not restart the VM', () => {
    const vm = makeVm({
      runStrategy: 'RerunOnFailure',
      volumes: [
        { name: 'ci', cloudInitNoCloud: { userData: '#cloud-config\nruncmd:\n  - poweroff\n' } },
      ],
    });
    const d = diagnoseVm(makeSnapshot(vm));
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'vm.cloudinit-shutdown')?.severity).toBe('warning');
  });
  it.each([
    ['#cloud-config\nruncmd:\n  - shutdown -h now\n', 'shutdown -h now'],
    ['#cloud-config\nbootcmd:\n  - [ systemctl, poweroff ]\n', 'systemctl, poweroff'],
    ['#cloud-config\npower_state:\n  mode: poweroff\n', 'power_state mode poweroff'],
    [
      '#cloud-config\nruncmd:\n  - echo hello\nwrite_files:\n  - content: "shutdown -h now"\n    path: /etc/motd\n',
      undefined,
    ],
    ['#cloud-config\npackages:\n  - reboot-notifier\n', undefined],
  ])('findShutdownCommand(%j) → %s', (userData, expected) => {
    expect(findShutdownCommand(userData)).toBe(expected);
  });
  it('decodes userDataBase64', () => {
    const vm = makeVm({
      volumes: [
        {
          name: 'ci',
          cloudInitNoCloud: { userDataBase64: btoa('#cloud-config\nruncmd:\n  - halt\n') },
        },
      ],
    });
    expect(cause(makeSnapshot(vm))?.ruleId).toBe('vm.cloudinit-shutdown');
  });
});

describe('NetworkAttachment', () => {
  const netVm = (networkName: string) =>
    makeVm({
      status: 'Starting',
      networks: [
        { name: 'default', pod: {} },
        { name: 'data', multus: { networkName } },
      ],
    });
  it('reports a missing NAD in the VM namespace', () => {
    const d = diagnoseVm(
      makeSnapshot(netVm('vlan10'), {
        missing: [notFound('NetworkAttachmentDefinition', 'vlan10')],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'NetworkAttachment', ruleId: 'net.nad-missing' });
    expect(byRule(d, 'net.nad-missing')!.evidence[0]).toMatchObject({
      fieldPath: 'spec.template.spec.networks[1].multus.networkName',
      value: `${NS}/vlan10`,
    });
  });
  it('resolves "namespace/name" network names', () => {
    const d = diagnoseVm(
      makeSnapshot(netVm('shared/vlan10'), {
        missing: [notFound('NetworkAttachmentDefinition', 'vlan10', 'shared')],
      }),
    );
    expect(d.rootCause?.summary).toContain('shared/vlan10');
  });
  it('reports an invalid CNI config', () => {
    const nad = {
      ...meta('NetworkAttachmentDefinition', 'vlan10'),
      spec: { config: '{"type": "bridge",}' },
    };
    expect(cause(makeSnapshot(netVm('vlan10'), { nads: [nad] }))?.ruleId).toBe('net.nad-invalid');
  });
  it('reports a multus error event when the NAD was not fetched', () => {
    const s = makeSnapshot(netVm('vlan10'), {
      pods: [makePod({ node: 'w0' })],
      events: [
        makeEvent(
          'Pod',
          POD,
          'FailedCreatePodSandBox',
          'cannot find a network-attachment-definition (vlan10) in namespace (team-a): network-attachment-definitions.k8s.cni.cncf.io "vlan10" not found',
        ),
      ],
    });
    expect(cause(s)?.category).toBe('NetworkAttachment');
  });
  it('accepts a valid NAD', () => {
    const nad = {
      ...meta('NetworkAttachmentDefinition', 'vlan10'),
      spec: { config: '{"cniVersion":"0.3.1","type":"bridge","bridge":"br1"}' },
    };
    expect(
      diagnoseVm(
        makeSnapshot(
          { ...netVm('vlan10'), status: { printableStatus: 'Running' } },
          { nads: [nad] },
        ),
      ).healthy,
    ).toBe(true);
  });
});

describe('Migration', () => {
  const vmim = (name: string, phase: string, minutes: number) => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { name, namespace: NS, creationTimestamp: minutesAgo(minutes) },
    spec: { vmiName: 'vm1' },
    status: {
      phase,
      ...(phase === 'Failed'
        ? {
            migrationState: {
              failed: true,
              failureReason: 'target node unreachable',
              targetNode: 'w2',
            },
          }
        : {}),
    },
  });
  const running = () => ({ vmi: makeVmi({ node: 'w0' }), nodes: [makeNode('w0')] });
  it('reports the latest failed migration with its reason', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm(), { ...running(), migrations: [vmim('m1', 'Failed', 3)] }),
    );
    expect(d.rootCause).toMatchObject({ category: 'Migration', ruleId: 'migration.failed' });
    expect(d.rootCause!.summary).toContain('target node unreachable');
  });
  it('ignores a failure followed by a successful migration', () => {
    expect(
      diagnoseVm(
        makeSnapshot(makeVm(), {
          ...running(),
          migrations: [vmim('m1', 'Failed', 10), vmim('m2', 'Succeeded', 3)],
        }),
      ).healthy,
    ).toBe(true);
  });
  it('reads VMI migrationState.failed when no migration object is visible', () => {
    const vmi = makeVmi({ node: 'w0' });
    vmi.status!.migrationState = { failed: true, targetNode: 'w1' };
    expect(cause(makeSnapshot(makeVm(), { vmi, nodes: [makeNode('w0')] }))?.category).toBe(
      'Migration',
    );
  });
  it('treats LiveMigratable=False as information only', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm(), {
        vmi: makeVmi({
          conditions: [
            condition(
              'LiveMigratable',
              'False',
              'InterfaceNotLiveMigratable',
              'bridge on pod network',
            ),
          ],
        }),
      }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'migration.not-migratable')?.severity).toBe('info');
  });
});

describe('Paused', () => {
  it.each([
    ['PausedIOError', 'vm.paused-io-error'],
    ['PausedByUser', 'vm.paused-user'],
    ['PausedUser', 'vm.paused-user'],
  ])('%s → %s', (reason, ruleId) => {
    const s = makeSnapshot(makeVm({ status: 'Paused' }), {
      vmi: makeVmi({ conditions: [condition('Paused', 'True', reason)] }),
    });
    expect(cause(s)).toMatchObject({ category: 'Paused', ruleId });
  });
});

describe('NodeProblem', () => {
  const on = (
    node: ReturnType<typeof makeNode>,
    status = 'Running',
    extra: Partial<VmSnapshot> = {},
  ) =>
    makeSnapshot(makeVm({ status }), {
      vmi: makeVmi({ node: node.metadata!.name }),
      nodes: [node],
      ...extra,
    });
  it.each(['False', 'Unknown'])('reports Ready=%s on the VM node', (status) => {
    const d = diagnoseVm(
      on(
        makeNode('w0', [
          condition('Ready', status, 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
        ]),
      ),
    );
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'node.not-ready' });
    expect(d.findings[0].evidence[0]).toMatchObject({ kind: 'Node', name: 'w0' });
  });
  it('only warns about pressure while the VM runs fine, and blames it once the pod is evicted', () => {
    const pressured = makeNode('w0', [
      condition('Ready', 'True'),
      condition('MemoryPressure', 'True', 'KubeletHasInsufficientMemory'),
    ]);
    expect(diagnoseVm(on(pressured)).healthy).toBe(true);
    const evicted = makePod({
      node: 'w0',
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
    });
    expect(cause(on(pressured, 'Starting', { pods: [evicted] }))?.ruleId).toBe('node.pressure');
  });
  it('reports a node that no longer exists', () => {
    const s = makeSnapshot(makeVm({ status: 'Running' }), {
      vmi: makeVmi({ node: 'gone' }),
      missing: [notFound('Node', 'gone', undefined)],
    });
    expect(cause(s)?.ruleId).toBe('node.missing');
  });
  it('ignores problems of nodes the VM does not use', () => {
    const s = makeSnapshot(makeVm(), {
      vmi: makeVmi({ node: 'w0' }),
      nodes: [makeNode('w0'), makeNode('w9', [condition('Ready', 'False')])],
    });
    expect(diagnoseVm(s).healthy).toBe(true);
  });
});

describe('Unknown and robustness', () => {
  it('calls an error status with no identified cause Unknown', () => {
    expect(cause(makeSnapshot(makeVm({ status: 'ErrorUnschedulable' })))).toMatchObject({
      category: 'Unknown',
      ruleId: 'vm.error-status',
    });
  });
  it('uses unrecognised Warning events as evidence for Unknown on a VM that is not running', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting' }), {
      events: [makeEvent('VirtualMachineInstance', 'vm1', 'SomethingNew', 'a brand-new failure')],
    });
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'Unknown',
      ruleId: 'event.unrecognized-warning',
    });
    expect(d.findings[0].evidence[0].event).toMatchObject({
      reason: 'SomethingNew',
      message: 'a brand-new failure',
    });
  });
  it('keeps a running VM with an odd warning healthy', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm(), {
        events: [makeEvent('VirtualMachineInstance', 'vm1', 'SomethingNew', 'noise')],
      }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'event.unrecognized-warning')?.severity).toBe('warning');
  });
  it('reports a VM stuck Starting beyond the alert threshold', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting' }), {
      vmi: makeVmi({ phase: 'Scheduled', created: 45 }),
    });
    expect(cause(s)?.ruleId).toBe('vm.stuck');
  });
  it('reports a missing instancetype', () => {
    const vm = makeVm({ status: 'Stopped', instancetype: { name: 'u1.huge' } });
    const d = diagnoseVm(
      makeSnapshot(vm, {
        missing: [notFound('VirtualMachineClusterInstancetype', 'u1.huge', undefined)],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'Unknown', ruleId: 'vm.instancetype-missing' });
  });
  it('does not crash on malformed objects and events', () => {
    const weird = { kind: 'Event' } as never;
    const s = makeSnapshot(
      { kind: 'VirtualMachine', metadata: { name: 'x', namespace: NS } },
      {
        events: [weird, makeEvent('Pod', 'p', '', '')],
        pods: [
          { kind: 'Pod', metadata: { name: 'p' }, status: { containerStatuses: [{ name: 'c' }] } },
        ],
        dataVolumes: [{ kind: 'DataVolume' }],
      },
    );
    expect(() => diagnoseVm(s)).not.toThrow();
  });
  it('reports every check, passing or not', () => {
    const d = diagnoseVm(makeSnapshot(makeVm({ status: 'ImagePullBackOff' })));
    expect(d.checks.find((c) => c.id === 'image-pull')).toMatchObject({ passed: false });
    expect(d.checks.find((c) => c.id === 'paused')).toMatchObject({ passed: true, message: 'OK' });
    expect(d.checks).toHaveLength(22);
  });
});

describe('history is not a problem', () => {
  it('ignores old pull failures and mount failures of a VM that now runs', () => {
    const s = makeSnapshot(makeVm(), {
      vmi: makeVmi({ node: 'w0' }),
      pods: [makePod({ node: 'w0', phase: 'Running' })],
      events: [
        makeEvent('Pod', POD, 'Failed', 'Failed to pull image "quay.io/x:1": timeout', {
          minutes: 30,
        }),
        makeEvent(
          'Pod',
          POD,
          'FailedMount',
          'MountVolume.SetUp failed for volume "v" : secret "late" not found',
          { minutes: 30 },
        ),
      ],
    });
    expect(diagnoseVm(s).healthy).toBe(true);
  });
  it('only warns about a Secret deleted after a VM started', () => {
    const d = diagnoseVm(
      makeSnapshot(cloudInitSecretVm('Running'), { missing: [notFound('Secret', 'ci-secret')] }),
    );
    expect(d.healthy).toBe(true);
    expect(byRule(d, 'secret.missing')?.severity).toBe('warning');
  });
  it('times a Stopping VM from the deletion request, not from when it started', () => {
    const vmi = makeVmi({ created: 600 });
    vmi.metadata!.deletionTimestamp = minutesAgo(2);
    expect(diagnoseVm(makeSnapshot(makeVm({ status: 'Stopping' }), { vmi })).healthy).toBe(true);
    vmi.metadata!.deletionTimestamp = minutesAgo(30);
    expect(cause(makeSnapshot(makeVm({ status: 'Stopping' }), { vmi }))?.ruleId).toBe('vm.stuck');
  });
});

describe('healthy and deliberately stopped VMs', () => {
  it.each([
    [
      'runStrategy Halted',
      makeVm({
        runStrategy: 'Halted',
        status: 'Stopped',
        conditions: [condition('Ready', 'False', 'VMINotExists', 'VMI does not exist')],
      }),
    ],
    ['running: false', makeVm({ running: false, status: 'Stopped' })],
    ['runStrategy Manual, stopped', makeVm({ runStrategy: 'Manual', status: 'Stopped' })],
  ])('%s has no root cause', (_label, vm) => {
    const d = diagnoseVm(makeSnapshot(vm));
    expect(d).toMatchObject({ healthy: true, rootCause: null, suggestions: [] });
  });
  it('a running VM with a healthy node and pod has no root cause', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm(), {
        vmi: makeVmi({ node: 'w0', conditions: [condition('Ready', 'True')] }),
        pods: [makePod({ node: 'w0', phase: 'Running' })],
        nodes: [makeNode('w0')],
      }),
    );
    expect(d.rootCause).toBeNull();
    expect(d.vm).toEqual({ name: 'vm1', namespace: NS, printableStatus: 'Running' });
  });
});
