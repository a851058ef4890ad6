import type { RootCauseCategory } from '../diagnosis/model';
import type { VmHealthVerdict } from '../health/health';
import type { VmPrintableStatus } from '../status';

/**
 * What an error status says about its cause when the verdict could not name one: a list
 * consumer has only the VM and VMI, so e.g. a DataVolumeError diagnoses as `Unknown` there
 * (the DataVolume is not at hand) although it is plainly a storage import problem.
 */
const STATUS_CATEGORY: Partial<Record<VmPrintableStatus, RootCauseCategory>> = {
  ErrImagePull: 'ImagePull',
  ImagePullBackOff: 'ImagePull',
  ErrorPvcNotFound: 'MissingVolume',
  ErrorDataVolumeNotFound: 'MissingVolume',
  DataVolumeError: 'DataVolumeImport',
  WaitingForVolumeBinding: 'StorageProvisioning',
  Provisioning: 'DataVolumeImport',
  ErrorUnschedulable: 'SchedulingConstraint',
  CrashLoopBackOff: 'CrashLoop',
  Paused: 'Paused',
  Migrating: 'Migration',
};

/**
 * The problem category search files a VM under: the verdict's own category when it names one,
 * else what its status implies; none when the verdict is not a problem.
 */
export const vmProblemCategory = (verdict: VmHealthVerdict): RootCauseCategory | undefined => {
  if (!verdict.problem) return undefined;
  if (verdict.category && verdict.category !== 'Unknown') return verdict.category;
  return STATUS_CATEGORY[verdict.status as VmPrintableStatus] ?? verdict.category;
};
