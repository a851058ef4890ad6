/**
 * The core/v1 Event a confirmed fix leaves on its VM: who applied which rule's fix, and the exact
 * request, so `oc get events` and the VM's Events tab show it next to KubeVirt's own.
 */
import type { FixOperation } from './model';

export const FIX_EVENT_REASON = 'AIFixApplied';
export const UNDO_EVENT_REASON = 'AIFixUndone';
export const FIX_EVENT_COMPONENT = 'kubevirt-lightspeed-plugin';

export const fixEvent = (
  op: FixOperation,
  user: string | undefined,
  now: Date,
  undo = false,
): Record<string, unknown> => {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const who = user ? `User "${user}"` : 'A console user';
  const what = undo
    ? `undid the fix "${op.suggestionTitle}" of rule ${op.ruleId}`
    : `applied the fix "${op.suggestionTitle}" of rule ${op.ruleId}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${op.vm.name}.kv-ls-fix-`, namespace: op.vm.namespace },
    involvedObject: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      name: op.vm.name,
      namespace: op.vm.namespace,
      ...(op.vm.uid ? { uid: op.vm.uid } : {}),
    },
    reason: undo ? UNDO_EVENT_REASON : FIX_EVENT_REASON,
    message: `${who} ${what} (${op.action}): ${op.request.method} ${op.request.path}`,
    type: 'Normal',
    source: { component: FIX_EVENT_COMPONENT },
    reportingComponent: FIX_EVENT_COMPONENT,
    reportingInstance: '',
    firstTimestamp: time,
    lastTimestamp: time,
    eventTime: null,
    count: 1,
  };
};
