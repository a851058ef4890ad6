import type { DataVolume, PersistentVolumeClaim, VolumeSnapshot } from './model';

/**
 * A smart (snapshot) clone goes through a VolumeSnapshot of the source claim that CDI creates and
 * deletes; while it is not ready the DataVolume only says "SnapshotForSmartCloneInProgress" with
 * a Normal event, and the snapshot's own status.error (external-snapshotter) holds the reason.
 * Names: CDI's clone planner (pkg/controller/clone/planner.go) calls it
 * `tmp-snapshot-<target claim UID>` in the source namespace; the older smart-clone controller
 * used the DataVolume's UID. A DataVolume cloning *from* a VolumeSnapshot (`source.snapshot`)
 * depends on that snapshot directly.
 */

/** Source of a clone DataVolume: the claim or snapshot it copies, and where. */
export interface CloneSource {
  namespace: string;
  claim?: string;
  snapshot?: string;
}

const CLONE_DONE_PHASES = new Set(['Succeeded', 'Failed']);

export const cloneSourceOf = (dv: DataVolume): CloneSource | undefined => {
  const namespace = dv.metadata?.namespace ?? '';
  const source = (dv.spec?.source ?? {}) as {
    pvc?: { name?: string; namespace?: string };
    snapshot?: { name?: string; namespace?: string };
  };
  if (source.pvc?.name)
    return { namespace: source.pvc.namespace || namespace, claim: source.pvc.name };
  if (source.snapshot?.name)
    return { namespace: source.snapshot.namespace || namespace, snapshot: source.snapshot.name };
  return undefined;
};

/**
 * Namespaces whose VolumeSnapshots tell how an unfinished clone of the VM is doing: empty when no
 * DataVolume is cloning, so a VM without clones costs no request.
 */
export const snapshotNamespacesToRead = (dataVolumes: DataVolume[]): string[] => [
  ...new Set(
    dataVolumes
      .filter((dv) => !CLONE_DONE_PHASES.has(dv.status?.phase ?? ''))
      .map((dv) => cloneSourceOf(dv)?.namespace)
      .filter((ns): ns is string => !!ns),
  ),
];

const mentions = (snapshot: VolumeSnapshot, uid: string | undefined): boolean => {
  if (!uid) return false;
  const meta = snapshot.metadata ?? {};
  return (
    (meta.name ?? '').includes(uid) ||
    Object.values(meta.labels ?? {}).includes(uid) ||
    (meta.ownerReferences ?? []).some((o) => o.uid === uid)
  );
};

const isCdiOwned = (snapshot: VolumeSnapshot): boolean => {
  const labels = snapshot.metadata?.labels ?? {};
  return (
    labels['app'] === 'containerized-data-importer' ||
    Object.keys(labels).some((k) => k.startsWith('cdi.kubevirt.io'))
  );
};

/**
 * The VolumeSnapshots a clone DataVolume waits for: the snapshot it clones from, or the temporary
 * one CDI took of its source claim (named after the DataVolume's or its claim's UID; otherwise a
 * CDI-owned snapshot of the same source claim).
 */
export const cloneSnapshotsOf = (
  dv: DataVolume,
  pvcs: PersistentVolumeClaim[],
  snapshots: VolumeSnapshot[],
): VolumeSnapshot[] => {
  const source = cloneSourceOf(dv);
  if (!source || CLONE_DONE_PHASES.has(dv.status?.phase ?? '')) return [];
  const inSourceNs = snapshots.filter((s) => s.metadata?.namespace === source.namespace);
  if (source.snapshot) return inSourceNs.filter((s) => s.metadata?.name === source.snapshot);
  const claimName = dv.status?.claimName ?? dv.metadata?.name;
  const claimUid = pvcs.find(
    (p) => p.metadata?.name === claimName && p.metadata?.namespace === dv.metadata?.namespace,
  )?.metadata?.uid;
  const named = inSourceNs.filter((s) => mentions(s, dv.metadata?.uid) || mentions(s, claimUid));
  if (named.length > 0) return named;
  return inSourceNs.filter(
    (s) => isCdiOwned(s) && s.spec?.source?.persistentVolumeClaimName === source.claim,
  );
};
