import { buildVmSnapshot, toReferenceOnly } from './buildSnapshot';
import { checkDependencies } from './dependencies';
import { diagnoseVm } from './diagnose';
import { foldEvents } from './events';
import { explainVmStatus } from './explain';
import { requiredObjects } from './requiredObjects';
import { shellQuote, suggestFixes } from './suggest';
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
  meta,
  notFound,
  NOW,
  NS,
} from './testing/builders';

describe('requiredObjects', () => {
  const vm = makeVm({
    volumes: [
      { name: 'root', dataVolume: { name: 'root-dv' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } },
      {
        name: 'ci',
        cloudInitNoCloud: {
          userDataSecretRef: { name: 'ud' },
          networkDataSecretRef: { name: 'nd' },
        },
      },
      { name: 'sp', sysprep: { configMap: { name: 'unattend' } } },
      { name: 'cfg', configMap: { name: 'app-config' } },
      { name: 'sec', secret: { secretName: 'app-secret' } },
    ],
    dataVolumeTemplates: [
      { metadata: { name: 'root-dv' }, spec: { storage: { storageClassName: 'fast' } } },
    ],
    networks: [
      { name: 'default', pod: {} },
      { name: 'a', multus: { networkName: 'vlan1' } },
      { name: 'b', multus: { networkName: 'infra/vlan2' } },
    ],
    accessCredentials: [
      { sshPublicKey: { source: { secret: { secretName: 'keys' } } } },
      { userPassword: { source: { secret: { secretName: 'pw' } } } },
    ],
    instancetype: { name: 'u1.medium' },
    preference: { name: 'rhel', kind: 'VirtualMachinePreference' },
  });

  it('lists everything the VM spec references, once each', () => {
    const refs = requiredObjects(vm).map(
      (r) => `${r.kind} ${r.namespace ?? '-'}/${r.name}${r.optional ? ' (optional)' : ''}`,
    );
    expect(refs.sort()).toEqual(
      [
        `ConfigMap ${NS}/app-config`,
        `ConfigMap ${NS}/unattend`,
        `DataVolume ${NS}/root-dv (optional)`,
        `NetworkAttachmentDefinition ${NS}/vlan1`,
        'NetworkAttachmentDefinition infra/vlan2',
        `PersistentVolumeClaim ${NS}/data-pvc`,
        `PersistentVolumeClaim ${NS}/root-dv (optional)`,
        `Secret ${NS}/app-secret`,
        `Secret ${NS}/keys`,
        `Secret ${NS}/nd`,
        `Secret ${NS}/pw`,
        `Secret ${NS}/ud`,
        'StorageClass -/fast',
        'VirtualMachineClusterInstancetype -/u1.medium',
        `VirtualMachinePreference ${NS}/rhel`,
      ].sort(),
    );
  });

  it('adds the StorageClasses named by fetched PVCs and DataVolumes', () => {
    const refs = requiredObjects(vm, {
      pvcs: [makePvc('data-pvc', 'Bound', 'slow')],
      dataVolumes: [makeDv('x', 'Succeeded', [], { pvc: { storageClassName: 'legacy' } })],
    });
    expect(
      refs
        .filter((r) => r.kind === 'StorageClass')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['fast', 'legacy', 'slow']);
  });

  it('records the field path of each reference', () => {
    expect(requiredObjects(vm).find((r) => r.name === 'nd')?.fieldPath).toBe(
      'spec.template.spec.volumes[2].cloudInitNoCloud.networkDataSecretRef.name',
    );
  });
});

describe('buildVmSnapshot', () => {
  const vm = makeVm({
    status: 'Starting',
    volumes: [
      { name: 'ci', cloudInitNoCloud: { userDataSecretRef: { name: 'ud' } } },
      { name: 'd', persistentVolumeClaim: { claimName: 'gone' } },
    ],
  });
  const secretWithData = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'ud',
      namespace: NS,
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"userdata":"cGFzc3dvcmQ="}}',
        keep: 'me',
      },
    },
    data: { userdata: 'cGFzc3dvcmQ6IGh1bnRlcjI=' },
  };
  const otherPod = {
    ...makePod({ name: 'virt-launcher-other-xyz' }),
    metadata: {
      name: 'virt-launcher-other-xyz',
      namespace: NS,
      labels: {
        'kubevirt.io': 'virt-launcher',
        'vm.kubevirt.io/name': 'other',
        'kubevirt.io/created-by': 'other-uid',
      },
    },
  };
  const pool = [
    vm,
    makeVmi(),
    makePod(),
    otherPod,
    secretWithData,
    makeEvent('Pod', 'virt-launcher-vm1-abcde', 'FailedMount', 'x'),
    makeEvent('Pod', 'virt-launcher-other-xyz', 'FailedMount', 'y'),
  ];

  it('selects the launcher pod and events of this VM only, and records 404s', () => {
    const s = buildVmSnapshot(vm, pool, { now: NOW });
    expect(s.pods.map((p) => p.metadata?.name)).toEqual(['virt-launcher-vm1-abcde']);
    expect(s.events.map((e) => e.message)).toEqual(['x']);
    expect(s.missing).toContainEqual(
      expect.objectContaining({ kind: 'PersistentVolumeClaim', name: 'gone', reason: 'NotFound' }),
    );
  });

  it('keeps Secret metadata only: data and last-applied-configuration never enter', () => {
    const s = buildVmSnapshot(vm, pool, { now: NOW });
    expect(JSON.stringify(s)).not.toContain('cGFzc3dvcmQ');
    expect(s.secrets[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ud', namespace: NS, annotations: { keep: 'me' } },
    });
    expect(toReferenceOnly(secretWithData)).not.toHaveProperty('data');
  });

  it('records kinds the caller may not read as Forbidden, which diagnosis does not call missing', () => {
    const s = buildVmSnapshot(
      vm,
      pool.filter((o) => o.kind !== 'Secret'),
      { now: NOW, forbiddenKinds: ['Secret'] },
    );
    expect(s.missing).toContainEqual(
      expect.objectContaining({ kind: 'Secret', name: 'ud', reason: 'Forbidden' }),
    );
    expect(diagnoseVm(s).findings.find((f) => f.ruleId === 'secret.missing')).toBeUndefined();
  });
});

describe('explainVmStatus', () => {
  it('explains the status, its group and each condition', () => {
    const vm = makeVm({
      status: 'Provisioning',
      conditions: [condition('Ready', 'False', 'VMINotExists', 'VMI does not exist')],
    });
    const e = explainVmStatus({ vm });
    expect(e).toMatchObject({ status: 'Provisioning', group: 'starting' });
    expect(e.meaning).toMatch(/DataVolumes/);
    expect(e.whatHappensNext).toMatch(/Starting/);
    expect(e.conditions).toEqual([
      expect.objectContaining({
        source: 'VirtualMachine',
        type: 'Ready',
        status: 'False',
        reason: 'VMINotExists',
        explanation: expect.stringMatching(/No VirtualMachineInstance exists/),
      }),
    ]);
  });
  it('includes VMI conditions and falls back for unknown ones', () => {
    const vmi = makeVmi({
      conditions: [
        condition('Paused', 'True', 'PausedIOError'),
        condition('SomethingNew', 'False', 'Odd', 'odd message'),
      ],
    });
    const e = explainVmStatus({ vm: makeVm({ status: 'Paused' }), vmi });
    expect(e.group).toBe('stopped');
    expect(e.conditions.map((c) => c.explanation)).toEqual([
      expect.stringMatching(/I\/O error/),
      'SomethingNew is False (Odd): odd message.',
    ]);
  });
  it.each([
    ['CrashLoopBackOff', 'error'],
    ['Running', 'running'],
    ['Migrating', 'running'],
    ['Stopped', 'stopped'],
    ['WaitingForVolumeBinding', 'starting'],
    ['SomeFutureStatus', 'other'],
  ])('%s is in group %s', (status, group) => {
    expect(explainVmStatus({ vm: makeVm({ status }) }).group).toBe(group);
  });
});

describe('checkDependencies', () => {
  it('reports presence and state of every required object', () => {
    const vm = makeVm({
      volumes: [
        { name: 'root', dataVolume: { name: 'root-dv' } },
        { name: 'd', persistentVolumeClaim: { claimName: 'p' } },
        { name: 'ci', cloudInitNoCloud: { userDataSecretRef: { name: 'ud' } } },
      ],
      dataVolumeTemplates: [{ metadata: { name: 'root-dv' }, spec: {} }],
      networks: [
        { name: 'default', pod: {} },
        { name: 'n', multus: { networkName: 'vlan1' } },
      ],
    });
    const dv = {
      ...makeDv('root-dv', 'ImportInProgress', [
        condition('Running', 'False', 'Error', 'Unable to connect'),
      ]),
      status: {
        phase: 'ImportInProgress',
        progress: '12.5%',
        conditions: [condition('Running', 'False', 'Error', 'Unable to connect')],
      },
    };
    const deps = checkDependencies(
      makeSnapshot(vm, {
        dataVolumes: [dv],
        pvcs: [makePvc('root-dv', 'Bound', 'standard')],
        missing: [notFound('PersistentVolumeClaim', 'p'), forbidden('Secret', 'ud')],
      }),
    );
    const by = (kind: string, name: string) => deps.find((d) => d.kind === kind && d.name === name);
    expect(by('DataVolume', 'root-dv')).toMatchObject({
      present: true,
      state: 'ImportInProgress',
      required: false,
      message: expect.stringContaining('12.5% (Error: Unable to connect)'),
    });
    expect(by('PersistentVolumeClaim', 'root-dv')).toMatchObject({ present: true, state: 'Bound' });
    expect(by('PersistentVolumeClaim', 'p')).toMatchObject({
      present: false,
      state: 'NotFound',
      required: true,
    });
    expect(by('Secret', 'ud')).toMatchObject({ present: 'forbidden', state: 'Forbidden' });
    expect(by('NetworkAttachmentDefinition', 'vlan1')).toMatchObject({
      present: 'unknown',
      state: 'NotChecked',
    });
    expect(by('StorageClass', 'standard')).toMatchObject({ present: 'unknown' });
  });
});

describe('foldEvents', () => {
  const e = (
    reason: string,
    message: string,
    last: string,
    opts: { type?: string; count?: number; name?: string; first?: string } = {},
  ) => ({
    ...makeEvent('Pod', opts.name ?? 'p1', reason, message, {
      type: opts.type ?? 'Warning',
      count: opts.count ?? 1,
    }),
    lastTimestamp: last,
    firstTimestamp: opts.first ?? last,
  });
  const events = [
    e('FailedMount', 'secret "a" not found', '2026-11-20T10:05:00Z', {
      count: 3,
      first: '2026-11-20T10:00:00Z',
    }),
    e('Scheduled', 'assigned', '2026-11-20T09:59:00Z', { type: 'Normal' }),
    e('FailedMount', 'secret "a" not found', '2026-11-20T10:20:00Z', {
      count: 2,
      first: '2026-11-20T10:10:00Z',
    }),
    e('FailedMount', 'secret "a" not found', '2026-11-20T10:15:00Z', { name: 'p2' }),
  ];
  it('folds repeats of the same object, reason and message, newest first', () => {
    expect(foldEvents(events)).toEqual([
      {
        type: 'Warning',
        reason: 'FailedMount',
        message: 'secret "a" not found',
        involvedObject: { kind: 'Pod', name: 'p1', namespace: NS },
        count: 5,
        firstTimestamp: '2026-11-20T10:00:00Z',
        lastTimestamp: '2026-11-20T10:20:00Z',
      },
      expect.objectContaining({
        involvedObject: expect.objectContaining({ name: 'p2' }),
        count: 1,
      }),
      expect.objectContaining({ reason: 'Scheduled' }),
    ]);
  });
  it('filters by time and type', () => {
    expect(foldEvents(events, { warningsOnly: true }).map((f) => f.reason)).toEqual([
      'FailedMount',
      'FailedMount',
    ]);
    expect(
      foldEvents(events, { since: new Date('2026-11-20T10:16:00Z') }).map(
        (f) => f.involvedObject.name,
      ),
    ).toEqual(['p1']);
  });
  it('accepts events.k8s.io style fields', () => {
    const modern = {
      kind: 'Event',
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'R',
      message: 'm',
      eventTime: '2026-11-20T10:00:00Z',
      series: { count: 4, lastObservedTime: '2026-11-20T10:30:00Z' },
    };
    expect(foldEvents([modern])[0]).toMatchObject({
      count: 4,
      lastTimestamp: '2026-11-20T10:30:00Z',
      firstTimestamp: '2026-11-20T10:00:00Z',
    });
  });
});

describe('suggestFixes', () => {
  it('quotes arguments for the shell', () => {
    expect(shellQuote('vm-1')).toBe('vm-1');
    expect(shellQuote("it's; rm -rf /")).toBe("'it'\\''s; rm -rf /'");
    expect(shellQuote('{"a":1}')).toBe('\'{"a":1}\'');
  });

  it('gives exact commands with the real names for the root cause first', () => {
    const vm = makeVm({
      name: 'web',
      status: 'Starting',
      volumes: [{ name: 'ci', cloudInitNoCloud: { userDataSecretRef: { name: 'web-ci' } } }],
    });
    const s = makeSnapshot(vm, { missing: [notFound('Secret', 'web-ci')] });
    const d = diagnoseVm(s);
    expect(d.suggestions).toEqual(suggestFixes(d, s));
    expect(d.suggestions[0]).toMatchObject({ ruleId: 'secret.missing', risk: 'low' });
    expect(d.suggestions[0].commands).toContain(
      `oc create secret generic web-ci -n ${NS} --from-file=userdata=./cloud-init.yaml`,
    );
    expect(d.suggestions.flatMap((x) => x.commands)).toContain(`virtctl restart web -n ${NS}`);
  });

  it('patches the right dataVolumeTemplate for a missing StorageClass', () => {
    const vm = makeVm({
      status: 'Provisioning',
      volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
      dataVolumeTemplates: [
        { metadata: { name: 'root-dv' }, spec: { storage: { storageClassName: 'nope' } } },
      ],
    });
    const s = makeSnapshot(vm, {
      dataVolumes: [makeDv('root-dv', 'Pending', [], { storage: { storageClassName: 'nope' } })],
      missing: [notFound('StorageClass', 'nope', undefined)],
    });
    const commands = diagnoseVm(s).suggestions[0].commands;
    expect(commands).toContain(
      `oc patch vm vm1 -n ${NS} --type=json -p '[{"op":"replace","path":"/spec/dataVolumeTemplates/0/spec/storage/storageClassName","value":"EXISTING_STORAGECLASS"}]'`,
    );
    expect(commands).toContain(`oc delete datavolume root-dv -n ${NS}`);
  });

  it('has a fix for every rule that can name a root cause, and nothing for a healthy VM', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Paused' }), {
        vmi: makeVmi({ conditions: [condition('Paused', 'True', 'PausedIOError')] }),
      }),
    );
    expect(d.suggestions[0]).toMatchObject({
      ruleId: 'vm.paused-io-error',
      risk: 'high',
      commands: expect.arrayContaining([`virtctl unpause vm vm1 -n ${NS}`]),
    });
    const healthy = makeSnapshot(makeVm({ runStrategy: 'Halted', status: 'Stopped' }));
    expect(suggestFixes(diagnoseVm(healthy), healthy)).toEqual([]);
  });

  it('falls back to inspection commands for Unknown', () => {
    const s = makeSnapshot(makeVm({ status: 'Unknown' }), { pods: [makePod()] });
    expect(diagnoseVm(s).suggestions[0].commands).toContain(
      `oc get events -n ${NS} --sort-by=.lastTimestamp --field-selector involvedObject.name=virt-launcher-vm1-abcde`,
    );
  });

  it('never reads Secret data (metadata-only snapshot stays metadata-only)', () => {
    const vm = makeVm({
      volumes: [{ name: 'ci', cloudInitNoCloud: { userDataSecretRef: { name: 'ud' } } }],
    });
    const d = diagnoseVm(makeSnapshot(vm, { secrets: [meta('Secret', 'ud')] }));
    expect(d.healthy).toBe(true);
  });
});
