import type {
  DataVolume,
  DataVolumeSpec,
  DependencyKind,
  ObjectRef,
  PersistentVolumeClaim,
  Pod,
  VirtualMachine,
  VolumeSource,
} from './model';

/** PVCs and DataVolumes already fetched: their specs name the StorageClasses to fetch next. */
export interface RelatedStorage {
  pvcs?: PersistentVolumeClaim[];
  dataVolumes?: DataVolume[];
  /**
   * virt-launcher pods: claims they mount that the VM spec does not name (KubeVirt's backend-storage
   * claim `persistent-state-for-<vm>` for a persistent TPM/EFI, pkg/storage/backend-storage).
   */
  pods?: Pod[];
}

const VOLUMES_PATH = 'spec.template.spec.volumes';

/**
 * Everything the VM needs, derived from its spec alone (plus the StorageClasses named by PVCs and
 * DataVolumes when those are given). The console and the MCP server fetch exactly these objects,
 * so both diagnose from the same snapshot. Deduplicated by kind, namespace and name; the first
 * reference found keeps its field path.
 */
export const requiredObjects = (vm: VirtualMachine, related: RelatedStorage = {}): ObjectRef[] => {
  const namespace = vm.metadata?.namespace ?? 'default';
  const refs = new RefList();
  const spec = vm.spec?.template?.spec;
  const templateDvNames = new Set(
    (vm.spec?.dataVolumeTemplates ?? []).map((t) => t.metadata?.name).filter(isNonEmpty),
  );

  (vm.spec?.dataVolumeTemplates ?? []).forEach((template, i) => {
    const name = template.metadata?.name;
    if (!name) return;
    const path = `spec.dataVolumeTemplates[${i}]`;
    refs.add({
      kind: 'DataVolume',
      name,
      namespace,
      fieldPath: `${path}.metadata.name`,
      purpose: 'disk created from a DataVolume template',
      optional: true,
    });
    refs.add({
      kind: 'PersistentVolumeClaim',
      name,
      namespace,
      fieldPath: `${path}.metadata.name`,
      purpose: 'claim created by the DataVolume',
      optional: true,
    });
    addStorageClassOfDvSpec(refs, template.spec, `${path}.spec`);
  });

  (spec?.volumes ?? []).forEach((volume, i) =>
    addVolumeRefs(refs, volume, `${VOLUMES_PATH}[${i}]`, namespace, templateDvNames),
  );

  (spec?.accessCredentials ?? []).forEach((credential, i) => {
    const ssh = credential.sshPublicKey?.source?.secret?.secretName;
    const password = credential.userPassword?.source?.secret?.secretName;
    const path = `spec.template.spec.accessCredentials[${i}]`;
    if (ssh)
      refs.add({
        kind: 'Secret',
        name: ssh,
        namespace,
        fieldPath: `${path}.sshPublicKey.source.secret.secretName`,
        purpose: 'SSH public keys',
      });
    if (password)
      refs.add({
        kind: 'Secret',
        name: password,
        namespace,
        fieldPath: `${path}.userPassword.source.secret.secretName`,
        purpose: 'user passwords',
      });
  });

  (spec?.networks ?? []).forEach((network, i) => {
    if (!network.multus?.networkName) return;
    const { name, namespace: nadNamespace } = parseNetworkName(
      network.multus.networkName,
      namespace,
    );
    refs.add({
      kind: 'NetworkAttachmentDefinition',
      name,
      namespace: nadNamespace,
      fieldPath: `spec.template.spec.networks[${i}].multus.networkName`,
      purpose: `secondary network "${network.name}"`,
    });
  });

  addInstancetypeRefs(refs, vm, namespace);

  for (const pod of related.pods ?? []) {
    (pod.spec?.volumes ?? []).forEach((volume, i) => {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim)
        refs.add({
          kind: 'PersistentVolumeClaim',
          name: claim,
          namespace,
          fieldPath: `spec.volumes[${i}].persistentVolumeClaim.claimName`,
          purpose: `claim mounted by virt-launcher pod ${pod.metadata?.name ?? ''}`.trim(),
        });
    });
  }

  for (const pvc of related.pvcs ?? []) {
    const sc = pvc.spec?.storageClassName;
    if (sc)
      refs.add({
        kind: 'StorageClass',
        name: sc,
        fieldPath: 'spec.storageClassName',
        purpose: `storage class of PVC ${pvc.metadata?.name ?? ''}`.trim(),
      });
  }
  for (const dv of related.dataVolumes ?? []) addStorageClassOfDvSpec(refs, dv.spec, 'spec');
  return refs.list();
};

/** `ns/name` or `name` (same namespace as the VM), as multus accepts it. */
export const parseNetworkName = (
  networkName: string,
  vmNamespace: string,
): { name: string; namespace: string } => {
  const slash = networkName.indexOf('/');
  return slash > 0
    ? { namespace: networkName.slice(0, slash), name: networkName.slice(slash + 1) }
    : { namespace: vmNamespace, name: networkName };
};

export const refKey = (ref: { kind: string; name: string; namespace?: string }): string =>
  `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

const addVolumeRefs = (
  refs: RefList,
  volume: VolumeSource,
  path: string,
  namespace: string,
  templateDvNames: Set<string>,
): void => {
  const claim =
    volume.persistentVolumeClaim?.claimName ?? volume.ephemeral?.persistentVolumeClaim?.claimName;
  if (claim) {
    const field = volume.persistentVolumeClaim
      ? 'persistentVolumeClaim'
      : 'ephemeral.persistentVolumeClaim';
    refs.add({
      kind: 'PersistentVolumeClaim',
      name: claim,
      namespace,
      fieldPath: `${path}.${field}.claimName`,
      purpose: `disk "${volume.name}"`,
    });
  }
  const dv = volume.dataVolume?.name;
  if (dv) {
    const fromTemplate = templateDvNames.has(dv);
    refs.add({
      kind: 'DataVolume',
      name: dv,
      namespace,
      fieldPath: `${path}.dataVolume.name`,
      purpose: `disk "${volume.name}"`,
      optional: fromTemplate,
    });
    // A garbage-collected DataVolume leaves its PVC behind; the PVC is what the VM really mounts.
    refs.add({
      kind: 'PersistentVolumeClaim',
      name: dv,
      namespace,
      fieldPath: `${path}.dataVolume.name`,
      purpose: `claim of DataVolume ${dv}`,
      optional: true,
    });
  }
  for (const [field, source] of [
    ['cloudInitNoCloud', volume.cloudInitNoCloud],
    ['cloudInitConfigDrive', volume.cloudInitConfigDrive],
  ] as const) {
    if (!source) continue;
    const userData = source.userDataSecretRef?.name ?? source.secretRef?.name;
    const userDataField = source.userDataSecretRef ? 'userDataSecretRef' : 'secretRef';
    if (userData)
      refs.add({
        kind: 'Secret',
        name: userData,
        namespace,
        fieldPath: `${path}.${field}.${userDataField}.name`,
        purpose: 'cloud-init user data',
      });
    const networkData = source.networkDataSecretRef?.name;
    if (networkData)
      refs.add({
        kind: 'Secret',
        name: networkData,
        namespace,
        fieldPath: `${path}.${field}.networkDataSecretRef.name`,
        purpose: 'cloud-init network data',
      });
  }
  if (volume.sysprep?.secret?.name)
    refs.add({
      kind: 'Secret',
      name: volume.sysprep.secret.name,
      namespace,
      fieldPath: `${path}.sysprep.secret.name`,
      purpose: 'sysprep answer files',
    });
  if (volume.sysprep?.configMap?.name)
    refs.add({
      kind: 'ConfigMap',
      name: volume.sysprep.configMap.name,
      namespace,
      fieldPath: `${path}.sysprep.configMap.name`,
      purpose: 'sysprep answer files',
    });
  if (volume.secret?.secretName)
    refs.add({
      kind: 'Secret',
      name: volume.secret.secretName,
      namespace,
      fieldPath: `${path}.secret.secretName`,
      purpose: `secret disk "${volume.name}"`,
    });
  if (volume.configMap?.name)
    refs.add({
      kind: 'ConfigMap',
      name: volume.configMap.name,
      namespace,
      fieldPath: `${path}.configMap.name`,
      purpose: `config map disk "${volume.name}"`,
    });
};

const addStorageClassOfDvSpec = (
  refs: RefList,
  spec: DataVolumeSpec | undefined,
  path: string,
): void => {
  const fromStorage = spec?.storage?.storageClassName;
  const fromPvc = spec?.pvc?.storageClassName;
  if (fromStorage)
    refs.add({
      kind: 'StorageClass',
      name: fromStorage,
      fieldPath: `${path}.storage.storageClassName`,
      purpose: 'storage class of a DataVolume',
    });
  if (fromPvc)
    refs.add({
      kind: 'StorageClass',
      name: fromPvc,
      fieldPath: `${path}.pvc.storageClassName`,
      purpose: 'storage class of a DataVolume',
    });
};

const addInstancetypeRefs = (refs: RefList, vm: VirtualMachine, namespace: string): void => {
  const pairs: [
    { name: string; kind?: string } | undefined,
    DependencyKind,
    DependencyKind,
    string,
  ][] = [
    [
      vm.spec?.instancetype,
      'VirtualMachineInstancetype',
      'VirtualMachineClusterInstancetype',
      'instancetype',
    ],
    [
      vm.spec?.preference,
      'VirtualMachinePreference',
      'VirtualMachineClusterPreference',
      'preference',
    ],
  ];
  for (const [matcher, namespacedKind, clusterKind, field] of pairs) {
    if (!matcher?.name) continue;
    // KubeVirt defaults an unspecified kind to the cluster-wide one.
    const namespaced = matcher.kind?.toLowerCase() === namespacedKind.toLowerCase();
    refs.add({
      kind: namespaced ? namespacedKind : clusterKind,
      name: matcher.name,
      namespace: namespaced ? namespace : undefined,
      fieldPath: `spec.${field}.name`,
      purpose: field,
    });
  }
};

class RefList {
  private readonly byKey = new Map<string, ObjectRef>();

  add(ref: ObjectRef): void {
    const key = refKey(ref);
    const existing = this.byKey.get(key);
    if (!existing) this.byKey.set(key, ref);
    else if (existing.optional && !ref.optional)
      this.byKey.set(key, { ...existing, optional: false });
  }

  list(): ObjectRef[] {
    return [...this.byKey.values()];
  }
}

const isNonEmpty = (s: string | undefined): s is string => !!s;
