import { diagnoseVm } from '../diagnose';
import type { DataVolume, K8sObject, VmSnapshot } from '../model';
import {
  NOW,
  condition,
  makeDv,
  makeNode,
  makeSnapshot,
  makeVm,
  minutesAgo,
} from '../testing/builders';
import { loadAllScenarios, loadClusterObjects, scenarioSnapshot } from '../testing/scenarios';

const scenarios = loadAllScenarios();
const pool: K8sObject[] = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
const diagnoseFile = (file: string) => {
  const scenario = scenarios.find((s) => s.file === file);
  if (!scenario) throw new Error(`no scenario ${file}`);
  return diagnoseVm(scenarioSnapshot(scenario, pool));
};

const vm = makeVm({
  status: 'Provisioning',
  volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
});
const heartbeat = makeNode('worker-1', [
  { ...condition('Ready', 'True', 'KubeletReady'), lastHeartbeatTime: NOW.toISOString() } as never,
]);
/** A DataVolume whose conditions last changed `minutes` ago. */
const dvSince = (phase: string, minutes: number, progress = 'N/A'): DataVolume => ({
  ...makeDv('root-dv', phase, [condition('Running', 'False', phase, undefined, minutes)], {
    source: { pvc: { name: 'golden', namespace: 'team-a' } },
  }),
  status: {
    phase,
    progress,
    conditions: [condition('Running', 'False', phase, undefined, minutes)],
  },
});
const snapshotWith = (dv: DataVolume, partial: Partial<VmSnapshot> = {}) =>
  makeSnapshot(vm, { dataVolumes: [dv], nodes: [heartbeat], ...partial });
const dvCheck = (snapshot: VmSnapshot) =>
  diagnoseVm(snapshot).checks.find((c) => c.id === 'datavolume-import');

describe('clone whose VolumeSnapshot failed', () => {
  it("names the snapshot's error, not the DataVolume's calm phase", () => {
    const d = diagnoseFile('datavolumeimport-smart-clone-snapshot-class-missing.yaml');
    expect(d.rootCause).toMatchObject({
      category: 'DataVolumeImport',
      ruleId: 'dv.clone-snapshot-failed',
    });
    expect(d.rootCause?.summary).toContain('standard-snapclass');
    const evidence = d.findings[0].evidence;
    expect(evidence[0]).toMatchObject({
      kind: 'VolumeSnapshot',
      fieldPath: 'status.error.message',
    });
    expect(evidence.some((e) => e.event?.reason === 'GetSnapshotClassFailed')).toBe(true);
    expect(d.suggestions[0].commands).toContain('oc get volumesnapshotclass');
  });

  it('leaves a snapshot being taken, without error, as a normal transition', () => {
    const d = diagnoseFile('healthy-smart-clone-snapshot-in-progress.yaml');
    expect(d.rootCause).toBeNull();
    expect(d.findings.find((f) => f.ruleId === 'dv.import-in-progress')?.role).toBe('transition');
  });

  it('is "not verified" when the snapshots could not be read while a clone runs', () => {
    const unreadable = [{ kind: 'VolumeSnapshot', reason: 'Forbidden' as const }];
    const cloning = dvCheck(
      snapshotWith(dvSince('SnapshotForSmartCloneInProgress', 5), { unreadable }),
    );
    expect(cloning).toMatchObject({ status: 'notVerified' });
    expect(cloning?.message).toContain(
      'VolumeSnapshots of the clone could not be read (Forbidden)',
    );
    const done = dvCheck(snapshotWith(dvSince('Succeeded', 5), { unreadable }));
    expect(done?.status).toBe('passed');
  });
});

describe('CDI operation that does not move (dv.stuck)', () => {
  it('is a transition for 29 minutes and the root cause after 31', () => {
    const early = diagnoseVm(snapshotWith(dvSince('CSICloneInProgress', 29)));
    expect(early.rootCause).toBeNull();
    const late = diagnoseVm(snapshotWith(dvSince('CSICloneInProgress', 31)));
    expect(late.rootCause).toMatchObject({ category: 'DataVolumeImport', ruleId: 'dv.stuck' });
    expect(late.rootCause?.summary).toBe(
      'DataVolume "root-dv" (clone) has been CSICloneInProgress for 31 minutes without progress: CDI is not moving it forward.',
    );
  });

  it('leaves an operation that reports a percentage alone, however long it takes', () => {
    expect(
      diagnoseVm(snapshotWith(dvSince('CloneInProgress', 600, '12.50%'))).rootCause,
    ).toBeNull();
    expect(
      diagnoseVm(snapshotWith(dvSince('CloneInProgress', 600, '0.00%'))).rootCause?.ruleId,
    ).toBe('dv.stuck');
  });

  it("judges time by the cluster's clock: a reader's clock a week ahead changes nothing", () => {
    const later = new Date(NOW.getTime() + 7 * 24 * 3600 * 1000);
    expect(
      diagnoseVm(snapshotWith(dvSince('SnapshotForSmartCloneInProgress', 5), { now: later }))
        .rootCause,
    ).toBeNull();
  });

  it('says an upload is awaited and how to make it', () => {
    const d = diagnoseVm(
      snapshotWith({
        ...dvSince('UploadReady', 3 * 24 * 60),
        spec: { source: { upload: {} } },
      }),
    );
    expect(d.rootCause?.summary).toBe(
      'DataVolume "root-dv" has waited 3 days for an upload (UploadReady): no image was uploaded, so the VM cannot start.',
    );
    expect(d.suggestions[0].commands[0]).toBe(
      'virtctl image-upload dv root-dv -n team-a --no-create --image-path=./disk.img',
    );
  });

  it('never judges a stopped VM or a claim waiting for its first consumer as stuck', () => {
    const stopped = makeSnapshot(
      makeVm({
        runStrategy: 'Halted',
        status: 'Stopped',
        volumes: vm.spec?.template?.spec?.volumes,
      }),
      {
        dataVolumes: [dvSince('CSICloneInProgress', 300)],
        nodes: [heartbeat],
      },
    );
    expect(diagnoseVm(stopped).rootCause).toBeNull();
    expect(
      diagnoseVm(snapshotWith(dvSince('WaitForFirstConsumer', 300))).findings.map((f) => f.ruleId),
    ).not.toContain('dv.stuck');
  });

  it('steps aside (warning) when a specific cause explains the same VM', () => {
    const d = diagnoseFile('storageprovisioning-csi-driver-not-running.yaml');
    expect(d.rootCause?.ruleId).toBe('pvc.provisioner-not-running');
    expect(d.findings.find((f) => f.ruleId === 'dv.stuck')?.severity).toBe('warning');
  });

  it('uses the DataVolume creation time when it has no conditions yet', () => {
    const dv = makeDv('root-dv', 'CloneScheduled', [], { source: { pvc: { name: 'golden' } } });
    dv.metadata = { ...dv.metadata, creationTimestamp: minutesAgo(45) };
    expect(diagnoseVm(snapshotWith(dv)).rootCause?.ruleId).toBe('dv.stuck');
  });
});
