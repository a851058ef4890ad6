/**
 * The API resources the simulator serves, described the way the API server's discovery does:
 * group/version, plural resource name, kind, scope. Unknown kinds found in seed YAML are
 * registered on the fly so scenario files may carry any custom resource.
 */

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name as used in URLs: `virtualmachines`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Field selector labels the real server accepts besides metadata.name/metadata.namespace. */
  selectableFields?: string[];
}

const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];

const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

const BUILT_IN: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    selectableFields: ['status.phase'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    selectableFields: ['spec.unschedulable'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    selectableFields: POD_FIELDS,
  },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: EVENT_FIELDS,
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    selectableFields: ['type'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'virtualmachines',
    singular: 'virtualmachine',
    kind: 'VirtualMachine',
    namespaced: true,
    shortNames: ['vm', 'vms'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'virtualmachineinstances',
    singular: 'virtualmachineinstance',
    kind: 'VirtualMachineInstance',
    namespaced: true,
    shortNames: ['vmi', 'vmis'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'virtualmachineinstancemigrations',
    singular: 'virtualmachineinstancemigration',
    kind: 'VirtualMachineInstanceMigration',
    namespaced: true,
    shortNames: ['vmim', 'vmims'],
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'datavolumes',
    singular: 'datavolume',
    kind: 'DataVolume',
    namespaced: true,
    shortNames: ['dv', 'dvs'],
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'datasources',
    singular: 'datasource',
    kind: 'DataSource',
    namespaced: true,
    shortNames: ['das'],
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'storageclasses',
    singular: 'storageclass',
    kind: 'StorageClass',
    namespaced: false,
    shortNames: ['sc'],
  },
  {
    group: 'k8s.cni.cncf.io',
    version: 'v1',
    resource: 'network-attachment-definitions',
    singular: 'network-attachment-definition',
    kind: 'NetworkAttachmentDefinition',
    namespaced: true,
    shortNames: ['net-attach-def'],
  },
  {
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachineinstancetypes',
    singular: 'virtualmachineinstancetype',
    kind: 'VirtualMachineInstancetype',
    namespaced: true,
    shortNames: ['vminstancetype'],
  },
  {
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachineclusterinstancetypes',
    singular: 'virtualmachineclusterinstancetype',
    kind: 'VirtualMachineClusterInstancetype',
    namespaced: false,
    shortNames: ['vmclusterinstancetype'],
  },
  {
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachinepreferences',
    singular: 'virtualmachinepreference',
    kind: 'VirtualMachinePreference',
    namespaced: true,
    shortNames: ['vmpref'],
  },
  {
    group: 'instancetype.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachineclusterpreferences',
    singular: 'virtualmachineclusterpreference',
    kind: 'VirtualMachineClusterPreference',
    namespaced: false,
    shortNames: ['vmclusterpref'],
  },
  // Served from the namespaces the caller may see; never stored directly.
  {
    group: 'project.openshift.io',
    version: 'v1',
    resource: 'projects',
    singular: 'project',
    kind: 'Project',
    namespaced: false,
  },
];

export const PROJECTS = BUILT_IN.find((r) => r.resource === 'projects') as ResourceType;
export const NAMESPACES = BUILT_IN.find((r) => r.resource === 'namespaces') as ResourceType;

export const apiVersionOf = (r: ResourceType): string =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** `virtualmachines.kubevirt.io`, or `pods` for the core group, as in real error messages. */
export const qualifiedResource = (r: ResourceType): string =>
  r.group ? `${r.resource}.${r.group}` : r.resource;

/** Resource types keyed by URL position and by kind; grows when unknown kinds are seeded. */
export class ResourceRegistry {
  private readonly types: ResourceType[] = [...BUILT_IN];

  all(): readonly ResourceType[] {
    return this.types;
  }

  byPath(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find(
      (r) => r.group === group && r.version === version && r.resource === resource,
    );
  }

  /** Resolve `VirtualMachine`, `virtualmachines`, `vm` or `virtualmachines.kubevirt.io`. */
  byName(name: string): ResourceType | undefined {
    const [first, ...rest] = name.split('.');
    const group = rest.join('.');
    const lower = first.toLowerCase();
    return this.types.find(
      (r) =>
        (!group || r.group === group) &&
        (r.kind === first ||
          r.resource === lower ||
          r.singular === lower ||
          (r.shortNames ?? []).includes(lower)),
    );
  }

  /** The type of a seeded object, registering a guessed one for unknown custom resources. */
  forObject(apiVersion: string | undefined, kind: string, namespaced: boolean): ResourceType {
    const [group, version] = splitApiVersion(apiVersion);
    const known = this.types.find(
      (r) =>
        r.kind === kind &&
        (apiVersion === undefined || (r.group === group && r.version === version)),
    );
    if (known) return known;
    if (!apiVersion) throw new Error(`unknown kind ${kind} without apiVersion`);
    // Same guess kubectl makes for unknown kinds: lower-case plural.
    const singular = kind.toLowerCase();
    const type: ResourceType = {
      group,
      version,
      resource: pluralize(singular),
      singular,
      kind,
      namespaced,
    };
    this.types.push(type);
    return type;
  }
}

export const splitApiVersion = (apiVersion: string | undefined): [string, string] => {
  if (!apiVersion) return ['', ''];
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
};

const pluralize = (singular: string): string => {
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
};
