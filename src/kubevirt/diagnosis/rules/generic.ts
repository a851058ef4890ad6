import { msg } from '../messages';
import {
  allEventsNewestFirst,
  conditionEvidence,
  eventEvidence,
  findCondition,
  objectEvidence,
  observedNow,
  timeOf,
  vmEvidence,
  type RuleContext,
} from '../context';
import { durationMessage } from '../duration';
import { classifyEvent } from '../eventPatterns';
import type { Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

export const ERROR_STATUSES = new Set([
  'CrashLoopBackOff',
  'Unknown',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrorPvcNotFound',
  'ErrorDataVolumeNotFound',
  'DataVolumeError',
]);
const TRANSITIONAL_STATUSES = new Set([
  'Starting',
  'Provisioning',
  'WaitingForVolumeBinding',
  'Stopping',
  'Terminating',
  'Migrating',
]);
/** Same threshold as KubeVirt's VirtualMachineStuckInUnhealthyState alert. */
const STUCK_MINUTES = 10;

/**
 * Signals that something is wrong without naming a cause: an error status, a stuck transition,
 * a Failure condition, a failed VMI, a missing instancetype, or Warning events no rule recognises.
 * Last in precedence: these become the root cause (Unknown) only when nothing specific matched.
 */
export const genericRule: DiagnosisRule = {
  id: 'general-health',
  category: 'Unknown',
  checkName: msg('The VM reports no unexplained errors'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const { vm, vmi } = ctx.snapshot;
    for (const ref of ctx.refs) {
      if (!/Instancetype|Preference/.test(ref.kind)) continue;
      if (ctx.lookup(ref.kind, ref.name, ref.namespace).state !== 'notFound') continue;
      findings.push(
        finding(
          ref.kind.includes('Instancetype') ? 'vm.instancetype-missing' : 'vm.preference-missing',
          'critical',
          'Unknown',
          msg(
            '{{kind}} "{{name}}" referenced by the VM does not exist, so KubeVirt cannot build the VMI.',
            { kind: ref.kind, name: ref.name },
          ),
          [
            vmEvidence(ctx, ref.fieldPath, ref.name),
            {
              kind: ref.kind,
              name: ref.name,
              ...(ref.namespace ? { namespace: ref.namespace } : {}),
              value: 'not found',
            },
          ],
        ),
      );
    }
    const failure = findCondition(vm, 'Failure');
    if (failure?.status === 'True') {
      findings.push(
        finding(
          'vm.failure-condition',
          'critical',
          'Unknown',
          failure.message
            ? msg('KubeVirt could not reconcile the VM ({{reason}}): {{message}}', {
                reason: failure.reason ?? 'Failure',
                message: failure.message.trim(),
              })
            : msg('KubeVirt could not reconcile the VM ({{reason}}):', {
                reason: failure.reason ?? 'Failure',
              }),
          [conditionEvidence(vm, 'VirtualMachine', failure)],
        ),
      );
    }
    if (vmi?.status?.phase === 'Failed' && ctx.wantsRunning) {
      findings.push(
        finding(
          'vmi.failed',
          'critical',
          'Unknown',
          vmi.status.reason
            ? msg('The VirtualMachineInstance is in phase Failed ({{reason}}).', {
                reason: vmi.status.reason,
              })
            : msg('The VirtualMachineInstance is in phase Failed.'),
          [objectEvidence(vmi, 'VirtualMachineInstance', 'status.phase', 'Failed')],
        ),
      );
    }
    const unrecognised = allEventsNewestFirst(ctx.snapshot).filter(
      (e) => e.type === 'Warning' && classifyEvent(e) === undefined,
    );
    if (unrecognised.length > 0) {
      const unhealthy = ctx.wantsRunning && ctx.printableStatus !== 'Running';
      // Warnings about the VM or VMI itself describe its state (symptom); a warning of a
      // dependent object (pod, claim, DataVolume) is direct evidence (cause).
      const aboutVmOnly = unrecognised.every((e) =>
        ['VirtualMachine', 'VirtualMachineInstance'].includes(e.involvedObject?.kind ?? ''),
      );
      findings.push({
        role: aboutVmOnly ? 'symptom' : 'cause',
        ...finding(
          'event.unrecognized-warning',
          unhealthy ? 'critical' : 'warning',
          'Unknown',
          msg(
            'Warning events that no rule recognises ({{reasons}}); the latest says: {{message}}',
            {
              reasons: [...new Set(unrecognised.map((e) => e.reason ?? ''))].join(', '),
              message: unrecognised[0].message ?? '',
            },
          ),
          uniqueEvidence(unrecognised.slice(0, 5).map(eventEvidence)),
        ),
      });
    }
    if (ERROR_STATUSES.has(ctx.printableStatus)) {
      findings.push(
        finding(
          'vm.error-status',
          'critical',
          'Unknown',
          msg('The VM reports the error status {{printableStatus}}.', {
            printableStatus: ctx.printableStatus,
          }),
          [vmEvidence(ctx, 'status.printableStatus', ctx.printableStatus)],
        ),
      );
    }
    const stuck = stuckFor(ctx);
    if (stuck !== undefined) {
      findings.push(
        finding(
          'vm.stuck',
          'critical',
          'Unknown',
          msg('The VM has been {{printableStatus}} for {{duration}}.', {
            printableStatus: ctx.printableStatus,
            duration: durationMessage(stuck),
          }),
          [vmEvidence(ctx, 'status.printableStatus', ctx.printableStatus)],
        ),
      );
    }
    return findings;
  },
};

/** Minutes the VM has been in a transitional status, when beyond the alert threshold. */
const stuckFor = (ctx: RuleContext): number | undefined => {
  if (!TRANSITIONAL_STATUSES.has(ctx.printableStatus)) return undefined;
  if (ctx.printableStatus === 'Migrating') return undefined; // migrations have their own timeouts
  // Shutting down is timed from the deletion request, starting from the VMI (or VM) creation.
  const since =
    ctx.printableStatus === 'Terminating'
      ? ctx.vm.metadata?.deletionTimestamp
      : ctx.printableStatus === 'Stopping'
        ? ctx.snapshot.vmi?.metadata?.deletionTimestamp
        : (ctx.snapshot.vmi?.metadata?.creationTimestamp ??
          findCondition(ctx.vm, 'Ready')?.lastTransitionTime ??
          ctx.vm.metadata?.creationTimestamp);
  // Timed by the cluster's own clock (newest heartbeat or event), not the reader's: a snapshot
  // read a week later must not turn a start that was 9 minutes old into "stuck for 7 days".
  const minutes = since ? (observedNow(ctx.snapshot) - timeOf(since)) / 60000 : 0;
  return minutes > STUCK_MINUTES ? minutes : undefined;
};
