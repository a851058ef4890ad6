import type { DataVolume, K8sObject, LookupFailure, VirtualMachine } from './model';

/**
 * A disk cloned from a boot source (`sourceRef: DataSource`) waits, with only "CloneWithoutSource"
 * on its own DataVolume, while the DataSource's claim does not exist. On clusters with automatic
 * boot-source updates that claim is what a DataImportCron imports (CDI
 * pkg/controller/dataimportcron-controller: the cron creates a DataVolume per digest, listed in
 * status.currentImports, labels it and the DataSource `cdi.kubevirt.io/dataImportCron`, and points
 * the DataSource at it once it succeeds), so the real error is on the cron's DataVolume in the
 * boot-source namespace.
 */

export interface BootSourceRef {
  /** The VM's DataVolume that clones it. */
  dv: string;
  name: string;
  namespace: string;
}

/** Objects of the boot-source namespaces (read only while a disk waits for one). */
export interface BootSourceObjects {
  dataSources: K8sObject[];
  dataImportCrons: K8sObject[];
  dataVolumes: DataVolume[];
  /** Lists of those namespaces that could not be read (the boot-source check is then "not verified"). */
  unreadable?: { kind: string; namespace: string; reason: LookupFailure }[];
}

const CRON_LABEL = 'cdi.kubevirt.io/dataImportCron';

/** DataSources the VM's unfinished disks clone from (the DataVolume may not exist yet). */
export const bootSourcesToRead = (
  vm: VirtualMachine,
  dataVolumes: DataVolume[],
): BootSourceRef[] => {
  const namespace = vm.metadata?.namespace ?? 'default';
  const phaseOf = new Map(dataVolumes.map((d) => [d.metadata?.name ?? '', d.status?.phase]));
  return (vm.spec?.dataVolumeTemplates ?? []).flatMap((t) => {
    const ref = t.spec?.sourceRef;
    const dv = t.metadata?.name ?? '';
    if (ref?.kind !== 'DataSource' || !ref.name || phaseOf.get(dv) === 'Succeeded') return [];
    return [{ dv, name: ref.name, namespace: ref.namespace || namespace }];
  });
};

interface DataSourceShape extends K8sObject {
  spec?: { source?: { pvc?: { name?: string; namespace?: string } } };
}
interface CronShape extends K8sObject {
  spec?: { managedDataSource?: string };
  status?: { currentImports?: { DataVolumeName?: string }[] };
}

export interface BootSourceState {
  dataSource?: K8sObject;
  /** The claim the DataSource points to (namespace/name). */
  claim?: { name: string; namespace: string };
  cron?: K8sObject;
  /** The cron's newest import, or the DataVolume of the claim the DataSource names. */
  importDv?: DataVolume;
}

const inNs = <T extends K8sObject>(objects: T[], namespace: string): T[] =>
  objects.filter((o) => o.metadata?.namespace === namespace);
const newestFirst = (a: K8sObject, b: K8sObject) =>
  Date.parse(b.metadata?.creationTimestamp ?? '') -
    Date.parse(a.metadata?.creationTimestamp ?? '') || 0;

export const bootSourceState = (
  ref: BootSourceRef,
  objects: BootSourceObjects,
): BootSourceState => {
  const dataSource = inNs(objects.dataSources, ref.namespace).find(
    (d) => d.metadata?.name === ref.name,
  ) as DataSourceShape | undefined;
  const pvc = dataSource?.spec?.source?.pvc;
  const claim = pvc?.name
    ? { name: pvc.name, namespace: pvc.namespace || ref.namespace }
    : undefined;
  const cronName = dataSource?.metadata?.labels?.[CRON_LABEL];
  const cron = (inNs(objects.dataImportCrons, ref.namespace) as CronShape[]).find(
    (c) => c.metadata?.name === cronName || c.spec?.managedDataSource === ref.name,
  );
  const dvs = inNs(objects.dataVolumes, claim?.namespace ?? ref.namespace);
  const current = new Set((cron?.status?.currentImports ?? []).map((i) => i.DataVolumeName));
  const importDv =
    dvs.find((d) => current.has(d.metadata?.name)) ??
    (cron
      ? dvs
          .filter((d) => d.metadata?.labels?.[CRON_LABEL] === cron.metadata?.name)
          .sort(newestFirst)[0]
      : undefined) ??
    dvs.find((d) => d.metadata?.name === claim?.name);
  return {
    ...(dataSource ? { dataSource } : {}),
    ...(claim ? { claim } : {}),
    ...(cron ? { cron } : {}),
    ...(importDv ? { importDv } : {}),
  };
};
