import { admissionWebhookRule } from './admissionWebhook';
import { cloneSourceRule } from './cloneSource';
import { crashLoopRule } from './crashLoop';
import { dataVolumeImportRule } from './dataVolumeImport';
import { genericRule } from './generic';
import { imagePullRule } from './imagePull';
import { kvmUnavailableRule } from './kvmUnavailable';
import { launcherLogRule } from './launcherLog';
import { memoryHotplugRule } from './memoryHotplug';
import { migrationRule } from './migration';
import { missingSecretOrConfigMapRule } from './missingSecretOrConfigMap';
import { missingVolumeRule } from './missingVolume';
import { networkAttachmentRule } from './networkAttachment';
import { nodeProblemRule } from './nodeProblem';
import { killedByKubeletRule } from './killedByKubelet';
import { oomKillRule } from './oomKill';
import { pausedRule } from './paused';
import type { DiagnosisRule } from './rule';
import { insufficientResourcesRule, schedulingConstraintRule } from './scheduling';
import { storageProvisioningRule } from './storageProvisioning';
import { stuckTerminationRule } from './stuckTermination';
import { vmiFailedRule } from './vmiFailed';

/**
 * Rules in precedence order: when several find a critical problem, the first one names the root
 * cause. Upstream causes come first — a missing Secret, NAD or volume explains the pending pod and
 * the FailedMount that follow; a missing StorageClass explains the DataVolume that never imports;
 * the generic rule (Unknown) comes last. A webhook that refuses the VMI or its pod comes first:
 * nothing downstream of it is created.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  admissionWebhookRule,
  missingSecretOrConfigMapRule,
  networkAttachmentRule,
  missingVolumeRule,
  storageProvisioningRule,
  cloneSourceRule,
  dataVolumeImportRule,
  imagePullRule,
  insufficientResourcesRule,
  schedulingConstraintRule,
  // A shutdown stuck on an unreachable node names the node before the generic node finding.
  stuckTerminationRule,
  kvmUnavailableRule,
  nodeProblemRule,
  migrationRule,
  pausedRule,
  // Why the VMI died (memory kill, crash, sync error) before the loop it causes.
  oomKillRule,
  killedByKubeletRule,
  // The launcher's own log names why the domain did not start, before the generic crash findings.
  launcherLogRule,
  vmiFailedRule,
  crashLoopRule,
  memoryHotplugRule,
  genericRule,
];
