import { diagnoseVm } from '../diagnose';
import type { K8sEvent, VmSnapshot } from '../model';
import {
  condition,
  makeEvent,
  makePod,
  makePvc,
  makeSnapshot,
  makeVm,
  makeVmi,
} from '../testing/builders';

const POD = 'virt-launcher-vm1-abcde';
const PV = 'pvc-12370eed';

// kubelet's block-mode failure ("MapVolume.SetUpDevice failed for volume %q", pkg/volume/csi
// csi_block.go) wrapping ceph-csi's NodeStage error ("rbd: map failed with error …, rbd error
// output: …", internal/rbd/rbd_attach.go) around the rbd CLI's open_image error.
const rbdMap = (output: string) =>
  `MapVolume.SetUpDevice failed for volume "${PV}" : kubernetes.io/csi: blockMapper.stageVolumeForBlock failed: rpc error: code = Internal desc = rbd: map failed with error an error (exit status 2) occurred while running rbd args: [--id csi-rbd-node -m 10.0.0.1:3300 --keyfile=***stripped*** map pool/csi-vol-5e1c --device-type krbd --options noudev], rbd error output: ${output}`;
const TIMEOUT =
  'Unable to attach or mount volumes: unmounted volumes=[rootdisk], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition';

const starting = (events: K8sEvent[]): VmSnapshot => {
  const pvc = makePvc('vm1-root');
  pvc.spec = { ...pvc.spec, volumeName: PV };
  const pod = makePod({ node: 'worker-1', phase: 'Pending' });
  pod.spec = {
    ...pod.spec!,
    volumes: [{ name: 'rootdisk', persistentVolumeClaim: { claimName: 'vm1-root' } }],
  } as typeof pod.spec;
  return makeSnapshot(
    makeVm({
      status: 'Starting',
      volumes: [{ name: 'rootdisk', persistentVolumeClaim: { claimName: 'vm1-root' } }],
    }),
    {
      vmi: makeVmi({
        phase: 'Scheduled',
        node: 'worker-1',
        conditions: [condition('Ready', 'False', 'PodNotExists')],
      }),
      pods: [pod],
      pvcs: [pvc],
      events: [makeEvent('Pod', POD, 'FailedMount', TIMEOUT, { count: 12 }), ...events],
    },
  );
};

describe('claim whose backing volume is gone on the storage side', () => {
  it('names the missing RBD image as MissingVolume, not the mount timeout', () => {
    const d = diagnoseVm(
      starting([
        makeEvent(
          'Pod',
          POD,
          'FailedMapVolume',
          rbdMap(
            'rbd: error opening image csi-vol-5e1c: (2) No such file or directory\nrbd: map failed: (2) No such file or directory',
          ),
          { count: 12 },
        ),
      ]),
    );
    expect(d.rootCause).toMatchObject({
      category: 'MissingVolume',
      ruleId: 'pvc.backing-volume-missing',
    });
    expect(d.rootCause?.summary).toContain('PersistentVolumeClaim "vm1-root"');
    expect(d.rootCause?.summary).toContain(`PersistentVolume "${PV}"`);
    expect(d.rootCause?.summary).toContain('error opening image csi-vol-5e1c');
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({ kind: 'PersistentVolumeClaim', name: 'vm1-root', value: PV }),
    );
    expect(d.suggestions.some((s) => s.ruleId === 'pvc.backing-volume-missing')).toBe(true);
  });

  it('reads a CSI NotFound about the volume as a missing backing volume', () => {
    const d = diagnoseVm(
      starting([
        makeEvent(
          'Pod',
          POD,
          'FailedAttachVolume',
          `AttachVolume.Attach failed for volume "${PV}" : rpc error: code = NotFound desc = Volume "vol-0abc" not found`,
        ),
      ]),
    );
    expect(d.rootCause?.ruleId).toBe('pvc.backing-volume-missing');
  });

  it('keeps an ENOENT from an unreachable monitor, or a NotFound node, a storage attach problem', () => {
    // rbd map also fails with ENOENT when it cannot reach the monitors (ceph/ceph-csi#3076).
    const mon = diagnoseVm(
      starting([
        makeEvent(
          'Pod',
          POD,
          'FailedMapVolume',
          rbdMap(
            'rbd: failed to get mon address (possible ms_mode mismatch)\nrbd: map failed: (2) No such file or directory',
          ),
        ),
      ]),
    );
    expect(mon.rootCause).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'pvc.attach-failed',
    });
    expect(mon.rootCause?.summary).toContain('failed to get mon address');
    const node = diagnoseVm(
      starting([
        makeEvent(
          'Pod',
          POD,
          'FailedAttachVolume',
          `AttachVolume.Attach failed for volume "${PV}" : rpc error: code = NotFound desc = Instance "i-0abc" not found`,
        ),
      ]),
    );
    expect(node.rootCause?.ruleId).toBe('pvc.attach-failed');
  });
});
