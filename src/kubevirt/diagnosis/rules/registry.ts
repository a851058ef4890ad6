import { cloneSourceRule } from './cloneSource';
import { crashLoopRule } from './crashLoop';
import { dataVolumeImportRule } from './dataVolumeImport';
import { genericRule } from './generic';
import { imagePullRule } from './imagePull';
import { migrationRule } from './migration';
import { missingSecretOrConfigMapRule } from './missingSecretOrConfigMap';
import { missingVolumeRule } from './missingVolume';
import { networkAttachmentRule } from './networkAttachment';
import { nodeProblemRule } from './nodeProblem';
import { pausedRule } from './paused';
import type { DiagnosisRule } from './rule';
import { insufficientResourcesRule, schedulingConstraintRule } from './scheduling';
import { storageProvisioningRule } from './storageProvisioning';

/**
 * Rules in precedence order: when several find a critical problem, the first one names the root
 * cause. Upstream causes come first — a missing Secret, NAD or volume explains the pending pod and
 * the FailedMount that follow; a missing StorageClass explains the DataVolume that never imports;
 * the generic rule (Unknown) comes last.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  missingSecretOrConfigMapRule,
  networkAttachmentRule,
  missingVolumeRule,
  storageProvisioningRule,
  cloneSourceRule,
  dataVolumeImportRule,
  imagePullRule,
  insufficientResourcesRule,
  schedulingConstraintRule,
  nodeProblemRule,
  migrationRule,
  pausedRule,
  crashLoopRule,
  genericRule,
];
