/**
 * Types of the diagnosis engine: what goes in (a VmSnapshot), what comes out (a Diagnosis).
 * Rules import object shapes from here so the whole engine depends on one file of types.
 */
import type {
  DataVolume,
  K8sEvent,
  K8sObject,
  NetworkAttachmentDefinition,
  Node,
  ObjectReferenceOnly,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  VolumeSnapshot,
} from '../types';
import type { BootSourceObjects } from './bootSources';
import type { Message } from './messages';

export type { Message, MessageParams } from './messages';
export type {
  Condition,
  ContainerStatus,
  DataVolume,
  DataVolumeSpec,
  K8sEvent,
  K8sObject,
  NetworkAttachmentDefinition,
  Node,
  ObjectReferenceOnly,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  VolumeSnapshot,
  VolumeSource,
} from '../types';

/** Kinds a VM can depend on (as named by the Kubernetes API). */
export type DependencyKind =
  | 'PersistentVolumeClaim'
  | 'DataVolume'
  | 'Secret'
  | 'ConfigMap'
  | 'NetworkAttachmentDefinition'
  | 'StorageClass'
  | 'VirtualMachineInstancetype'
  | 'VirtualMachineClusterInstancetype'
  | 'VirtualMachinePreference'
  | 'VirtualMachineClusterPreference';

/** One object the VM needs, and where in the VM (or in a PVC/DV) the need comes from. */
export interface ObjectRef {
  kind: DependencyKind;
  name: string;
  /** Absent for cluster-scoped kinds (StorageClass, cluster instancetypes and preferences). */
  namespace?: string;
  /** Field path of the reference, e.g. `spec.template.spec.volumes[1].cloudInitNoCloud.secretRef.name`. */
  fieldPath: string;
  /** Short English description of the use, e.g. "cloud-init user data". */
  purpose: string;
  /**
   * True when the object legitimately may not exist yet: the PVC a DataVolume will create, or a
   * DataVolume listed in dataVolumeTemplates (KubeVirt creates it).
   */
  optional?: boolean;
}

/** Why an object the client looked for is not in the snapshot. */
export type LookupFailure = 'NotFound' | 'Forbidden' | 'Error';

export interface MissingObject {
  kind: string;
  name: string;
  namespace?: string;
  reason: LookupFailure;
  /** The API server's message, e.g. `secrets "x" is forbidden: User "u" cannot get ...`. */
  message?: string;
}

/** A kind the client could not list at all. */
export interface UnreadableKind {
  kind: string;
  reason: LookupFailure;
  message?: string;
}

/**
 * A bounded tail of one virt-launcher container's log (`compute`, or KubeVirt's `guest-console-log`),
 * as `launcherLog.ts` `boundLauncherLog` makes it: at most 200 lines and 64 KiB, each line at most
 * 2 KiB, control characters stripped, secrets redacted. `unreadable` says why there are no lines
 * when the read failed (403 → the log check is "not verified").
 */
export interface LauncherLog {
  pod: string;
  container: string;
  /** Oldest first. Empty when unreadable. */
  lines: string[];
  /** True when the tail was cut (lines, bytes, or a line's length). */
  truncated?: boolean;
  unreadable?: { reason: LookupFailure; message?: string };
}

/**
 * Everything the rules read about one VM. Objects not listed in `missing` and not present were
 * not fetched: rules never conclude "missing" from absence alone.
 */
export interface VmSnapshot {
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
  /** virt-launcher pods of the VMI (label kubevirt.io=virt-launcher). */
  pods: Pod[];
  pvcs: PersistentVolumeClaim[];
  dataVolumes: DataVolume[];
  /** Events of the VM, VMI, launcher pods, PVCs and DataVolumes. */
  events: K8sEvent[];
  /** The node running the VM and, for scheduling checks, the nodes the client could list. */
  nodes: Node[];
  /** Metadata only: Secret and ConfigMap data never enters the domain library. */
  secrets: ObjectReferenceOnly[];
  configMaps: ObjectReferenceOnly[];
  nads: NetworkAttachmentDefinition[];
  storageClasses: StorageClass[];
  migrations: VirtualMachineInstanceMigration[];
  /** Instancetypes and preferences (namespaced or cluster-wide) the VM references. */
  instancetypes?: K8sObject[];
  preferences?: K8sObject[];
  /** Objects looked for and not obtained, with the reason (404, 403, other error). */
  missing: MissingObject[];
  /** True when `storageClasses` holds the full cluster list (so "no default class" can be judged). */
  storageClassesListed?: boolean;
  /** True when `nodes` holds every node (so "no node matches the selector" can be judged). */
  nodesListed?: boolean;
  /**
   * Whole kinds the client could not list (403, a 404 of the kind itself, another error): the
   * checks that read them show "not verified" instead of passing on an empty list.
   */
  unreadable?: UnreadableKind[];
  /**
   * Log tails of the newest launcher pod's containers, when the client read them. Absent: not read
   * (the log check then has nothing to say, and passes only on what it was given).
   */
  launcherLogs?: LauncherLog[];
  /**
   * VolumeSnapshots CDI took of a clone's source claim (cloneSnapshots.ts), read only while a
   * DataVolume of the VM is in a snapshot phase.
   */
  volumeSnapshots?: VolumeSnapshot[];
  /**
   * DataSources, DataImportCrons and DataVolumes of the boot-source namespaces the VM's unfinished
   * disks clone from (bootSources.ts). Absent: not read.
   */
  bootSources?: BootSourceObjects;
  now: Date;
}

export type Severity = 'critical' | 'warning' | 'info';

/** The fixed root-cause vocabulary (see issue 3). */
export const ROOT_CAUSE_CATEGORIES = [
  'ImagePull',
  'MissingVolume',
  'StorageProvisioning',
  'DataVolumeImport',
  'MissingSecretOrConfigMap',
  'InsufficientResources',
  'SchedulingConstraint',
  'CrashLoop',
  'NetworkAttachment',
  'Migration',
  'Paused',
  'NodeProblem',
  'Unknown',
] as const;

export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

export interface EventEvidence {
  reason: string;
  message: string;
  count: number;
  lastTimestamp?: string;
  type?: string;
}

/** A fact a finding rests on: an object, optionally a field in it or an event about it. */
export interface Evidence {
  kind: string;
  name: string;
  namespace?: string;
  fieldPath?: string;
  value?: string;
  event?: EventEvidence;
}

/**
 * What a finding is evidence of (see README "Ranking"): `cause` is direct evidence from the failing
 * object (an error event or condition of a dependent object, a failed import, a refused admission);
 * `symptom` is the VM/VMI status or a pending pod/claim; `transition` is a normal state on the way
 * (an import in progress, WaitForFirstConsumer, PendingPopulation, a running migration).
 */
export type FindingRole = 'cause' | 'symptom' | 'transition';

export interface Finding {
  /** Stable id such as `vm.image-pull`: cited by the AI, used to dedupe and translate. */
  ruleId: string;
  severity: Severity;
  category: RootCauseCategory;
  /** Set on every finding diagnoseVm returns; rules may leave it to the engine's default. */
  role?: FindingRole;
  /** Plain English sentence naming the objects involved. */
  message: string;
  /** `message` as a translatable Message (template + params); the plugin renders it with t(). */
  text?: Message;
  evidence: Evidence[];
}

/**
 * `notVerified`: the check's inputs could not be read (403, 404 of the kind, error), so it neither
 * passed nor failed; `passed` is then false and `message` gives the reason.
 */
export type CheckStatus = 'passed' | 'failed' | 'notVerified';

export interface Check {
  id: string;
  name: string;
  passed: boolean;
  message: string;
  /** `name` and `message` as translatable Messages (set by diagnoseVm). */
  nameText?: Message;
  text?: Message;
  /** Always set by diagnoseVm; absent only on checks built by older clients. */
  status?: CheckStatus;
  /** For a passed general check: the failing checks that explain the VM's status. */
  explainedBy?: string[];
}

export type Risk = 'low' | 'medium' | 'high';

export interface Suggestion {
  title: string;
  description: string;
  /** Exact `oc` / `virtctl` commands, shell-quoted; never executed by this library. */
  commands: string[];
  risk: Risk;
  ruleId: string;
  /** `title` and `description` as translatable Messages. */
  titleText?: Message;
  descriptionText?: Message;
  /**
   * Stable id of the suggestion kind, `<ruleId>/<step>` (e.g. `secret.missing/0`), or `inspect/0`
   * for the generic step; set by suggestFixes so clients can map a kind to an operation.
   */
  id?: string;
}

export interface RootCause {
  category: RootCauseCategory;
  summary: string;
  /** `summary` as a translatable Message. */
  text?: Message;
  ruleId: string;
}

export interface Diagnosis {
  vm: { name: string; namespace: string; printableStatus: string };
  healthy: boolean;
  rootCause: RootCause | null;
  findings: Finding[];
  checks: Check[];
  suggestions: Suggestion[];
}
