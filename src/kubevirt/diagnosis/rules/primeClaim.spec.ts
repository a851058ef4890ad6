import { buildVmSnapshot } from '../buildSnapshot';
import { diagnoseVm } from '../diagnose';
import type { K8sObject, PersistentVolumeClaim } from '../model';
import {
  NOW,
  NS,
  condition,
  makeDv,
  makeEvent,
  makeNode,
  makePvc,
  makeVm,
} from '../testing/builders';
import { primeClaimNames } from './storageProvisioning';

const DV_UID = 'dv-uid-1';
const PVC_UID = 'pvc-uid-1';
const TRIDENT =
  'failed to provision volume with StorageClass "gold": rpc error: code = Unknown desc = Insufficient space in aggregate aggr_01';

const vm = makeVm({
  status: 'Provisioning',
  volumes: [{ name: 'root', dataVolume: { name: 'root-dv' } }],
});
const dv = {
  ...makeDv('root-dv', 'ImportScheduled', [
    condition('Bound', 'False', 'Pending', 'PVC root-dv Pending', 50),
    condition('Running', 'False', undefined, undefined, 50),
  ]),
  metadata: { name: 'root-dv', namespace: NS, uid: DV_UID, creationTimestamp: NOW.toISOString() },
};
const target = (phase = 'Pending'): PersistentVolumeClaim => {
  const pvc = makePvc('root-dv', phase, 'gold', 55);
  return {
    ...pvc,
    metadata: {
      ...pvc.metadata,
      uid: PVC_UID,
      ownerReferences: [
        { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', name: 'root-dv', uid: DV_UID },
      ],
    },
  };
};
const heartbeat = makeNode('worker-1', [
  { ...condition('Ready', 'True', 'KubeletReady'), lastHeartbeatTime: NOW.toISOString() } as never,
]);
const pool = (prime: string, extra: K8sObject[] = [], pvc = target()): K8sObject[] => [
  vm,
  dv,
  pvc,
  heartbeat,
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' } },
  makeEvent('PersistentVolumeClaim', prime, 'ProvisioningFailed', TRIDENT, { count: 16 }),
  ...extra,
];
const diagnose = (objects: K8sObject[]) => diagnoseVm(buildVmSnapshot(vm, objects, { now: NOW }));

describe("provisioning errors of CDI's prime claim", () => {
  it('names prime-<claim UID> (CDI PVCPrimeName) and the DataVolume UID variant', () => {
    expect(primeClaimNames(target())).toEqual([`prime-${PVC_UID}`, `prime-${DV_UID}`]);
    expect(primeClaimNames(makePvc('bare'))).toEqual([]);
  });

  it("reads the prime claim's events, not those of other claims", () => {
    const other = makeEvent(
      'PersistentVolumeClaim',
      'prime-someone-else',
      'ProvisioningFailed',
      'x',
    );
    const snapshot = buildVmSnapshot(vm, pool(`prime-${PVC_UID}`, [other]), { now: NOW });
    const names = snapshot.events.map((e) => e.involvedObject?.name);
    expect(names).toContain(`prime-${PVC_UID}`);
    expect(names).not.toContain('prime-someone-else');
  });

  it('makes the prime failure the root cause, above the stuck import', () => {
    const d = diagnose(pool(`prime-${PVC_UID}`));
    expect(d.rootCause).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'pvc.prime-provisioning-failed',
    });
    expect(d.findings[0].message).toContain(`"prime-${PVC_UID}"`);
    expect(d.findings[0].message).toContain('"root-dv"');
    expect(d.findings[0].message).toContain('aggr_01');
    // The import has sat ImportScheduled for 50 minutes: the fallback stays beside it as a warning.
    expect(d.findings.find((f) => f.ruleId === 'dv.stuck')?.severity).toBe('warning');
    expect(d.suggestions[0].commands).toContain(`oc describe pvc prime-${PVC_UID} -n ${NS}`);
  });

  it('links a prime claim named after the DataVolume UID too', () => {
    expect(diagnose(pool(`prime-${DV_UID}`)).rootCause?.ruleId).toBe(
      'pvc.prime-provisioning-failed',
    );
  });

  it('ignores Normal provisioning progress and claims that are already bound', () => {
    const waiting = pool(`prime-${PVC_UID}`).filter((o) => o.kind !== 'Event');
    waiting.push(
      makeEvent('PersistentVolumeClaim', `prime-${PVC_UID}`, 'ExternalProvisioning', 'Waiting', {
        type: 'Normal',
      }),
    );
    expect(
      diagnose(waiting).findings.some((f) => f.ruleId === 'pvc.prime-provisioning-failed'),
    ).toBe(false);
    const bound = diagnose(pool(`prime-${PVC_UID}`, [], target('Bound')));
    expect(bound.findings.some((f) => f.ruleId === 'pvc.prime-provisioning-failed')).toBe(false);
  });
});
