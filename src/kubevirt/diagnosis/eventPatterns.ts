/**
 * Known event reasons and messages (kubelet, scheduler, KubeVirt, CDI, multus) mapped to the
 * failure domain they signal. Rules use these to find their evidence; the generic rule treats
 * Warning events that match nothing here as evidence for an Unknown cause.
 */
import type { K8sEvent, RootCauseCategory } from './model';

/**
 * kubelet eviction for the pod's own ephemeral-storage limit (pkg/kubelet/eviction helpers.go:
 * "Pod ephemeral local storage usage exceeds the total limit of containers %s. ", "Container %s
 * exceeded its local ephemeral storage limit %q. ", "Usage of EmptyDir volume %q exceeds the limit
 * %q. "), unlike "The node was low on resource", which is the node's.
 */
export const OWN_LIMIT_EVICTION =
  /ephemeral local storage usage exceeds the total limit|exceeded its local ephemeral storage limit|Usage of EmptyDir volume .* exceeds the limit/i;

/** kube-apiserver ServiceAccount admission: "error looking up service account %s/%s: %v". */
export const SERVICE_ACCOUNT_MISSING =
  /error looking up service account ([^/\s]+)\/([^:\s]+): serviceaccount "[^"]+" not found/i;

/** kube-scheduler volumebinding: "persistentvolumeclaim %q is being deleted". */
export const PVC_BEING_DELETED = /persistentvolumeclaim "([^"]+)" is being deleted/i;

/**
 * kubelet prober: Warning `Unhealthy` "Liveness probe failed: %s", then `Killing` "Container %s
 * failed liveness probe, will be restarted".
 */
export const LIVENESS_PROBE_FAILED = /^Liveness probe failed/i;
export const LIVENESS_KILL = /failed liveness probe/i;

/**
 * kubelet admission (lifecycle/predicate.go): reason OutOf<resource>, "Node didn't have enough
 * resource"; the Topology Manager (cm/topologymanager/scope.go): reason TopologyAffinityError,
 * "Resources cannot be allocated with Topology locality" (no single NUMA node fits the pod).
 */
export const KUBELET_REJECTED_REASON = /^(OutOf\w+|TopologyAffinityError)$/;
export const NODE_LACKS_RESOURCE = /Node didn't have enough resource/i;

/**
 * A sandbox the node's container runtime cannot create: CRI-O server/sandbox_run.go ("error
 * reserving pod name %s for id %s: %v" with containers/storage's "name is reserved" while an
 * earlier RunPodSandbox is stuck; "Kubelet may be retrying requests that are timing out in CRI-O
 * due to system load"), the kubelet's CRI deadline ("rpc error: code = DeadlineExceeded desc =
 * context deadline exceeded"), the node's container storage read-only (EROFS) or full (ENOSPC).
 * Sandbox errors that name the network (CNI, multus) are the NetworkAttachment rule's.
 */
export const SANDBOX_RUNTIME_ERROR =
  /name is reserved|error reserving (pod|ctr) name|timing out in CRI-O|DeadlineExceeded|context deadline exceeded|read-only file system|no space left on device/i;
export const SANDBOX_NETWORK_ERROR = /CNI|multus|network|plugin type=/i;

/**
 * k8s.io/apiserver admission webhooks: pkg/admission/plugin/webhook/errors (ErrCallingWebhook:
 * "failed calling webhook %q: %v", the dispatchers wrap "failed to call webhook: %w"; the proxy's
 * resolver: "no endpoints available for service %q") and statuserror.go ("admission webhook %q
 * denied the request: %s", "… denied the request without explanation").
 */
export const WEBHOOK_UNREACHABLE =
  /failed calling webhook "([^"]+)": (?:failed to call webhook: )?(?:\w+ "(https?:\/\/[^"]+)": )?([^\n]+)/i;
export const WEBHOOK_DENIED = /admission webhook "([^"]+)" denied the request(?::\s*([^\n]+))?/i;

/**
 * kubelet: the node's container network is down (pkg/kubelet/kubelet.go syncPod: Warning
 * NetworkNotReady "network is not ready: %v"; the Ready condition's "container runtime network
 * not ready: NetworkReady=false reason:NetworkPluginNotReady message:…" from the CRI status).
 */
export const NODE_NETWORK_NOT_READY =
  /network is not ready|NetworkReady=false|NetworkPluginNotReady/i;
export const isNetworkNotReadyEvent = (reason: string, message: string): boolean =>
  reason === 'NetworkNotReady' && NODE_NETWORK_NOT_READY.test(message);

export interface EventPattern {
  category: RootCauseCategory;
  test: (reason: string, message: string, kind: string) => boolean;
}

const IMAGE_PULL_REASONS = new Set([
  'Failed',
  'ErrImagePull',
  'ImagePullBackOff',
  'InspectFailed',
  'ErrImageNeverPull',
]);

export const isImagePullEvent = (reason: string, message: string): boolean =>
  (IMAGE_PULL_REASONS.has(reason) && /pull|image/i.test(message)) ||
  (reason === 'BackOff' && /back-off pulling image/i.test(message));

export const MISSING_SECRET_MESSAGE = /\b(secret|configmap)s? "([^"]+)" not found/i;
export const MISSING_PVC_MESSAGE =
  /persistentvolumeclaims? "([^"]+)" not found|PVC ([\w.-]+\/)?([\w.-]+) does not exist/i;
export const MISSING_NAD_MESSAGE =
  /network-attachment-definitions?(?:\.k8s\.cni\.cncf\.io)? "([^"]+)" not found|cannot find a network-attachment-definition \(([^)]+)\)|failed to locate network attachment definition ([\w./-]+)/i;

const SCHEDULING_CONSTRAINT =
  /didn't match|untolerated taint|were unschedulable|affinity|didn't satisfy|didn't have free ports|node\(s\) had taint/i;

export const EVENT_PATTERNS: EventPattern[] = [
  {
    category: 'MissingSecretOrConfigMap',
    test: (r, m) => (r === 'FailedMount' || r === 'FailedCreate') && MISSING_SECRET_MESSAGE.test(m),
  },
  {
    category: 'NetworkAttachment',
    test: (r, m) =>
      MISSING_NAD_MESSAGE.test(m) || (r === 'FailedCreatePodSandBox' && /multus|network/i.test(m)),
  },
  {
    category: 'MissingVolume',
    test: (r, m) => r === 'FailedPvcNotFound' || MISSING_PVC_MESSAGE.test(m),
  },
  {
    category: 'StorageProvisioning',
    test: (r, m) =>
      r === 'ProvisioningFailed' ||
      r === 'FailedBinding' ||
      // attachdetach-controller / kubelet volume manager; a missing Secret/ConfigMap matched above.
      r === 'FailedAttachVolume' ||
      (r === 'FailedMount' && /MountVolume\.|Unable to attach or mount volumes/.test(m)) ||
      /unbound immediate PersistentVolumeClaims|storageclass\.storage\.k8s\.io "[^"]+" not found/i.test(
        m,
      ) ||
      (r === 'FailedScheduling' &&
        /volume node affinity conflict|didn't find available persistent volumes|no available volume zone|exceed max volume count/i.test(
          m,
        )),
  },
  {
    category: 'DataVolumeImport',
    test: (r, m, k) =>
      [
        'ImportFailed',
        'FailedDataVolumeImport',
        'ErrImportFailed',
        'CloneFailed',
        'UploadFailed',
        'FailedDataVolumeCreate',
        // CDI clone controller: "pod %s/%s using PersistentVolumeClaim %s" (the source is mounted)
        'CloneSourceInUse',
        // CDI DataVolume controller: "The source pvc %s doesn't exist"
        'CloneWithoutSource',
      ].includes(r) ||
      (k === 'DataVolume' && (r === 'Error' || r === 'ImagePullFailed')) ||
      /unable to connect to \w+ data source/i.test(m),
  },
  { category: 'ImagePull', test: (r, m) => isImagePullEvent(r, m) },
  // kube-apiserver ServiceAccount admission (rules/missingSecretOrConfigMap.ts).
  {
    category: 'MissingSecretOrConfigMap',
    test: (_r, m) => SERVICE_ACCOUNT_MISSING.test(m),
  },
  // CDI StorageProfile without access modes (rules/dataVolumeImport.ts).
  {
    category: 'StorageProvisioning',
    test: (r, m) =>
      r === 'ErrClaimNotValid' || /no accessMode specified in StorageProfile/i.test(m),
  },
  // kubelet admission: a pod the node cannot fit (rules/killedByKubelet.ts).
  {
    category: 'InsufficientResources',
    test: (r, m) => KUBELET_REJECTED_REASON.test(r) || NODE_LACKS_RESOURCE.test(m),
  },
  // kube-scheduler volumebinding: a claim with a deletionTimestamp (rules/missingVolume.ts).
  {
    category: 'MissingVolume',
    test: (r, m) => r === 'FailedScheduling' && PVC_BEING_DELETED.test(m),
  },
  // A wedged container runtime (rules/nodeProblem.ts runtimeFailure).
  {
    category: 'NodeProblem',
    test: (r, m) =>
      (r === 'FailedCreatePodSandBox' || r === 'ContainerGCFailed') &&
      SANDBOX_RUNTIME_ERROR.test(m) &&
      !SANDBOX_NETWORK_ERROR.test(m),
  },
  // kubelet prober and eviction manager (rules/killedByKubelet.ts).
  {
    category: 'CrashLoop',
    test: (r, m) =>
      (r === 'Unhealthy' && LIVENESS_PROBE_FAILED.test(m)) ||
      (r === 'Killing' && LIVENESS_KILL.test(m)),
  },
  {
    category: 'InsufficientResources',
    test: (r, m) => r === 'Evicted' && OWN_LIMIT_EVICTION.test(m),
  },
  {
    category: 'InsufficientResources',
    test: (r, m) =>
      (r === 'FailedScheduling' && /Insufficient|Too many pods/i.test(m)) ||
      /exceeded quota/i.test(m) ||
      /(minimum|maximum) \S+ usage per \w+ is \S+, but (limit|request) is/i.test(m),
  },
  {
    category: 'SchedulingConstraint',
    test: (r, m) => r === 'FailedScheduling' && SCHEDULING_CONSTRAINT.test(m),
  },
  {
    category: 'NodeProblem',
    test: (r, m) =>
      ['NodeNotReady', 'NodeUnreachable', 'TaintManagerEviction'].includes(r) ||
      isNetworkNotReadyEvent(r, m) ||
      (r === 'Evicted' && /node was low on resource/i.test(m)),
  },
  {
    category: 'Migration',
    test: (r, m, k) =>
      ['FailedMigration', 'MigrationBackoff', 'MigrationFailed'].includes(r) ||
      // virt-handler Warning Migrated: "EvictionStrategy is set but vmi is not migratable; %s",
      // "VirtualMachineInstance migration uid %s failed. reason:%s"
      (r === 'Migrated' &&
        k === 'VirtualMachineInstance' &&
        /not migratable|migration uid \S+ failed/i.test(m)),
  },
  { category: 'Paused', test: (r, m) => r === 'IOerror' || /paused due to i\/?o error/i.test(m) },
  {
    category: 'CrashLoop',
    test: (r, m, k) =>
      (r === 'BackOff' && /restarting failed container/i.test(m)) ||
      r === 'OOMKilling' ||
      // kubelet pkg/kubelet/oom/oom_watcher_linux.go: Warning SystemOOM "System OOM encountered, victim process: …"
      r === 'SystemOOM' ||
      // virt-handler (kubevirt pkg/virt-handler/vm.go): Warning Stopped "The VirtualMachineInstance crashed."
      (r === 'Stopped' && k === 'VirtualMachineInstance' && /crashed/i.test(m)),
  },
];

/** The failure domain an event signals, or undefined when no known pattern matches. */
export const classifyEvent = (e: K8sEvent): RootCauseCategory | undefined => {
  const reason = e.reason ?? '';
  const message = e.message ?? '';
  const kind = e.involvedObject?.kind ?? '';
  return EVENT_PATTERNS.find((p) => p.test(reason, message, kind))?.category;
};

/** What multus reported when it could not set up the pod's networks. */
export interface MultusError {
  kind: 'namespace-isolation' | 'nad-not-found' | 'delegate-add' | 'other';
  /** The network the error names: a NAD name, or (delegate-add) the CNI config name. */
  network?: string;
  /** The NetworkAttachmentDefinition's namespace the error names. */
  namespace?: string;
  /** namespace-isolation: the pod's own namespace. */
  podNamespace?: string;
  /** Multus's own words, from the recognised phrase on (wrapper prefixes dropped), bounded. */
  reason: string;
}

/*
 * Sources (k8snetworkplumbingwg/multus-cni):
 * - pkg/k8sclient GetNetworkDelegates: "namespace isolation enabled, annotation violates permission,
 *   pod is in namespace %v but refers to target namespace %v"; older releases (GetPodNetwork):
 *   "namespace isolation violation: podnamespace: %v / target namespace: %v".
 * - pkg/k8sclient getKubernetesDelegate: "cannot find a network-attachment-definition (%s) in
 *   namespace (%s): %v" (also a NoNetworkFound pod event).
 * - pkg/multus CmdAdd (cmdPluginErr): "[%s/%s/%s:%s]: error adding container to network %q: %v",
 *   the delegate's CNI config name (spec.config "name"), then the plugin's own error.
 * - cmdErr prefix "Multus: [ns/pod/uid]: " and the wrappers "error loading k8s delegates k8s args:",
 *   "TryLoadPodDelegates: error in getting k8s network for pod:", "GetNetworkDelegates: failed
 *   getting the delegate:". The CRI runtime's own "error adding pod … to CNI network
 *   \"multus-cni-network\"" names multus itself, never a NAD.
 * - pkg/server (thick plugin) HandleCNIRequest: "%s ERRORED: %v" after the request's arguments,
 *   returned to the shim as "CmdAdd (shim): CNI request failed with status 400: '…'".
 */
const MULTUS_ISOLATION_NEW =
  /namespace isolation enabled, annotation violates permission, pod is in namespace ([\w.-]+) but refers to target namespace ([\w.-]+)/i;
const MULTUS_ISOLATION_OLD =
  /namespace isolation violation: podnamespace: ([\w.-]+) \/ target namespace: ([\w.-]+)/i;
const MULTUS_NAD_NOT_FOUND =
  /cannot find a network-attachment-definition \(([^)]+)\) in namespace \(([^)]+)\)/i;
const MULTUS_DELEGATE_ADD = /error adding container to network "([^"]+)"/i;
const MULTUS_PREFIX = /Multus: (?:\[[^\]]*\]: )?| ERRORED: /;
const MULTUS_WRAPPERS =
  /^(?:(?:error loading k8s delegates k8s args|TryLoadPodDelegates: error in getting k8s network for pod|GetNetworkDelegates(?:: failed getting the delegate)?|GetPodNetwork|getKubernetesDelegate|error getting pod): )+/i;
const MAX_REASON = 400;

const boundReason = (text: string): string => {
  const trimmed = text
    .split('\n')[0]
    .replace(MULTUS_WRAPPERS, '')
    .replace(/[\s'"]+$/, '')
    .trim();
  return trimmed.length > MAX_REASON ? `${trimmed.slice(0, MAX_REASON)}…` : trimmed;
};

/** The multus error in a (sandbox) event message, or undefined when multus is not involved. */
export const parseMultusError = (message: string): MultusError | undefined => {
  const isolation = MULTUS_ISOLATION_NEW.exec(message) ?? MULTUS_ISOLATION_OLD.exec(message);
  if (isolation)
    return {
      kind: 'namespace-isolation',
      podNamespace: isolation[1],
      namespace: isolation[2],
      reason: boundReason(message.slice(isolation.index)),
    };
  const missing = MULTUS_NAD_NOT_FOUND.exec(message);
  if (missing)
    return {
      kind: 'nad-not-found',
      network: missing[1],
      namespace: missing[2],
      reason: boundReason(message.slice(missing.index)),
    };
  const add = MULTUS_DELEGATE_ADD.exec(message);
  if (add)
    return { kind: 'delegate-add', network: add[1], reason: boundReason(message.slice(add.index)) };
  const prefix = MULTUS_PREFIX.exec(message);
  if (prefix)
    return { kind: 'other', reason: boundReason(message.slice(prefix.index + prefix[0].length)) };
  return undefined;
};
