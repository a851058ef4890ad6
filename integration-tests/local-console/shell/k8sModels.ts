/**
 * The few models the local console knows: enough to build API paths for what the plugin watches (the
 * console learns them by discovery; these are the kinds a cluster with OpenShift Virtualization serves).
 */
export interface ShellModel {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const MODELS: ShellModel[] = [
  {
    group: 'kubevirt.io',
    version: 'v1',
    kind: 'VirtualMachine',
    plural: 'virtualmachines',
    namespaced: true,
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    kind: 'VirtualMachineInstance',
    plural: 'virtualmachineinstances',
    namespaced: true,
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    kind: 'VirtualMachineInstanceMigration',
    plural: 'virtualmachineinstancemigrations',
    namespaced: true,
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    kind: 'DataVolume',
    plural: 'datavolumes',
    namespaced: true,
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    kind: 'DataSource',
    plural: 'datasources',
    namespaced: true,
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    kind: 'DataImportCron',
    plural: 'dataimportcrons',
    namespaced: true,
  },
  {
    group: 'snapshot.storage.k8s.io',
    version: 'v1',
    kind: 'VolumeSnapshot',
    plural: 'volumesnapshots',
    namespaced: true,
  },
  {
    group: 'k8s.cni.cncf.io',
    version: 'v1',
    kind: 'NetworkAttachmentDefinition',
    plural: 'network-attachment-definitions',
    namespaced: true,
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
  },
  {
    group: 'project.openshift.io',
    version: 'v1',
    kind: 'Project',
    plural: 'projects',
    namespaced: false,
  },
  ...(
    [
      ['VirtualMachineInstancetype', 'virtualmachineinstancetypes', true],
      ['VirtualMachineClusterInstancetype', 'virtualmachineclusterinstancetypes', false],
      ['VirtualMachinePreference', 'virtualmachinepreferences', true],
      ['VirtualMachineClusterPreference', 'virtualmachineclusterpreferences', false],
    ] as const
  ).map(([kind, plural, namespaced]) => ({
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    kind,
    plural,
    namespaced,
  })),
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
  },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
];

export interface GroupVersionKind {
  group?: string;
  version: string;
  kind: string;
}

/** Accepts `{group, version, kind}`, `group~version~Kind` references and bare core kinds. */
export const findModel = (ref: GroupVersionKind | string | undefined): ShellModel | undefined => {
  if (!ref) return undefined;
  if (typeof ref === 'string') {
    const parts = ref.split('~');
    if (parts.length === 3) {
      const [group, version, kind] = parts;
      return MODELS.find(
        (m) =>
          m.group === (group === 'core' ? '' : group) && m.version === version && m.kind === kind,
      );
    }
    return MODELS.find((m) => m.kind === ref);
  }
  return MODELS.find(
    (m) => m.kind === ref.kind && (m.group === (ref.group ?? '') || (!ref.group && m.group === '')),
  );
};

export interface ResourcePathOptions {
  namespace?: string;
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
}

export const resourcePath = (model: ShellModel, opts: ResourcePathOptions = {}): string => {
  const base = model.group
    ? `/api/kubernetes/apis/${model.group}/${model.version}`
    : `/api/kubernetes/api/${model.version}`;
  const ns =
    model.namespaced && opts.namespace ? `/namespaces/${encodeURIComponent(opts.namespace)}` : '';
  const name = opts.name ? `/${encodeURIComponent(opts.name)}` : '';
  const query = new URLSearchParams();
  if (opts.labelSelector) query.set('labelSelector', opts.labelSelector);
  if (opts.fieldSelector) query.set('fieldSelector', opts.fieldSelector);
  if (opts.limit) query.set('limit', String(opts.limit));
  const qs = query.toString();
  return `${base}${ns}/${model.plural}${name}${qs ? `?${qs}` : ''}`;
};

/** Kubernetes label selector object → selector string. */
export const selectorToString = (selector: unknown): string | undefined => {
  if (!selector || typeof selector !== 'object') return undefined;
  const s = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : undefined;
};
