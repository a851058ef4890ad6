import type { TFunction } from 'i18next';
import type { SearchChip } from '../../kubevirt/search';

/** A health verdict's name in the user's language (chips, the fleet summary). */
export const healthName = (health: string, t: TFunction): string => {
  switch (health) {
    case 'healthy':
      return t('Healthy');
    case 'attention':
      return t('Needs attention');
    case 'error':
      return t('Error');
    case 'stopped':
      return t('Stopped');
    case 'transitional':
      return t('In progress');
    default:
      return health;
  }
};

/** A root-cause category's name in the user's language (chips, the fleet summary). */
export const categoryName = (category: string, t: TFunction): string => {
  switch (category) {
    case 'ImagePull':
      return t('Image pull');
    case 'MissingVolume':
      return t('Missing volume');
    case 'StorageProvisioning':
      return t('Storage provisioning');
    case 'DataVolumeImport':
      return t('Disk import');
    case 'MissingSecretOrConfigMap':
      return t('Missing Secret or ConfigMap');
    case 'InsufficientResources':
      return t('Insufficient resources');
    case 'SchedulingConstraint':
      return t('Scheduling constraint');
    case 'CrashLoop':
      return t('Crash loop');
    case 'NetworkAttachment':
      return t('Network attachment');
    case 'Migration':
      return t('Migration');
    case 'Paused':
      return t('Paused');
    case 'NodeProblem':
      return t('Node problem');
    case 'Unknown':
      return t('Unknown cause');
    default:
      return category;
  }
};

/**
 * The chip text in the user's language. The parser writes English `Prefix: value` labels; the
 * prefix is translated here by field and the value (a name, a status, "last 1h") is kept.
 */
export const chipLabel = (chip: SearchChip, t: TFunction): string => {
  const separator = chip.label.indexOf(': ');
  const value = separator >= 0 ? chip.label.slice(separator + 2) : chip.label;
  switch (chip.field) {
    case 'namespaces':
      return t('Namespace: {{value}}', { value });
    case 'excludeNamespaces':
      return t('Namespace is not: {{value}}', { value: value.replace(/^not /, '') });
    case 'excludeNodes':
      return t('Node is not: {{value}}', { value: value.replace(/^not /, '') });
    case 'excludeOs':
      return t('OS is not: {{value}}', { value: value.replace(/^not /, '') });
    case 'statuses':
      return t('Status: {{value}}', { value });
    case 'statusGroups':
      return t('Status group: {{value}}', { value });
    case 'excludeStatuses':
      return t('Status is not: {{value}}', { value: value.replace(/^not /, '') });
    case 'hasErrors':
      return chip.value === true ? t('Has errors') : t('Healthy');
    case 'health':
      return t('Health: {{value}}', { value: healthName(String(chip.value), t) });
    case 'categories':
      return t('Problem: {{value}}', { value: categoryName(String(chip.value), t) });
    case 'stuck':
      return chip.value === true ? t('Stuck') : t('Not stuck');
    case 'createdWithinMs':
    case 'createdBeforeMs':
      return t('Created: {{value}}', { value });
    case 'createdSince':
      return t('Created since: {{value}}', { value });
    case 'createdUntil':
      return t('Created before: {{value}}', { value });
    case 'statusChangedWithinMs':
      return t('Status changed: {{value}}', { value });
    case 'nodes':
      return t('Node: {{value}}', { value });
    case 'labels':
      return t('Label: {{value}}', { value });
    case 'nameContains':
      return t('Name contains: {{value}}', { value });
    case 'os':
      return t('OS: {{value}}', { value });
    case 'minCpu':
    case 'maxCpu':
      return t('CPUs: {{value}}', { value });
    case 'minMemoryBytes':
    case 'maxMemoryBytes':
      return t('Memory: {{value}}', { value });
    // the bound words ("more than", "at most") stay English inside the value, like durations
    case 'text':
      return t('Text: {{value}}', { value });
    default:
      return chip.label;
  }
};
