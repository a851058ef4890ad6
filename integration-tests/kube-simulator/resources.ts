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
  /** Verbs listed in discovery; default STORED_VERBS (what a real server lists for such a kind). */
  verbs?: string[];
  /**
   * Where the objects come from: the store (default), or computed for the caller — projects from
   * the namespaces they may read, users from the token table, reviews answered per request, the
   * projectrequests list answered with a Status.
   */
  source?: 'store' | 'projects' | 'users' | 'review' | 'projectrequests';
  /**
   * Cluster-scoped kinds only: who may read them. 'infrastructure' (default): every user unless
   * `clusterResourcesReadable: false`; 'cluster-readers': '*' users only; 'authenticated': everyone.
   */
  readers?: 'infrastructure' | 'cluster-readers' | 'authenticated';
}

/** What discovery lists for an ordinary stored kind on a real server. */
export const STORED_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

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

/** OpenShift Virtualization kinds the console and kubevirt-plugin 4.22 read besides VMs. */
const CNV_KINDS: ResourceType[] = [
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'kubevirts',
    singular: 'kubevirt',
    kind: 'KubeVirt',
    namespaced: true,
    shortNames: ['kv', 'kvs'],
  },
  {
    group: 'hco.kubevirt.io',
    version: 'v1beta1',
    resource: 'hyperconvergeds',
    singular: 'hyperconverged',
    kind: 'HyperConverged',
    namespaced: true,
    shortNames: ['hco', 'hcos'],
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'dataimportcrons',
    singular: 'dataimportcron',
    kind: 'DataImportCron',
    namespaced: true,
    shortNames: ['dic', 'dics'],
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'storageprofiles',
    singular: 'storageprofile',
    kind: 'StorageProfile',
    namespaced: false,
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'cdis',
    singular: 'cdi',
    kind: 'CDI',
    namespaced: false,
    shortNames: ['cdi', 'cdis'],
    readers: 'cluster-readers',
  },
  {
    group: 'cdi.kubevirt.io',
    version: 'v1beta1',
    resource: 'cdiconfigs',
    singular: 'cdiconfig',
    kind: 'CDIConfig',
    namespaced: false,
  },
  {
    group: 'snapshot.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachinesnapshots',
    singular: 'virtualmachinesnapshot',
    kind: 'VirtualMachineSnapshot',
    namespaced: true,
    shortNames: ['vmsnapshot', 'vmsnapshots'],
  },
  {
    group: 'snapshot.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachinesnapshotcontents',
    singular: 'virtualmachinesnapshotcontent',
    kind: 'VirtualMachineSnapshotContent',
    namespaced: true,
    shortNames: ['vmsnapshotcontent', 'vmsnapshotcontents'],
  },
  {
    group: 'snapshot.kubevirt.io',
    version: 'v1beta1',
    resource: 'virtualmachinerestores',
    singular: 'virtualmachinerestore',
    kind: 'VirtualMachineRestore',
    namespaced: true,
    shortNames: ['vmrestore', 'vmrestores'],
  },
  {
    group: 'migrations.kubevirt.io',
    version: 'v1alpha1',
    resource: 'migrationpolicies',
    singular: 'migrationpolicy',
    kind: 'MigrationPolicy',
    namespaced: false,
  },
  {
    group: 'snapshot.storage.k8s.io',
    version: 'v1',
    resource: 'volumesnapshots',
    singular: 'volumesnapshot',
    kind: 'VolumeSnapshot',
    namespaced: true,
    shortNames: ['vs'],
  },
  {
    group: 'snapshot.storage.k8s.io',
    version: 'v1',
    resource: 'volumesnapshotclasses',
    singular: 'volumesnapshotclass',
    kind: 'VolumeSnapshotClass',
    namespaced: false,
    shortNames: ['vsclass', 'vsclasses'],
  },
  {
    group: 'snapshot.storage.k8s.io',
    version: 'v1',
    resource: 'volumesnapshotcontents',
    singular: 'volumesnapshotcontent',
    kind: 'VolumeSnapshotContent',
    namespaced: false,
    shortNames: ['vsc', 'vscs'],
  },
];

/** Cluster configuration and console kinds the OpenShift console 4.22 reads at start-up. */
const OPENSHIFT_KINDS: ResourceType[] = [
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    readers: 'cluster-readers',
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    resource: 'clusterversions',
    singular: 'clusterversion',
    kind: 'ClusterVersion',
    namespaced: false,
    readers: 'cluster-readers',
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    resource: 'infrastructures',
    singular: 'infrastructure',
    kind: 'Infrastructure',
    namespaced: false,
    readers: 'cluster-readers',
  },
  // Readable by every authenticated user: openshift/console-operator release-4.22
  // manifests/03-rbac-role-cluster-extensions.yaml binds console-extensions-reader to them.
  {
    group: 'console.openshift.io',
    version: 'v1',
    resource: 'consoleplugins',
    singular: 'consoleplugin',
    kind: 'ConsolePlugin',
    namespaced: false,
    readers: 'authenticated',
  },
  // The console's Helm CRDs (openshift/console-operator release-4.22 manifests: the operator installs
  // them on every cluster and lets every authenticated user read the cluster-wide repositories);
  // the console's helm-plugin lists both on project pages.
  {
    group: 'helm.openshift.io',
    version: 'v1beta1',
    resource: 'helmchartrepositories',
    singular: 'helmchartrepository',
    kind: 'HelmChartRepository',
    namespaced: false,
    readers: 'authenticated',
  },
  {
    group: 'helm.openshift.io',
    version: 'v1beta1',
    resource: 'projecthelmchartrepositories',
    singular: 'projecthelmchartrepository',
    kind: 'ProjectHelmChartRepository',
    namespaced: true,
  },
  {
    group: 'template.openshift.io',
    version: 'v1',
    resource: 'templates',
    singular: 'template',
    kind: 'Template',
    namespaced: true,
  },
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
  // RBAC objects: the console lists RoleBindings of openshift-console-user-settings for the user's
  // settings ConfigMap; the simulator holds none (its RBAC is per token, see auth.ts).
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'roles',
    singular: 'role',
    kind: 'Role',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
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
  ...CNV_KINDS,
  ...OPENSHIFT_KINDS,
  // Served from the namespaces the caller may see; never stored directly.
  {
    group: 'project.openshift.io',
    version: 'v1',
    resource: 'projects',
    singular: 'project',
    kind: 'Project',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    source: 'projects',
  },
  // `GET` answers whether the caller may create projects (a Status), as openshift-apiserver does.
  {
    group: 'project.openshift.io',
    version: 'v1',
    resource: 'projectrequests',
    singular: 'projectrequest',
    kind: 'ProjectRequest',
    namespaced: false,
    verbs: ['create', 'list'],
    source: 'projectrequests',
    readers: 'authenticated',
  },
  // The users the token table knows; `~` is the caller.
  {
    group: 'user.openshift.io',
    version: 'v1',
    resource: 'users',
    singular: 'user',
    kind: 'User',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    source: 'users',
    readers: 'cluster-readers',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    source: 'review',
    readers: 'authenticated',
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    kind: 'SelfSubjectReview',
    namespaced: false,
    verbs: ['create'],
    source: 'review',
    readers: 'authenticated',
  },
];

const builtIn = (resource: string): ResourceType =>
  BUILT_IN.find((r) => r.resource === resource) as ResourceType;

export const PROJECTS = builtIn('projects');
export const NAMESPACES = builtIn('namespaces');
export const USERS = builtIn('users');
export const CUSTOM_RESOURCE_DEFINITIONS = builtIn('customresourcedefinitions');

/** The verbs a kind answers to, as its discovery entry lists them. */
export const verbsOf = (r: ResourceType): string[] => r.verbs ?? STORED_VERBS;

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
