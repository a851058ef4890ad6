import { bootSourceState, bootSourcesToRead, type BootSourceObjects } from './bootSources';
import type { DataVolume, K8sObject, VirtualMachine } from './model';
import { requiredObjects } from './requiredObjects';

const vm = (sourceNs?: string): VirtualMachine => ({
  kind: 'VirtualMachine',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    dataVolumeTemplates: [
      {
        metadata: { name: 'web-root' },
        spec: { sourceRef: { kind: 'DataSource', name: 'rhel9', namespace: sourceNs } },
      },
      { metadata: { name: 'web-data' }, spec: { source: { blank: {} } } },
    ],
  },
});
const dv = (name: string, namespace: string, extra: Partial<DataVolume> = {}): DataVolume => ({
  kind: 'DataVolume',
  metadata: { name, namespace, creationTimestamp: '2026-11-20T07:00:00Z' },
  status: { phase: 'ImportInProgress' },
  ...extra,
});
const dataSource = (labels: Record<string, string> = {}): K8sObject =>
  ({
    kind: 'DataSource',
    metadata: { name: 'rhel9', namespace: 'os-images', labels },
    spec: { source: { pvc: { name: 'rhel9-abc', namespace: 'os-images' } } },
  }) as K8sObject;
const cron = (name: string, extra: Record<string, unknown> = {}): K8sObject =>
  ({ kind: 'DataImportCron', metadata: { name, namespace: 'os-images' }, ...extra }) as K8sObject;
const ref = { dv: 'web-root', name: 'rhel9', namespace: 'os-images' };

describe('bootSourcesToRead', () => {
  it('names the DataSource of each disk that has not cloned yet', () => {
    expect(bootSourcesToRead(vm('os-images'), [])).toEqual([ref]);
    expect(bootSourcesToRead(vm(), [])).toEqual([{ ...ref, namespace: 'apps' }]);
  });

  it('reads nothing once the disk succeeded', () => {
    expect(
      bootSourcesToRead(vm('os-images'), [
        dv('web-root', 'apps', { status: { phase: 'Succeeded' } }),
      ]),
    ).toEqual([]);
  });
});

describe('bootSourceState', () => {
  const objects = (extra: Partial<BootSourceObjects>): BootSourceObjects => ({
    dataSources: [dataSource({ 'cdi.kubevirt.io/dataImportCron': 'rhel9-cron' })],
    dataImportCrons: [],
    dataVolumes: [],
    ...extra,
  });

  it("follows the DataSource's cron label to the cron's current import", () => {
    const state = bootSourceState(
      ref,
      objects({
        dataImportCrons: [
          cron('rhel9-cron', { status: { currentImports: [{ DataVolumeName: 'rhel9-new' }] } }),
        ],
        dataVolumes: [dv('rhel9-old', 'os-images'), dv('rhel9-new', 'os-images')],
      }),
    );
    expect(state.cron?.metadata?.name).toBe('rhel9-cron');
    expect(state.importDv?.metadata?.name).toBe('rhel9-new');
    expect(state.claim).toEqual({ name: 'rhel9-abc', namespace: 'os-images' });
  });

  it('finds the cron by managedDataSource and its newest labelled DataVolume', () => {
    const labelled = (name: string, created: string) =>
      dv(name, 'os-images', {
        metadata: {
          name,
          namespace: 'os-images',
          creationTimestamp: created,
          labels: { 'cdi.kubevirt.io/dataImportCron': 'c2' },
        },
      });
    const state = bootSourceState(ref, {
      dataSources: [dataSource()],
      dataImportCrons: [cron('c2', { spec: { managedDataSource: 'rhel9' } })],
      dataVolumes: [labelled('a', '2026-11-19T00:00:00Z'), labelled('b', '2026-11-20T00:00:00Z')],
    });
    expect(state.importDv?.metadata?.name).toBe('b');
  });

  it("falls back to the DataVolume of the DataSource's claim, and to nothing in other namespaces", () => {
    expect(
      bootSourceState(ref, objects({ dataVolumes: [dv('rhel9-abc', 'os-images')] })).importDv
        ?.metadata?.name,
    ).toBe('rhel9-abc');
    expect(bootSourceState(ref, objects({ dataVolumes: [dv('rhel9-abc', 'apps')] })).importDv).toBe(
      undefined,
    );
    expect(bootSourceState({ ...ref, name: 'other' }, objects({})).dataSource).toBeUndefined();
  });
});

describe('requiredObjects with launcher pods', () => {
  it('adds the claims a launcher pod mounts that the VM spec does not name, once', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'virt-launcher-web-abcde', namespace: 'apps' },
      spec: {
        volumes: [
          { name: 'rootdisk', persistentVolumeClaim: { claimName: 'web-root' } },
          { name: 'vm-state', persistentVolumeClaim: { claimName: 'persistent-state-for-web-x1' } },
          { name: 'private', emptyDir: {} },
        ],
      },
    };
    const claims = requiredObjects(vm('os-images'), { pods: [pod] })
      .filter((r) => r.kind === 'PersistentVolumeClaim')
      .map((r) => r.name);
    expect(claims).toEqual(['web-root', 'web-data', 'persistent-state-for-web-x1']);
  });
});
