import { metadata, templateMetadata } from './metadata';
import { anything, entries, fields, isPlain, items, values } from './shape';
import type { Shape } from './shape';
import {
  describeArguments,
  describeCount,
  describeData,
  describeEnv,
  describeEnvFrom,
  projectCloudInit,
  projectProbe,
  projectSysprep,
  safeSourceUrl,
} from './summaries';

/**
 * Per-kind allow-lists: the fields the diagnosis, the explanation and the model need (statuses,
 * conditions, references, resources, scheduling), nothing else. Names follow the KubeVirt, CDI and
 * core v1 API types.
 */

const condition: Shape = fields(
  values(
    'type',
    'status',
    'reason',
    'message',
    'lastTransitionTime',
    'lastProbeTime',
    'lastHeartbeatTime',
    'lastUpdateTime',
  ),
);
const conditions: Shape = items(condition);
const resources: Shape = fields({
  requests: entries(),
  limits: entries(),
  claims: items(fields(values('name'))),
});
const ref = (...names: string[]) => fields(values(...names));

const labelSelector: Shape = fields({
  matchLabels: entries(),
  matchExpressions: items(fields({ ...values('key', 'operator'), values: items('value') })),
});
/** Affinity and tolerations are scheduling facts: kept whole (strings still through the text rules). */
const scheduling = {
  nodeSelector: entries(),
  affinity: anything,
  tolerations: items(ref('key', 'operator', 'value', 'effect', 'tolerationSeconds')),
  topologySpreadConstraints: anything,
  ...values('priorityClassName', 'schedulerName', 'nodeName'),
};

// ---- VirtualMachine / VirtualMachineInstance --------------------------------------------------

/** A volume keeps its name and what it refers to; inline payloads are described. */
const volume: Shape = fields({
  name: 'value',
  containerDisk: fields({
    image: { custom: (image) => safeSourceUrl(image) },
    ...values('imagePullPolicy', 'path'),
  }),
  persistentVolumeClaim: ref('claimName', 'readOnly', 'hotpluggable'),
  dataVolume: ref('name', 'hotpluggable'),
  ephemeral: fields({ persistentVolumeClaim: ref('claimName', 'readOnly') }),
  emptyDisk: ref('capacity'),
  hostDisk: ref('path', 'type', 'capacity', 'shared'),
  memoryDump: ref('claimName', 'hotpluggable'),
  secret: ref('secretName', 'optional', 'volumeLabel'),
  configMap: ref('name', 'optional', 'volumeLabel'),
  serviceAccount: ref('serviceAccountName'),
  downwardAPI: { summary: () => '[not sent: downward API fields]' },
  downwardMetrics: anything,
  cloudInitNoCloud: { custom: projectCloudInit },
  cloudInitConfigDrive: { custom: projectCloudInit },
  sysprep: { custom: projectSysprep },
});

const disk: Shape = fields({
  ...values(
    'name',
    'bootOrder',
    'serial',
    'cache',
    'io',
    'shareable',
    'errorPolicy',
    'dedicatedIOThread',
  ),
  disk: ref('bus', 'readonly', 'pciAddress'),
  cdrom: ref('bus', 'readonly', 'tray'),
  lun: ref('bus', 'readonly', 'reservation'),
});

/** The binding (masquerade, bridge, sriov, passt…) is a key with an empty object: keep which one. */
const iface: Shape = fields({
  ...values('name', 'model', 'macAddress', 'bootOrder', 'pciAddress', 'state'),
  masquerade: anything,
  bridge: anything,
  sriov: anything,
  slirp: anything,
  passt: anything,
  binding: ref('name'),
  ports: items(ref('name', 'protocol', 'port')),
});

const domain: Shape = fields({
  cpu: fields({
    ...values(
      'cores',
      'sockets',
      'threads',
      'maxSockets',
      'model',
      'dedicatedCpuPlacement',
      'isolateEmulatorThread',
    ),
    features: items(ref('name', 'policy')),
    numa: anything,
    realtime: anything,
  }),
  memory: fields({ ...values('guest', 'maxGuest'), hugepages: ref('pageSize') }),
  resources: fields({
    requests: entries(),
    limits: entries(),
    ...values('overcommitGuestOverhead'),
  }),
  machine: ref('type'),
  firmware: fields({
    bootloader: fields({ efi: ref('secureBoot', 'persistent'), bios: ref('useSerial') }),
    ...values('uuid', 'serial'),
  }),
  features: anything,
  clock: fields({ timezone: 'value', utc: anything, timer: anything }),
  devices: fields({
    disks: items(disk),
    interfaces: items(iface),
    gpus: items(ref('name', 'deviceName')),
    hostDevices: items(ref('name', 'deviceName')),
    filesystems: items(fields({ name: 'value', virtiofs: anything })),
    ...values(
      'autoattachPodInterface',
      'autoattachGraphicsDevice',
      'autoattachSerialConsole',
      'autoattachMemBalloon',
      'autoattachInputDevice',
      'networkInterfaceMultiqueue',
      'blockMultiQueue',
      'logSerialConsole',
    ),
    tpm: anything,
  }),
  ioThreadsPolicy: 'value',
});

const network: Shape = fields({
  name: 'value',
  pod: ref('vmNetworkCIDR', 'vmIPv6NetworkCIDR'),
  multus: ref('networkName', 'default'),
});

const accessCredential: Shape = fields({
  sshPublicKey: fields({
    source: fields({ secret: ref('secretName') }),
    propagationMethod: {
      custom: (method) =>
        isPlain(method) ? Object.fromEntries(Object.keys(method).map((k) => [k, {}])) : undefined,
    },
  }),
  userPassword: fields({
    source: fields({ secret: ref('secretName') }),
    propagationMethod: anything,
  }),
});

const vmiSpec: Shape = fields({
  domain,
  ...scheduling,
  ...values(
    'evictionStrategy',
    'terminationGracePeriodSeconds',
    'hostname',
    'subdomain',
    'startStrategy',
    'architecture',
  ),
  networks: items(network),
  volumes: items(volume),
  accessCredentials: items(accessCredential),
  readinessProbe: { custom: projectProbe },
  livenessProbe: { custom: projectProbe },
  dnsPolicy: 'value',
  dnsConfig: { summary: () => '[not sent: DNS configuration]' },
});

const storageSpec: Shape = fields({
  ...values('accessModes', 'volumeMode', 'storageClassName', 'volumeName'),
  accessModes: items('value'),
  resources,
  dataSourceRef: ref('apiGroup', 'kind', 'name', 'namespace'),
  dataSource: ref('apiGroup', 'kind', 'name'),
  selector: labelSelector,
});

const urlRef = { custom: (url: unknown) => safeSourceUrl(url) } as Shape;
const dataVolumeSource: Shape = fields({
  http: fields({
    url: urlRef,
    secretRef: 'value',
    certConfigMap: 'value',
    extraHeaders: describeHeaders(),
    secretExtraHeaders: items('value'),
  }),
  registry: fields({
    url: urlRef,
    ...values('imageStream', 'pullMethod', 'secretRef', 'certConfigMap', 'platform'),
  }),
  s3: fields({ url: urlRef, ...values('secretRef', 'certConfigMap') }),
  gcs: fields({ url: urlRef, ...values('secretRef') }),
  pvc: ref('namespace', 'name'),
  snapshot: ref('namespace', 'name'),
  upload: anything,
  blank: anything,
  imageio: fields({ url: urlRef, ...values('secretRef', 'certConfigMap', 'diskId') }),
  vddk: fields({
    url: urlRef,
    ...values('uuid', 'backingFile', 'thumbprint', 'secretRef', 'initImageURL'),
  }),
});

function describeHeaders(): Shape {
  return { summary: describeCount('extra header') };
}

const dataVolumeSpec: Shape = fields({
  source: dataVolumeSource,
  sourceRef: ref('kind', 'name', 'namespace'),
  storage: storageSpec,
  pvc: storageSpec,
  ...values('contentType', 'priorityClassName', 'preallocation'),
  checkpoints: anything,
});

const dataVolumeTemplate: Shape = fields({ metadata: templateMetadata, spec: dataVolumeSpec });

const vmSpec: Shape = fields({
  ...values('running', 'runStrategy'),
  instancetype: ref('kind', 'name', 'revisionName', 'inferFromVolume'),
  preference: ref('kind', 'name', 'revisionName', 'inferFromVolume'),
  dataVolumeTemplates: items(dataVolumeTemplate),
  template: fields({ metadata: templateMetadata, spec: vmiSpec }),
  updateVolumesStrategy: 'value',
  liveUpdateFeatures: anything,
});

const vmStatus: Shape = fields({
  ...values(
    'printableStatus',
    'ready',
    'created',
    'runStrategy',
    'desiredGeneration',
    'observedGeneration',
    'restoreInProgress',
    'snapshotInProgress',
  ),
  conditions,
  startFailure: ref('consecutiveFailCount', 'retryAfterTimestamp', 'lastFailedVMIUID'),
  stateChangeRequests: items(fields({ action: 'value', uid: 'value' })),
  volumeRequests: anything,
  volumeSnapshotStatuses: items(ref('name', 'enabled', 'reason')),
  volumeUpdateState: anything,
  instancetypeRef: anything,
  preferenceRef: anything,
  memoryDumpRequest: ref('claimName', 'phase', 'startTimestamp', 'endTimestamp', 'message'),
});

const migrationState: Shape = fields({
  ...values(
    'completed',
    'failed',
    'abortRequested',
    'abortStatus',
    'sourceNode',
    'targetNode',
    'targetPod',
    'startTimestamp',
    'endTimestamp',
    'mode',
    'migrationUid',
    'failureReason',
    'targetNodeDomainDetected',
    'targetNodeDomainReadyTimestamp',
  ),
  migrationConfiguration: anything,
});

const vmiStatus: Shape = fields({
  ...values(
    'phase',
    'reason',
    'nodeName',
    'qosClass',
    'evacuationNodeName',
    'launcherContainerImageVersion',
    'migrationMethod',
    'migrationTransport',
    'runtimeUser',
    'selinuxContext',
    'machine',
  ),
  conditions,
  phaseTransitionTimestamps: items(ref('phase', 'phaseTransitionTimestamp')),
  migrationState,
  interfaces: items(
    fields({
      ...values(
        'name',
        'ipAddress',
        'mac',
        'interfaceName',
        'infoSource',
        'queueCount',
        'linkState',
      ),
      ipAddresses: items('value'),
    }),
  ),
  guestOSInfo: ref(
    'id',
    'name',
    'version',
    'prettyName',
    'versionId',
    'kernelRelease',
    'kernelVersion',
    'machine',
  ),
  volumeStatus: items(
    fields({
      ...values('name', 'target', 'phase', 'reason', 'message', 'size'),
      persistentVolumeClaimInfo: fields({
        ...values('claimName', 'volumeMode', 'filesystemOverhead', 'preallocated'),
        accessModes: items('value'),
        capacity: entries(),
        requests: entries(),
      }),
      hotplugVolume: ref('attachPodName', 'attachPodUID'),
      containerDiskVolume: ref('checksum'),
    }),
  ),
  activePods: entries(),
  currentCPUTopology: ref('cores', 'sockets', 'threads'),
  memory: ref('guestAtBoot', 'guestCurrent', 'guestRequested'),
  topologyHints: anything,
});

// ---- Pods (virt-launcher, importer, hotplug) ---------------------------------------------------

const container: Shape = fields({
  ...values('name', 'image', 'imagePullPolicy', 'workingDir'),
  resources,
  env: { summary: describeEnv },
  envFrom: { summary: describeEnvFrom },
  command: { summary: describeArguments },
  args: { summary: describeArguments },
  ports: items(ref('name', 'containerPort', 'protocol')),
  volumeMounts: items(ref('name', 'mountPath', 'readOnly', 'subPath')),
  volumeDevices: items(ref('name', 'devicePath')),
  readinessProbe: { custom: projectProbe },
  livenessProbe: { custom: projectProbe },
  startupProbe: { custom: projectProbe },
  securityContext: anything,
});

const containerState: Shape = fields({
  waiting: ref('reason', 'message'),
  running: ref('startedAt'),
  terminated: ref(
    'reason',
    'message',
    'exitCode',
    'signal',
    'startedAt',
    'finishedAt',
    'containerID',
  ),
});

const containerStatus: Shape = fields({
  ...values('name', 'ready', 'started', 'restartCount', 'image', 'imageID', 'containerID'),
  state: containerState,
  lastState: containerState,
  resources,
});

const podVolume: Shape = fields({
  name: 'value',
  persistentVolumeClaim: ref('claimName', 'readOnly'),
  secret: ref('secretName', 'optional'),
  configMap: ref('name', 'optional'),
  emptyDir: ref('medium', 'sizeLimit'),
  hostPath: ref('path', 'type'),
  projected: { summary: () => '[not sent: projected sources]' },
  downwardAPI: { summary: () => '[not sent: downward API fields]' },
  ephemeral: anything,
  csi: ref('driver', 'readOnly'),
});

const podSpec: Shape = fields({
  ...scheduling,
  containers: items(container),
  initContainers: items(container),
  volumes: items(podVolume),
  ...values(
    'serviceAccountName',
    'restartPolicy',
    'hostNetwork',
    'runtimeClassName',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'preemptionPolicy',
  ),
  readinessGates: anything,
  resourceClaims: anything,
});

const podStatus: Shape = fields({
  ...values(
    'phase',
    'reason',
    'message',
    'nominatedNodeName',
    'qosClass',
    'startTime',
    'hostIP',
    'podIP',
  ),
  conditions,
  containerStatuses: items(containerStatus),
  initContainerStatuses: items(containerStatus),
  podIPs: items(ref('ip')),
});

// ---- Other kinds ---------------------------------------------------------------------------

const pvcStatus: Shape = fields({
  ...values('phase'),
  accessModes: items('value'),
  capacity: entries(),
  conditions,
  allocatedResources: entries(),
});

const dataVolumeStatus: Shape = fields({
  ...values('phase', 'progress', 'restartCount', 'claimName'),
  conditions,
});

const eventFields: Record<string, Shape> = {
  ...values(
    'type',
    'reason',
    'message',
    'note',
    'count',
    'firstTimestamp',
    'lastTimestamp',
    'eventTime',
    'action',
    'reportingComponent',
    'reportingController',
    'reportingInstance',
    'deprecatedCount',
  ),
  metadata: fields(values('name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion')),
  involvedObject: ref(
    'apiVersion',
    'kind',
    'name',
    'namespace',
    'uid',
    'fieldPath',
    'resourceVersion',
  ),
  regarding: ref('apiVersion', 'kind', 'name', 'namespace', 'uid', 'fieldPath'),
  related: ref('apiVersion', 'kind', 'name', 'namespace', 'uid'),
  source: ref('component', 'host'),
  series: ref('count', 'lastObservedTime'),
};

const nodeFields: Record<string, Shape> = {
  spec: fields({
    ...values('unschedulable', 'providerID'),
    taints: items(ref('key', 'value', 'effect', 'timeAdded')),
    podCIDR: 'value',
  }),
  status: fields({
    conditions,
    capacity: entries(),
    allocatable: entries(),
    nodeInfo: ref(
      'architecture',
      'kernelVersion',
      'osImage',
      'containerRuntimeVersion',
      'kubeletVersion',
      'operatingSystem',
    ),
    addresses: items(ref('type', 'address')),
  }),
};

/**
 * A NetworkAttachmentDefinition's `config` is CNI JSON: its plugin chain (types, bridge, VLAN, IPAM
 * type) stays, as JSON, so it can still be judged; other plugin options (credentials of some IPAM
 * plugins, routes) do not.
 */
const CNI_KEYS = [
  'cniVersion',
  'name',
  'type',
  'bridge',
  'vlan',
  'mtu',
  'master',
  'mode',
  'macspoofchk',
  'resourceName',
  'preserveDefaultVlan',
  'trust',
];
const pickCni = (plugin: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const key of CNI_KEYS) {
    const value = plugin[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
  }
  if (isPlain(plugin.ipam) && typeof plugin.ipam.type === 'string')
    out.ipam = { type: plugin.ipam.type };
  return out;
};
const cniConfig = (config: unknown): unknown => {
  if (typeof config !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(config.slice(0, 64_000));
    if (!isPlain(parsed)) return '[not sent: CNI configuration]';
    const picked = pickCni(parsed);
    if (Array.isArray(parsed.plugins))
      picked.plugins = parsed.plugins.slice(0, 16).filter(isPlain).map(pickCni);
    return JSON.stringify(picked);
  } catch {
    return '[not sent: CNI configuration, not valid JSON]';
  }
};

const migrationSpec: Shape = fields({ ...values('vmiName'), addedNodeSelector: entries() });
const migrationStatus: Shape = fields({
  ...values('phase'),
  conditions,
  phaseTransitionTimestamps: items(ref('phase', 'phaseTransitionTimestamp')),
  migrationState,
});

const dataSourceSpec: Shape = fields({
  source: fields({
    pvc: ref('namespace', 'name'),
    snapshot: ref('namespace', 'name'),
    dataSource: ref('namespace', 'name'),
  }),
});
const dataImportCronSpec: Shape = fields({
  ...values('schedule', 'managedDataSource', 'garbageCollect', 'importsToKeep'),
  template: fields({ spec: dataVolumeSpec }),
});

const instancetypeSpec: Shape = fields({
  cpu: anything,
  memory: anything,
  gpus: items(ref('name', 'deviceName')),
  hostDevices: items(ref('name', 'deviceName')),
  nodeSelector: entries(),
  schedulerName: 'value',
  ioThreadsPolicy: 'value',
});

const withMeta = (shape: Record<string, Shape>): Shape =>
  fields({ apiVersion: 'value', kind: 'value', metadata, ...shape });

/** Kinds whose spec and status are read by the diagnosis; keyed by `kind`. */
export const KIND_SHAPES: Record<string, Shape> = {
  VirtualMachine: withMeta({ spec: vmSpec, status: vmStatus }),
  VirtualMachineInstance: withMeta({ spec: vmiSpec, status: vmiStatus }),
  Pod: withMeta({ spec: podSpec, status: podStatus }),
  Event: withMeta(eventFields),
  PersistentVolumeClaim: withMeta({ spec: storageSpec, status: pvcStatus }),
  PersistentVolume: withMeta({
    spec: fields({
      ...values('storageClassName', 'persistentVolumeReclaimPolicy', 'volumeMode'),
      capacity: entries(),
      accessModes: items('value'),
      claimRef: ref('namespace', 'name'),
      nodeAffinity: anything,
    }),
    status: fields(values('phase', 'reason', 'message')),
  }),
  DataVolume: withMeta({ spec: dataVolumeSpec, status: dataVolumeStatus }),
  StorageClass: withMeta({
    ...values('provisioner', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion'),
    parameters: { summary: describeCount('parameter') },
    allowedTopologies: anything,
  }),
  StorageProfile: withMeta({
    spec: anything,
    status: fields({
      ...values('provisioner', 'storageClass', 'cloneStrategy', 'dataImportCronSourceFormat'),
      claimPropertySets: anything,
    }),
  }),
  Node: withMeta(nodeFields),
  NetworkAttachmentDefinition: withMeta({ spec: fields({ config: { custom: cniConfig } }) }),
  VirtualMachineInstanceMigration: withMeta({ spec: migrationSpec, status: migrationStatus }),
  DataSource: withMeta({ spec: dataSourceSpec, status: fields({ conditions, source: anything }) }),
  DataImportCron: withMeta({
    spec: dataImportCronSpec,
    status: fields({
      conditions,
      ...values('lastImportedPVC', 'lastExecutionTimestamp', 'lastImportTimestamp', 'sourceFormat'),
      currentImports: anything,
    }),
  }),
  VirtualMachineInstancetype: withMeta({ spec: instancetypeSpec }),
  VirtualMachineClusterInstancetype: withMeta({ spec: instancetypeSpec }),
  VirtualMachinePreference: withMeta({ spec: anything }),
  VirtualMachineClusterPreference: withMeta({ spec: anything }),
  ResourceQuota: withMeta({
    spec: fields({ hard: entries(), scopes: items('value') }),
    status: fields({ hard: entries(), used: entries() }),
  }),
  LimitRange: withMeta({ spec: anything }),
  Secret: withMeta({
    type: 'value',
    immutable: 'value',
    data: { summary: describeData },
    stringData: { summary: describeData },
  }),
  ConfigMap: withMeta({
    immutable: 'value',
    data: { summary: describeData },
    binaryData: { summary: describeData },
  }),
};

/** Any other kind: identity and status facts; its spec is not ours to judge. */
export const GENERIC_SHAPE: Shape = withMeta({
  spec: { summary: () => '[not sent: spec of a kind the plugin does not read]' },
  status: fields({
    ...values('phase', 'reason', 'message', 'ready', 'observedGeneration'),
    conditions,
  }),
});
