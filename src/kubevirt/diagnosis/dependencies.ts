import { buildContext, findCondition } from './context';
import type {
  DataVolume,
  K8sObject,
  NetworkAttachmentDefinition,
  PersistentVolumeClaim,
  StorageClass,
  VmSnapshot,
} from './model';

export interface DependencyStatus {
  kind: string;
  name: string;
  namespace?: string;
  /** False for objects that may legitimately not exist yet (a DataVolume's claim, a template DataVolume). */
  required: boolean;
  /** `unknown` when the object was not fetched or the API call failed for another reason. */
  present: boolean | 'forbidden' | 'unknown';
  /** Phase or short state: Bound/Pending, the DataVolume phase, "exists", ... */
  state: string;
  message: string;
  fieldPath: string;
  purpose: string;
}

/** Every object the VM needs (requiredObjects), whether it exists, and its state. */
export const checkDependencies = (snapshot: VmSnapshot): DependencyStatus[] => {
  const ctx = buildContext(snapshot);
  return ctx.refs.map((ref) => {
    const presence = ctx.lookup(ref.kind, ref.name, ref.namespace);
    const base = {
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      required: !ref.optional,
      fieldPath: ref.fieldPath,
      purpose: ref.purpose,
    };
    const label = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
    switch (presence.state) {
      case 'present': {
        const { state, message } = describe(ref.kind, presence.object);
        return { ...base, present: true, state, message: `${label} ${message}` };
      }
      case 'notFound':
        return {
          ...base,
          present: false,
          state: 'NotFound',
          message: ref.optional
            ? `${label} does not exist yet (it is created automatically).`
            : `${label} does not exist.`,
        };
      case 'forbidden':
        return {
          ...base,
          present: 'forbidden',
          state: 'Forbidden',
          message: `Not allowed to read ${label}.`,
        };
      case 'error':
        return {
          ...base,
          present: 'unknown',
          state: 'Error',
          message: `Could not read ${label}${presence.message ? `: ${presence.message}` : ''}.`,
        };
      default:
        return {
          ...base,
          present: 'unknown',
          state: 'NotChecked',
          message: `${label} was not checked.`,
        };
    }
  });
};

const describe = (kind: string, obj: K8sObject): { state: string; message: string } => {
  switch (kind) {
    case 'PersistentVolumeClaim': {
      const pvc = obj as PersistentVolumeClaim;
      const phase = pvc.status?.phase ?? 'Pending';
      return {
        state: phase,
        message: `is ${phase}${pvc.spec?.storageClassName ? ` (StorageClass ${pvc.spec.storageClassName})` : ''}.`,
      };
    }
    case 'DataVolume': {
      const dv = obj as DataVolume;
      const phase = dv.status?.phase ?? 'Pending';
      const running = findCondition(dv, 'Running');
      const progress =
        dv.status?.progress && dv.status.progress !== 'N/A' ? `, ${dv.status.progress}` : '';
      const problem =
        running?.status === 'False' && running.reason && running.reason !== 'Completed'
          ? ` (${running.reason}${running.message ? `: ${running.message}` : ''})`
          : '';
      return { state: phase, message: `is ${phase}${progress}${problem}.` };
    }
    case 'StorageClass': {
      const sc = obj as StorageClass;
      return {
        state: 'Exists',
        message: `exists (provisioner ${sc.provisioner ?? 'unknown'}${sc.volumeBindingMode ? `, ${sc.volumeBindingMode}` : ''}).`,
      };
    }
    case 'NetworkAttachmentDefinition': {
      const nad = obj as NetworkAttachmentDefinition;
      let type = '';
      try {
        type = (JSON.parse(nad.spec?.config ?? '{}') as { type?: string }).type ?? '';
      } catch {
        return { state: 'Invalid', message: 'exists but its spec.config is not valid JSON.' };
      }
      return { state: 'Exists', message: `exists${type ? ` (CNI ${type})` : ''}.` };
    }
    default:
      return { state: 'Exists', message: 'exists.' };
  }
};
