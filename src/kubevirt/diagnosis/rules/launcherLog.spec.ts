import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diagnoseVm } from '../diagnose';
import {
  LAUNCHER_LOG_LIMITS,
  launcherLogQuery,
  launcherLogTargets,
  unreadableLauncherLog,
} from '../launcherLog';
import { boundLauncherLog } from '../launcherLogTail';
import type { LauncherLog, Pod } from '../model';
import { makePod, makeSnapshot, makeVm, makeVmi, minutesAgo } from '../testing/builders';
import { loadAllScenarios, loadClusterObjects, scenarioSnapshot } from '../testing/scenarios';

const POD = 'virt-launcher-vm1-abcde';
const log = (text: string, container = 'compute'): LauncherLog =>
  boundLauncherLog(POD, container, text);

/** A failing VM (start backoff) or a healthy running one, with the given log tails. */
const failing = (logs: LauncherLog[]) =>
  diagnoseVm(
    makeSnapshot(makeVm({ status: 'CrashLoopBackOff' }), {
      vmi: makeVmi({ phase: 'Failed', node: 'worker-1' }),
      launcherLogs: logs,
    }),
  );
const healthy = (logs: LauncherLog[]) =>
  diagnoseVm(
    makeSnapshot(makeVm({ status: 'Running' }), {
      vmi: makeVmi({ phase: 'Running', node: 'worker-1' }),
      launcherLogs: logs,
    }),
  );

// virt-launcher logs JSON lines (kubevirt pkg/util/log); the reason carries libvirt's virError.
const jsonLine = (msg: string, reason: string) =>
  JSON.stringify({
    component: 'virt-launcher',
    level: 'error',
    msg,
    pos: 'manager.go:1123',
    reason,
    timestamp: '2026-11-20T07:55:00.000000Z',
  });

describe('boundLauncherLog', () => {
  it('keeps at most 200 lines, the newest, and says it cut', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const bounded = log(text);
    expect(bounded.lines).toHaveLength(LAUNCHER_LOG_LIMITS.lines);
    expect(bounded.lines[0]).toBe('line 300');
    expect(bounded.lines.at(-1)).toBe('line 499');
    expect(bounded.truncated).toBe(true);
    expect(log('a\nb\n')).toEqual({ pod: POD, container: 'compute', lines: ['a', 'b'] });
  });

  it('keeps at most 64 KiB from the end, starting at a whole line, in linear time', () => {
    const line = `${'x'.repeat(99)}\n`;
    const text = line.repeat(20_000) + 'last';
    const started = performance.now();
    const bounded = log(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(bounded.lines.join('\n').length).toBeLessThanOrEqual(LAUNCHER_LOG_LIMITS.bytes);
    expect(bounded.lines.every((l) => l === 'x'.repeat(99) || l === 'last')).toBe(true);
    expect(bounded.lines.at(-1)).toBe('last');
  });

  it('cuts a 10 MB line to 2 KiB quickly, from a string or from bytes', () => {
    const huge = `${'Cannot allocate memory '.repeat(460_000)}`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    for (const raw of [huge, new TextEncoder().encode(huge)]) {
      const started = performance.now();
      const bounded = boundLauncherLog(POD, 'compute', raw);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(bounded.lines).toHaveLength(1);
      expect(bounded.lines[0].length).toBeLessThanOrEqual(LAUNCHER_LOG_LIMITS.lineChars + 1);
      expect(bounded.lines[0].endsWith('…')).toBe(true);
      expect(bounded.truncated).toBe(true);
    }
  });

  it('replaces invalid UTF-8 and lone surrogates, strips control and escape characters', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('qemu: ok '),
      0xc3,
      0x28,
      0xff,
      0x0a,
      ...new TextEncoder().encode('\u001b[31mred\u001b[0m\u0007 bell\u202e rlo\tend'),
    ]);
    const bounded = boundLauncherLog(POD, 'compute', bytes);
    expect(bounded.lines).toEqual(['qemu: ok \ufffd(\ufffd', 'red bell rlo end']);
    expect(log('half \ud800 pair').lines).toEqual(['half \ufffd pair']);
  });

  it('replaces lines of binary data by a marker', () => {
    const binary = String.fromCharCode(
      ...Array.from({ length: 300 }, (_, i) => (i % 32 === 10 ? 0 : i % 32)),
    );
    const bounded = log(`before\n${binary}\nafter`);
    expect(bounded.lines[0]).toBe('before');
    expect(bounded.lines[1]).toMatch(/^\[binary data, \d+ characters\]$/);
    expect(bounded.lines[2]).toBe('after');
  });

  it('redacts secrets across the tail, a multi-line PEM block included', () => {
    const key = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    const bounded = log(
      [
        'starting',
        '-----BEGIN PRIVATE KEY-----',
        key,
        '-----END PRIVATE KEY-----',
        'error: failed to connect with password=Hunter2-Secret-Pass',
      ].join('\n'),
    );
    const text = bounded.lines.join('\n');
    expect(text).not.toContain(key);
    expect(text).not.toContain('Hunter2-Secret-Pass');
    expect(text).toContain('starting');
  });

  it('asks for a bounded tail and reads only started containers of the newest pod', () => {
    expect(launcherLogQuery('compute')).toBe('container=compute&tailLines=200&limitBytes=65536');
    const older: Pod = {
      ...makePod({ name: 'virt-launcher-vm1-old', containerStatuses: [] }),
      metadata: {
        ...makePod().metadata,
        name: 'virt-launcher-vm1-old',
        creationTimestamp: minutesAgo(60),
      },
    };
    const newest: Pod = {
      ...makePod({
        containerStatuses: [
          { name: 'compute', state: { running: {} } },
          { name: 'guest-console-log', state: { waiting: { reason: 'PodInitializing' } } },
        ],
      } as Partial<NonNullable<Pod['status']>>),
    };
    newest.spec = { containers: [{ name: 'compute' }, { name: 'guest-console-log' }] };
    expect(launcherLogTargets([older, newest])).toEqual([{ pod: POD, container: 'compute' }]);
    expect(launcherLogTargets([])).toEqual([]);
  });

  it('reads guest-console-log where current KubeVirt declares it: a native sidecar init container', () => {
    // The real v1.8.2 launcher pod (testing/kubevirt-real): guest-console-log in initContainers
    // with restartPolicy Always, its status in initContainerStatuses.
    const real = parse(
      readFileSync(
        join(
          __dirname,
          '..',
          'testing',
          'kubevirt-real',
          'virt-launcher-pod-broken-vm-pending.yaml',
        ),
        'utf8',
      ),
    ) as Pod;
    const name = real.metadata?.name ?? '';
    expect(real.spec?.initContainers?.map((c) => c.name)).toContain('guest-console-log');
    // As captured, everything is still initializing: nothing has a log yet.
    expect(launcherLogTargets([real])).toEqual([]);
    const started: Pod = {
      ...real,
      status: {
        ...real.status,
        containerStatuses: [{ name: 'compute', state: { terminated: { exitCode: 1 } } }],
        initContainerStatuses: [{ name: 'guest-console-log', state: { running: {} } }],
      },
    };
    expect(launcherLogTargets([started])).toEqual([
      { pod: name, container: 'compute' },
      { pod: name, container: 'guest-console-log' },
    ]);
  });
});

describe('launcher-log rule', () => {
  it('names the KVM failure of a failing VM as a NodeProblem cause, with the line as evidence', () => {
    // QEMU accel/kvm/kvm-all.c kvm_init.
    const line = 'Could not access KVM kernel module: No such file or directory';
    const d = failing([
      log(
        `{"level":"info","msg":"starting"}\n${line}\nqemu-kvm: failed to initialize kvm: No such file or directory`,
      ),
    ]);
    expect(d.rootCause).toMatchObject({
      ruleId: 'launcher-log.kvm-unavailable',
      category: 'NodeProblem',
    });
    const top = d.findings[0];
    expect(top.role).toBe('cause');
    expect(top.evidence[0]).toMatchObject({
      kind: 'Pod',
      name: POD,
      fieldPath: 'log[container=compute]',
    });
    expect(top.evidence.some((e) => e.value?.includes('failed to initialize kvm'))).toBe(true);
    expect(d.checks.find((c) => c.id === 'launcher-log')).toMatchObject({ status: 'failed' });
    expect(d.suggestions[0].ruleId).toBe('launcher-log.kvm-unavailable');
  });

  it.each([
    [
      jsonLine(
        'Failed to start VirtualMachineInstance',
        "virError(Code=1, Domain=10, Message='internal error: process exited while connecting to monitor: qemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory')",
      ),
      'launcher-log.memory-allocation',
      'InsufficientResources',
    ],
    [
      jsonLine(
        'Failed to sync vmi',
        "virError(Code=38, Domain=18, Message='Cannot access storage file '/var/run/kubevirt-private/vmi-disks/datadisk/disk.img' (as uid:107, gid:107): Permission denied')",
      ),
      'launcher-log.disk-access',
      'StorageProvisioning',
    ],
    [
      jsonLine(
        'Failed to start VirtualMachineInstance',
        'virError(Code=1, Domain=10, Message=\'internal error: process exited while connecting to monitor: qemu-kvm: -blockdev …: Failed to get "write" lock\nIs another process using the image [/var/run/kubevirt-private/vmi-disks/rootdisk/disk.img]?\')',
      ),
      'launcher-log.disk-locked',
      'StorageProvisioning',
    ],
    [
      jsonLine(
        'Failed to start VirtualMachineInstance',
        "virError(Code=91, Domain=31, Message='the CPU is incompatible with host CPU: Host CPU does not provide required features: avx512f, avx512dq')",
      ),
      'launcher-log.cpu-unsupported',
      'SchedulingConstraint',
    ],
    [
      jsonLine(
        'failed to configure vmi network',
        'failed to create tap device named tap0. Reason: operation not permitted',
      ),
      'launcher-log.tap-device',
      'NetworkAttachment',
    ],
  ])('classifies %s', (line, ruleId, category) => {
    const d = failing([log(line)]);
    expect(d.rootCause).toMatchObject({ ruleId, category });
    expect(d.findings[0].evidence[0].value).toContain('virt-launcher');
  });

  it('names the volume of a disk that cannot be opened', () => {
    const d = failing([
      log(
        "Could not open '/var/run/kubevirt-private/vmi-disks/datadisk/disk.img': Permission denied",
      ),
    ]);
    expect(d.rootCause?.summary).toContain('"datadisk"');
  });

  it('lets the lost libvirt socket decide only when nothing else matched', () => {
    const socket =
      "Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory";
    expect(failing([log(socket)]).rootCause?.ruleId).toBe('launcher-log.libvirt-unreachable');
    const both = failing([
      log(`${socket}\nqemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory`),
    ]);
    expect(both.rootCause?.ruleId).toBe('launcher-log.memory-allocation');
    expect(
      both.findings.find((f) => f.ruleId === 'launcher-log.libvirt-unreachable')?.severity,
    ).toBe('info');
  });

  it('reads the guest console log for a guest kernel panic', () => {
    const d = failing([
      log('ok', 'compute'),
      log(
        '[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
        'guest-console-log',
      ),
    ]);
    expect(d.rootCause).toMatchObject({
      ruleId: 'launcher-log.guest-kernel-panic',
      category: 'CrashLoop',
    });
  });

  it('never flags a healthy running VM: an old error line is information only', () => {
    const d = healthy([
      log("qemu-kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory"),
    ]);
    expect(d.healthy).toBe(true);
    expect(d.findings.find((f) => f.ruleId === 'launcher-log.memory-allocation')?.severity).toBe(
      'info',
    );
    expect(d.checks.find((c) => c.id === 'launcher-log')).toMatchObject({ status: 'passed' });
  });

  it('leaves a paused VM to the paused rule: its log lines are information', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Paused' }), {
        vmi: makeVmi({ phase: 'Running', node: 'worker-1' }),
        launcherLogs: [log('qemu-kvm: block I/O error: No space left on device')],
      }),
    );
    expect(d.findings.find((f) => f.ruleId === 'launcher-log.no-space')?.severity).toBe('info');
  });

  it('stays fast on hostile lines that almost match (200 lines of 2 KiB)', () => {
    for (const unit of [
      'CPU model ',
      'Permission denied ',
      "Cannot access storage file '",
      'Failed to get ',
    ]) {
      const line = unit.repeat(Math.ceil(2000 / unit.length));
      const tail = log(Array.from({ length: 200 }, () => line).join('\n'));
      const started = performance.now();
      failing([tail, { ...tail, container: 'guest-console-log' }]);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('ignores ordinary log lines', () => {
    const d = failing([
      log(
        [
          '{"component":"virt-launcher","level":"info","msg":"Domain started","pos":"manager.go:900"}',
          '{"component":"virt-launcher","level":"info","msg":"memory balloon ok","pos":"x.go:1"}',
        ].join('\n'),
      ),
    ]);
    expect(d.findings.some((f) => f.ruleId.startsWith('launcher-log.'))).toBe(false);
  });

  it('makes the check "not verified" with the reason when the log could not be read', () => {
    const forbidden = unreadableLauncherLog(
      POD,
      'compute',
      'Forbidden',
      'pods "virt-launcher-vm1-abcde" is forbidden: User "alice" cannot get resource "pods/log"',
    );
    const d = healthy([forbidden]);
    const check = d.checks.find((c) => c.id === 'launcher-log');
    expect(check).toMatchObject({ status: 'notVerified', passed: false });
    expect(check?.message).toContain('cannot get resource "pods/log"');
    expect(d.healthy).toBe(true);
    const gone = healthy([unreadableLauncherLog(POD, 'compute', 'NotFound')]);
    expect(gone.checks.find((c) => c.id === 'launcher-log')?.message).toContain('(NotFound)');
  });

  it('keeps a secret in an error line out of the finding and its evidence', () => {
    const d = failing([
      log(
        "Cannot access storage file '/var/run/kubevirt-private/vmi-disks/d/disk.img': Permission denied token=ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      ),
    ]);
    expect(d.rootCause?.ruleId).toBe('launcher-log.disk-access');
    expect(JSON.stringify(d)).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    // A snapshot from another client may carry unredacted lines: the rule redacts again.
    const raw: LauncherLog = {
      pod: POD,
      container: 'compute',
      lines: ['Failed to get "write" lock password=Swordfish-Very-Secret-77'],
    };
    expect(JSON.stringify(failing([raw]))).not.toContain('Swordfish-Very-Secret-77');
  });
});

describe('launcher-log scenarios', () => {
  const all = loadAllScenarios();
  const pool = [...loadClusterObjects(), ...all.flatMap((s) => s.objects)];
  const withLogs = all.filter((s) => s.file.includes('launcher-log') && s.expected);

  it('has at least four failing scenarios whose log decides the category', () => {
    expect(withLogs.length).toBeGreaterThanOrEqual(4);
  });

  it.each(withLogs.map((s) => [s.file, s] as const))('%s: right only with the log', (_f, s) => {
    const snapshot = scenarioSnapshot(s, pool);
    const d = diagnoseVm(snapshot);
    expect(d.rootCause?.ruleId).toMatch(/^launcher-log\./);
    expect(d.rootCause?.category).toBe(s.expected);
    expect(d.findings[0].evidence[0].fieldPath).toBe('log[container=compute]');
    // Without the log the same VM reads as a generic start failure: the log is the decisive evidence.
    expect(diagnoseVm({ ...snapshot, launcherLogs: [] }).rootCause?.category).not.toBe(s.expected);
  });
});
