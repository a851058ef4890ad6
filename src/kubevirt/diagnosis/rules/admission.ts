import { msg } from '../messages';
/**
 * Namespace admission refusals of the virt-launcher pod: a ResourceQuota or a LimitRange.
 *
 * Message sources (kubernetes/kubernetes v1.31):
 * - staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go:
 *   "exceeded quota: %s, requested: %s, used: %s, limited: %s"
 * - plugin/pkg/admission/limitranger/admission.go (minConstraint/maxConstraint):
 *   "minimum %s usage per %s is %s, but request is %s", "maximum %s usage per %s is %s, but limit is %s"
 * KubeVirt's virt-controller (pkg/virt-controller/watch/vmi.go) reports the refused pod creation as
 * a Warning event FailedCreate on the VMI ("Error creating pod: pods \"virt-launcher-…\" is
 * forbidden: …") and in the VMI's Synchronized=False condition.
 */
import {
  allEventsNewestFirst,
  conditionEvidence,
  eventEvidence,
  eventTime,
  findCondition,
  timeOf,
  type RuleContext,
} from '../context';
import type { Evidence, Finding, K8sEvent } from '../model';
import { finding, uniqueEvidence } from './rule';

export const QUOTA_MESSAGE =
  /exceeded quota: ([^,\s]+), requested: (.+?), used: (.+?), limited: ([^\n"]+?)(?:["\n]|$)/i;
export const LIMIT_RANGE_MESSAGE =
  /(minimum|maximum) (\S+) usage per (\w+) is (\S+), but (limit|request) is ([^\s".,]+)/i;

export interface Refusal {
  text: string;
  evidence: Evidence;
}

const isQuotaOrLimit = (message: string | undefined): message is string =>
  !!message && (QUOTA_MESSAGE.test(message) || LIMIT_RANGE_MESSAGE.test(message));

/**
 * A refusal event stays in the namespace for an hour after the quota was raised or the request
 * shrunk. It is history once the same object later reports another create outcome (a created
 * pod or VMI, a different FailedCreate such as a webhook error), a launcher pod was created after
 * it, or the VM's Failure condition names something else since.
 */
export const supersededRefusal = (
  ctx: RuleContext,
  refusal: K8sEvent,
  events: K8sEvent[],
  isRefusal: (message: string | undefined) => boolean = isQuotaOrLimit,
): boolean => {
  const at = timeOf(eventTime(refusal));
  if (!at) return false;
  const later = (t: string | null | undefined) => timeOf(t) > at;
  const same = (e: K8sEvent) =>
    e.involvedObject?.kind === refusal.involvedObject?.kind &&
    e.involvedObject?.name === refusal.involvedObject?.name;
  if (
    events.some(
      (e) =>
        e !== refusal &&
        same(e) &&
        /^(FailedCreate|SuccessfulCreate)$/.test(e.reason ?? '') &&
        !isRefusal(e.message) &&
        later(eventTime(e)),
    )
  )
    return true;
  if (ctx.pods.some((p) => later(p.metadata?.creationTimestamp))) return true;
  const failure = findCondition(ctx.vm, 'Failure');
  // The VM's Failure condition reports its latest VMI creation attempt (its transition time
  // stays at the first failure while the message changes).
  return (
    failure?.status === 'True' &&
    !isRefusal(failure.message) &&
    (refusal.involvedObject?.kind === 'VirtualMachine' || later(failure.lastTransitionTime))
  );
};

/**
 * Refusals the VM still suffers: current Warning events (newest first), then the VMI's
 * Synchronized=False and the VM's Failure condition when they carry one. None while the VM
 * should not run or its launcher pod runs.
 */
export const currentRefusals = (
  ctx: RuleContext,
  isRefusal: (message: string | undefined) => message is string = isQuotaOrLimit,
): Refusal[] => {
  if (!ctx.wantsRunning || ctx.pods.some((p) => p.status?.phase === 'Running')) return [];
  const out: Refusal[] = [];
  const events = allEventsNewestFirst(ctx.snapshot);
  for (const e of events) {
    if (e.type !== 'Warning' || !isRefusal(e.message)) continue;
    if (supersededRefusal(ctx, e, events, isRefusal)) continue;
    out.push({ text: e.message, evidence: eventEvidence(e) });
  }
  const vmi = ctx.snapshot.vmi;
  const sync = findCondition(vmi, 'Synchronized');
  if (vmi && sync?.status === 'False' && isRefusal(sync.message))
    out.push({
      text: sync.message,
      evidence: conditionEvidence(vmi, 'VirtualMachineInstance', sync),
    });
  const failure = findCondition(ctx.vm, 'Failure');
  if (failure?.status === 'True' && isRefusal(failure.message))
    out.push({
      text: failure.message,
      evidence: conditionEvidence(ctx.vm, 'VirtualMachine', failure),
    });
  return out;
};

/** Quota and LimitRange refusals, newest first; only while the VM should run and has no pod. */
export const admissionRefusals = (ctx: RuleContext): Finding[] => {
  const found = currentRefusals(ctx);
  const findings: Finding[] = [];
  const quota = found.find((r) => QUOTA_MESSAGE.test(r.text));
  if (quota) {
    const [, name, requested, used, limited] = QUOTA_MESSAGE.exec(quota.text) ?? [];
    // apiserver admission: `persistentvolumeclaims "x" is forbidden: exceeded quota: ...` when the
    // quota refuses a disk claim (CDI ErrExceededQuota), `pods "virt-launcher-…" is forbidden` otherwise.
    const claim = /persistentvolumeclaims "([^"]+)" is forbidden/i.exec(quota.text)?.[1];
    findings.push(
      finding(
        'quota.exceeded',
        'critical',
        'InsufficientResources',
        claim
          ? msg(
              'The namespace ResourceQuota "{{name}}" refuses the disk claim "{{claim}}": it requests {{requested}}, {{used}} is already used, the quota allows {{limited}}.',
              { name, claim, requested, used, limited },
            )
          : msg(
              'The namespace ResourceQuota "{{name}}" refuses the virt-launcher pod: it requests {{requested}}, {{used}} is already used, the quota allows {{limited}}.',
              { name, requested, used, limited },
            ),
        uniqueEvidence([
          ...found.filter((r) => QUOTA_MESSAGE.test(r.text)).map((r) => r.evidence),
          { kind: 'ResourceQuota', name, namespace: ctx.namespace, value: `limited: ${limited}` },
        ]),
      ),
    );
  }
  const limit = found.find((r) => LIMIT_RANGE_MESSAGE.test(r.text));
  if (limit) {
    const [, bound, resource, per, enforced, which, value] =
      LIMIT_RANGE_MESSAGE.exec(limit.text) ?? [];
    findings.push(
      finding(
        'limitrange.violated',
        'critical',
        'InsufficientResources',
        msg(
          'A LimitRange in namespace {{namespace}} refuses the virt-launcher pod: the {{bound}} {{resource}} per {{per}} is {{enforced}}, but its {{which}} is {{value}}.',
          { namespace: ctx.namespace, bound, resource, per, enforced, which, value },
        ),
        uniqueEvidence(
          found.filter((r) => LIMIT_RANGE_MESSAGE.test(r.text)).map((r) => r.evidence),
        ),
      ),
    );
  }
  return findings;
};
