/**
 * The subset of Kubernetes, KubeVirt and CDI object shapes the domain library reads.
 * Fields are optional where the API server may omit them; unknown fields pass through untouched.
 * Pure types: shared by the console plugin and cnv-mcp-server.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
}

export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string | null;
}

// ---- KubeVirt (kubevirt.io/v1) ----

export interface VolumeSource {
  name: string;
  containerDisk?: { image: string; imagePullPolicy?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  dataVolume?: { name: string };
  cloudInitNoCloud?: CloudInitSource;
  cloudInitConfigDrive?: CloudInitSource;
  sysprep?: { secret?: { name: string }; configMap?: { name: string } };
  secret?: { secretName: string };
  configMap?: { name: string };
  serviceAccount?: { serviceAccountName: string };
  emptyDisk?: { capacity: string };
  ephemeral?: { persistentVolumeClaim?: { claimName: string } };
  [key: string]: unknown;
}

export interface CloudInitSource {
  userData?: string;
  userDataBase64?: string;
  userDataSecretRef?: { name: string };
  networkData?: string;
  networkDataBase64?: string;
  networkDataSecretRef?: { name: string };
  secretRef?: { name: string };
}

export interface NetworkSource {
  name: string;
  pod?: Record<string, unknown>;
  multus?: { networkName: string; default?: boolean };
}

export interface DataVolumeTemplate {
  metadata?: ObjectMeta;
  spec?: DataVolumeSpec;
}

export interface VMITemplateSpec {
  metadata?: ObjectMeta;
  spec?: {
    domain?: {
      cpu?: { cores?: number; sockets?: number; threads?: number; dedicatedCpuPlacement?: boolean };
      memory?: { guest?: string; hugepages?: { pageSize: string } };
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
      devices?: {
        disks?: { name: string; [key: string]: unknown }[];
        interfaces?: { name: string; [key: string]: unknown }[];
        gpus?: { name: string; deviceName: string }[];
        hostDevices?: { name: string; deviceName: string }[];
      };
      [key: string]: unknown;
    };
    nodeSelector?: Record<string, string>;
    affinity?: Record<string, unknown>;
    tolerations?: Record<string, unknown>[];
    volumes?: VolumeSource[];
    networks?: NetworkSource[];
    accessCredentials?: {
      sshPublicKey?: { source?: { secret?: { secretName: string } } };
      userPassword?: { source?: { secret?: { secretName: string } } };
    }[];
    [key: string]: unknown;
  };
}

export type RunStrategy =
  'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once' | 'WaitAsReceiver';

export interface VirtualMachine extends K8sObject {
  spec?: {
    running?: boolean;
    runStrategy?: RunStrategy | string;
    instancetype?: { name: string; kind?: string };
    preference?: { name: string; kind?: string };
    template?: VMITemplateSpec;
    dataVolumeTemplates?: DataVolumeTemplate[];
    [key: string]: unknown;
  };
  status?: {
    printableStatus?: string;
    ready?: boolean;
    created?: boolean;
    conditions?: Condition[];
    startFailure?: {
      retries?: number;
      lastFailedVMIUID?: string;
      consecutiveFailCount?: number;
      retryAfterTimestamp?: string;
    };
    stateChangeRequests?: { action: string }[];
    volumeSnapshotStatuses?: unknown[];
    [key: string]: unknown;
  };
}

export interface VirtualMachineInstance extends K8sObject {
  spec?: VMITemplateSpec['spec'];
  status?: {
    phase?: string;
    nodeName?: string;
    reason?: string;
    conditions?: Condition[];
    interfaces?: { name?: string; ipAddress?: string; ipAddresses?: string[] }[];
    migrationState?: {
      completed?: boolean;
      failed?: boolean;
      abortStatus?: string;
      targetNode?: string;
      sourceNode?: string;
    };
    guestOSInfo?: { id?: string; name?: string; version?: string; prettyName?: string };
    activePods?: Record<string, string>;
    /** "frozen" while a guest-agent filesystem freeze (snapshot, backup hook) is in effect. */
    fsFreezeStatus?: string;
    [key: string]: unknown;
  };
}

export interface VirtualMachineInstanceMigration extends K8sObject {
  spec?: { vmiName?: string };
  status?: {
    phase?: string;
    conditions?: Condition[];
    migrationState?: {
      failed?: boolean;
      failureReason?: string;
      completed?: boolean;
      targetNode?: string;
      sourceNode?: string;
    };
    [key: string]: unknown;
  };
}

// ---- Core (v1) ----

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; message?: string; exitCode?: number };
  };
  lastState?: ContainerStatus['state'];
}

export interface Pod extends K8sObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string; image?: string }[];
    initContainers?: { name: string; image?: string; restartPolicy?: string }[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName?: string } }[];
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    [key: string]: unknown;
  };
}

export interface PersistentVolumeClaim extends K8sObject {
  spec?: {
    storageClassName?: string | null;
    volumeName?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
    [key: string]: unknown;
  };
  status?: {
    phase?: 'Pending' | 'Bound' | 'Lost' | string;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

export interface K8sEvent extends K8sObject {
  involvedObject?: {
    kind?: string;
    name?: string;
    namespace?: string;
    uid?: string;
    apiVersion?: string;
    fieldPath?: string;
  };
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning' | string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

export interface Node extends K8sObject {
  spec?: {
    unschedulable?: boolean;
    taints?: { key: string; value?: string; effect: string }[];
    [key: string]: unknown;
  };
  status?: {
    conditions?: Condition[];
    allocatable?: Record<string, string>;
    capacity?: Record<string, string>;
    [key: string]: unknown;
  };
}

/** Secrets and ConfigMaps enter the domain library as metadata only: their data never does. */
export type ObjectReferenceOnly = Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>;

// ---- CDI (cdi.kubevirt.io/v1beta1) ----

export interface DataVolumeSpec {
  source?: Record<string, unknown>;
  sourceRef?: { kind: string; name: string; namespace?: string };
  pvc?: { storageClassName?: string; [key: string]: unknown };
  storage?: { storageClassName?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface DataVolume extends K8sObject {
  spec?: DataVolumeSpec;
  status?: {
    phase?: string;
    progress?: string;
    restartCount?: number;
    claimName?: string;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

/** snapshot.storage.k8s.io/v1: CDI takes one of the source claim for a smart clone. */
export interface VolumeSnapshot extends K8sObject {
  spec?: {
    source?: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string };
    volumeSnapshotClassName?: string;
  };
  status?: {
    readyToUse?: boolean;
    /** external-snapshotter's last error, e.g. "Failed to check and update snapshot content: …". */
    error?: { message?: string; time?: string };
    creationTime?: string;
    [key: string]: unknown;
  };
}

// ---- storage.k8s.io/v1, k8s.cni.cncf.io/v1 ----

export interface StorageClass extends K8sObject {
  provisioner?: string;
  volumeBindingMode?: string;
}

export interface NetworkAttachmentDefinition extends K8sObject {
  spec?: { config?: string };
}
