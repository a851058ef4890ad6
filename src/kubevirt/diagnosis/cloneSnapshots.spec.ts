import { cloneSnapshotsOf, cloneSourceOf, snapshotNamespacesToRead } from './cloneSnapshots';
import type { DataVolume, PersistentVolumeClaim, VolumeSnapshot } from './model';

const dv = (phase: string, source: Record<string, unknown>, uid = 'dv-uid-1'): DataVolume => ({
  kind: 'DataVolume',
  metadata: { name: 'vm-root', namespace: 'team-a', uid },
  spec: { source },
  status: { phase },
});
const claim: PersistentVolumeClaim = {
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'vm-root', namespace: 'team-a', uid: 'claim-uid-9' },
};
const snap = (
  name: string,
  namespace = 'team-a',
  pvcName = 'golden',
  labels: Record<string, string> = {},
): VolumeSnapshot => ({
  kind: 'VolumeSnapshot',
  metadata: { name, namespace, labels },
  spec: { source: { persistentVolumeClaimName: pvcName } },
});
const pvcClone = { pvc: { name: 'golden' } };

describe('cloneSourceOf', () => {
  it('reads the source claim or snapshot, defaulting to the DataVolume namespace', () => {
    expect(cloneSourceOf(dv('CloneInProgress', pvcClone))).toEqual({
      namespace: 'team-a',
      claim: 'golden',
    });
    expect(
      cloneSourceOf(dv('CloneInProgress', { snapshot: { name: 's1', namespace: 'images' } })),
    ).toEqual({ namespace: 'images', snapshot: 's1' });
    expect(cloneSourceOf(dv('ImportInProgress', { http: { url: 'https://x' } }))).toBeUndefined();
  });
});

describe('snapshotNamespacesToRead', () => {
  it('names each source namespace of an unfinished clone once, and nothing otherwise', () => {
    expect(
      snapshotNamespacesToRead([
        dv('SnapshotForSmartCloneInProgress', pvcClone),
        dv('CloneScheduled', { pvc: { name: 'g2', namespace: 'images' } }),
        dv('CloneInProgress', pvcClone),
      ]),
    ).toEqual(['team-a', 'images']);
    expect(
      snapshotNamespacesToRead([
        dv('Succeeded', pvcClone),
        dv('Failed', pvcClone),
        dv('ImportInProgress', { http: { url: 'https://x' } }),
      ]),
    ).toEqual([]);
  });
});

describe('cloneSnapshotsOf', () => {
  const phase = 'SnapshotForSmartCloneInProgress';

  it("finds CDI's temporary snapshot by the target claim's UID (tmp-snapshot-<uid>)", () => {
    const found = cloneSnapshotsOf(
      dv(phase, pvcClone),
      [claim],
      [snap('user-backup'), snap('tmp-snapshot-claim-uid-9')],
    );
    expect(found.map((s) => s.metadata?.name)).toEqual(['tmp-snapshot-claim-uid-9']);
  });

  it("finds an older CDI's snapshot named after the DataVolume's UID, or labelled with it", () => {
    expect(
      cloneSnapshotsOf(dv(phase, pvcClone), [], [snap('cdi-tmp-dv-uid-1')]).map(
        (s) => s.metadata?.name,
      ),
    ).toEqual(['cdi-tmp-dv-uid-1']);
    expect(
      cloneSnapshotsOf(
        dv(phase, pvcClone),
        [],
        [snap('x', 'team-a', 'golden', { 'cdi.kubevirt.io/OwnedByUID': 'dv-uid-1' })],
      ),
    ).toHaveLength(1);
  });

  it('falls back to a CDI-owned snapshot of the same source claim, never a user snapshot', () => {
    const cdi = snap('other-name', 'team-a', 'golden', { app: 'containerized-data-importer' });
    const user = snap('nightly', 'team-a', 'golden');
    const otherClaim = snap('c2', 'team-a', 'other', { app: 'containerized-data-importer' });
    expect(cloneSnapshotsOf(dv(phase, pvcClone), [], [user, cdi, otherClaim])).toEqual([cdi]);
  });

  it('looks in the source namespace of a cross-namespace clone', () => {
    const source = { pvc: { name: 'golden', namespace: 'images' } };
    expect(
      cloneSnapshotsOf(dv(phase, source), [claim], [snap('tmp-snapshot-claim-uid-9', 'team-a')]),
    ).toEqual([]);
    expect(
      cloneSnapshotsOf(dv(phase, source), [claim], [snap('tmp-snapshot-claim-uid-9', 'images')]),
    ).toHaveLength(1);
  });

  it('returns the snapshot a DataVolume clones from', () => {
    const source = { snapshot: { name: 'golden-snap' } };
    expect(
      cloneSnapshotsOf(dv('CloneFromSnapshotSourceInProgress', source), [], [snap('golden-snap')]),
    ).toHaveLength(1);
  });

  it('ignores snapshots once the clone has finished', () => {
    expect(
      cloneSnapshotsOf(dv('Succeeded', pvcClone), [claim], [snap('tmp-snapshot-claim-uid-9')]),
    ).toEqual([]);
  });
});
