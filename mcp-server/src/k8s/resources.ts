/** Where each kind lives in the Kubernetes REST API. */
export interface ResourceType {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** Read as metadata only: the data of Secrets and ConfigMaps never enters the server. */
  metadataOnly?: boolean;
}

const r = (
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced = true,
  metadataOnly = false,
): ResourceType => ({ kind, group, version, plural, namespaced, metadataOnly });

export const RESOURCES = {
  virtualMachine: r('VirtualMachine', 'kubevirt.io', 'v1', 'virtualmachines'),
  virtualMachineInstance: r(
    'VirtualMachineInstance',
    'kubevirt.io',
    'v1',
    'virtualmachineinstances',
  ),
  migration: r(
    'VirtualMachineInstanceMigration',
    'kubevirt.io',
    'v1',
    'virtualmachineinstancemigrations',
  ),
  dataVolume: r('DataVolume', 'cdi.kubevirt.io', 'v1beta1', 'datavolumes'),
  dataSource: r('DataSource', 'cdi.kubevirt.io', 'v1beta1', 'datasources'),
  dataImportCron: r('DataImportCron', 'cdi.kubevirt.io', 'v1beta1', 'dataimportcrons'),
  pod: r('Pod', '', 'v1', 'pods'),
  event: r('Event', '', 'v1', 'events'),
  persistentVolumeClaim: r('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims'),
  secret: r('Secret', '', 'v1', 'secrets', true, true),
  configMap: r('ConfigMap', '', 'v1', 'configmaps', true, true),
  networkAttachmentDefinition: r(
    'NetworkAttachmentDefinition',
    'k8s.cni.cncf.io',
    'v1',
    'network-attachment-definitions',
  ),
  storageClass: r('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', false),
  volumeSnapshot: r('VolumeSnapshot', 'snapshot.storage.k8s.io', 'v1', 'volumesnapshots'),
  node: r('Node', '', 'v1', 'nodes', false),
  namespace: r('Namespace', '', 'v1', 'namespaces', false),
  project: r('Project', 'project.openshift.io', 'v1', 'projects', false),
} as const;

/** "virtualmachines.kubevirt.io", "persistentvolumeclaims": how kubectl names a resource. */
export const resourceName = (res: ResourceType): string =>
  res.group ? `${res.plural}.${res.group}` : res.plural;

export const resourcePath = (res: ResourceType, namespace?: string, name?: string): string => {
  const base = res.group ? `/apis/${res.group}/${res.version}` : `/api/${res.version}`;
  const ns = res.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${res.plural}${item}`;
};

/** Instancetypes and preferences, which a VM may reference instead of spelling out CPU and memory. */
export const INSTANCETYPE_RESOURCES = {
  VirtualMachineInstancetype: r(
    'VirtualMachineInstancetype',
    'instancetype.kubevirt.io',
    'v1beta1',
    'virtualmachineinstancetypes',
  ),
  VirtualMachineClusterInstancetype: r(
    'VirtualMachineClusterInstancetype',
    'instancetype.kubevirt.io',
    'v1beta1',
    'virtualmachineclusterinstancetypes',
    false,
  ),
  VirtualMachinePreference: r(
    'VirtualMachinePreference',
    'instancetype.kubevirt.io',
    'v1beta1',
    'virtualmachinepreferences',
  ),
  VirtualMachineClusterPreference: r(
    'VirtualMachineClusterPreference',
    'instancetype.kubevirt.io',
    'v1beta1',
    'virtualmachineclusterpreferences',
    false,
  ),
} as const;
