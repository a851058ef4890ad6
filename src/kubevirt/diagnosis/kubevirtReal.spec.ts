/**
 * The real objects of three deliberately broken VMs (KubeVirt v1.8.2, see testing/kubevirt-real/README.md)
 * must diagnose to their real causes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkDependencies } from './dependencies';
import { diagnoseVm } from './diagnose';
import type {
  DataVolume,
  K8sEvent,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
  VmSnapshot,
} from './model';
import { makeSnapshot } from './testing/builders';

const dir = join(__dirname, 'testing', 'kubevirt-real');
const read = <T>(file: string): T => parse(readFileSync(join(dir, file), 'utf8')) as T;

interface ToolEvent {
  InvolvedObject: { Kind: string; Name: string; apiVersion: string };
  Message: string;
  Namespace: string;
  Reason: string;
  Timestamp: string;
  Type: string;
}

/** vm_troubleshoot prints events with capitalised keys; map them back to core/v1 Events. */
const toEvent = (e: ToolEvent): K8sEvent => ({
  kind: 'Event',
  involvedObject: {
    kind: e.InvolvedObject.Kind,
    name: e.InvolvedObject.Name,
    namespace: e.Namespace,
    apiVersion: e.InvolvedObject.apiVersion,
  },
  reason: e.Reason,
  message: e.Message,
  type: e.Type,
  count: 1,
  lastTimestamp: new Date(e.Timestamp.replace(' +0000 UTC', 'Z').replace(' ', 'T')).toISOString(),
});

const snapshot = (vm: VirtualMachine, rest: Partial<VmSnapshot>, now: string): VmSnapshot =>
  makeSnapshot(vm, { ...rest, now: new Date(now) });

describe('kubevirt-real fixtures', () => {
  it('broken-vm: missing cloud-init Secret → MissingSecretOrConfigMap (not the Pending pod)', () => {
    const vm: VirtualMachine = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'broken-vm', namespace: 'vm-test-troubleshoot' },
      spec: {
        runStrategy: 'Always',
        template: {
          spec: {
            volumes: [
              {
                name: 'containerdisk',
                containerDisk: { image: 'quay.io/containerdisks/fedora:latest' },
              },
              { name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'vm-cloud-init' } } },
            ],
          },
        },
      },
      status: read('vm-status-broken-vm-starting.excerpt.yaml'),
    };
    const s = snapshot(
      vm,
      {
        vmi: read<VirtualMachineInstance>('vmi-broken-vm-missing-cloudinit-secret.yaml'),
        pods: [read<Pod>('virt-launcher-pod-broken-vm-pending.yaml')],
        events: read<ToolEvent[]>('events-broken-vm-failedmount.excerpt.yaml').map(toEvent),
        missing: [
          {
            kind: 'Secret',
            name: 'vm-cloud-init',
            namespace: 'vm-test-troubleshoot',
            reason: 'NotFound',
          },
        ],
      },
      '2026-08-17T10:44:00Z',
    );
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'MissingSecretOrConfigMap',
      ruleId: 'secret.missing',
    });
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Pod',
        name: 'virt-launcher-broken-vm-rgbm5',
        event: expect.objectContaining({ reason: 'FailedMount' }),
      }),
    );
    expect(d.suggestions[0].commands).toContain(
      'oc create secret generic vm-cloud-init -n vm-test-troubleshoot --from-file=userdata=./cloud-init.yaml',
    );
    // Even with only the event (Secret never looked up), the cause is the same.
    expect(diagnoseVm({ ...s, missing: [] }).rootCause?.category).toBe('MissingSecretOrConfigMap');
  });

  it('broken-sc-vm: DataVolume on a missing StorageClass → StorageProvisioning', () => {
    const dvStatus = read<DataVolume['status']>(
      'dv-status-broken-sc-vm-rootdisk-pending.excerpt.yaml',
    );
    const dvSpec = {
      source: { registry: { url: 'docker://quay.io/containerdisks/fedora:latest' } },
      storage: { storageClassName: 'non-existent-sc-xyz' },
    };
    const vm: VirtualMachine = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'broken-sc-vm', namespace: 'vm-test-troubleshoot-sc' },
      spec: {
        runStrategy: 'Always',
        dataVolumeTemplates: [{ metadata: { name: 'broken-sc-vm-rootdisk' }, spec: dvSpec }],
        template: {
          spec: { volumes: [{ name: 'rootdisk', dataVolume: { name: 'broken-sc-vm-rootdisk' } }] },
        },
      },
      status: read('vm-status-broken-sc-vm-provisioning.excerpt.yaml'),
    };
    const s = snapshot(
      vm,
      {
        dataVolumes: [
          {
            apiVersion: 'cdi.kubevirt.io/v1beta1',
            kind: 'DataVolume',
            metadata: { name: 'broken-sc-vm-rootdisk', namespace: 'vm-test-troubleshoot-sc' },
            spec: dvSpec,
            status: dvStatus,
          },
        ],
        events: [
          {
            kind: 'Event',
            involvedObject: {
              kind: 'VirtualMachine',
              name: 'broken-sc-vm',
              namespace: 'vm-test-troubleshoot-sc',
            },
            reason: 'SuccessfulDataVolumeCreate',
            message: 'Created DataVolume broken-sc-vm-rootdisk',
            type: 'Normal',
            lastTimestamp: '2026-08-17T10:46:12Z',
          },
        ],
        storageClasses: [
          {
            kind: 'StorageClass',
            metadata: { name: 'csi-hostpath-sc' },
            provisioner: 'hostpath.csi.k8s.io',
          },
          {
            kind: 'StorageClass',
            metadata: {
              name: 'standard',
              annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
            },
            provisioner: 'rancher.io/local-path',
          },
        ],
        storageClassesListed: true,
      },
      '2026-08-17T10:47:00Z',
    );
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'storage.class-missing',
    });
    expect(d.rootCause!.summary).toContain(
      'Available StorageClasses: csi-hostpath-sc, standard (default)',
    );
    expect(checkDependencies(s)).toContainEqual(
      expect.objectContaining({
        kind: 'StorageClass',
        name: 'non-existent-sc-xyz',
        present: false,
      }),
    );
    expect(checkDependencies(s)).toContainEqual(
      expect.objectContaining({
        kind: 'DataVolume',
        name: 'broken-sc-vm-rootdisk',
        present: true,
        state: 'Pending',
      }),
    );
  });

  it('crashloop-vm: cloud-init "shutdown -h now" with runStrategy Always → CrashLoop while it shows Running', () => {
    const vm: VirtualMachine = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'crashloop-vm', namespace: 'vm-test-troubleshoot-ci' },
      spec: {
        runStrategy: 'Always',
        template: {
          spec: {
            volumes: [
              {
                name: 'containerdisk',
                containerDisk: { image: 'quay.io/containerdisks/fedora:latest' },
              },
              {
                name: 'cloudinit',
                cloudInitNoCloud: {
                  userData: readFileSync(
                    join(dir, 'cloudinit-crashloop-vm-userdata.excerpt.txt'),
                    'utf8',
                  ),
                },
              },
            ],
          },
        },
      },
      status: read('vm-status-crashloop-vm-running.excerpt.yaml'),
    };
    const vmi: VirtualMachineInstance = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'crashloop-vm', namespace: 'vm-test-troubleshoot-ci' },
      status: read('vmi-status-crashloop-vm-running.excerpt.yaml'),
    };
    const d = diagnoseVm(snapshot(vm, { vmi }, '2026-08-17T10:46:00Z'));
    expect(vm.status?.printableStatus).toBe('Running');
    expect(d.rootCause).toMatchObject({ category: 'CrashLoop', ruleId: 'vm.cloudinit-shutdown' });
    expect(d.rootCause!.summary).toContain('shutdown -h now');
    // LiveMigratable=False (InterfaceNotLiveMigratable) is reported, but only as information.
    expect(d.findings.find((f) => f.ruleId === 'migration.not-migratable')?.severity).toBe('info');
  });
});
