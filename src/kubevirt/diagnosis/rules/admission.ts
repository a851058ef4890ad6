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
  findCondition,
  type RuleContext,
} from '../context';
import type { Evidence, Finding } from '../model';
import { finding, uniqueEvidence } from './rule';

export const QUOTA_MESSAGE =
  /exceeded quota: ([^,\s]+), requested: (.+?), used: (.+?), limited: ([^\n"]+?)(?:["\n]|$)/i;
export const LIMIT_RANGE_MESSAGE =
  /(minimum|maximum) (\S+) usage per (\w+) is (\S+), but (limit|request) is ([^\s".,]+)/i;

interface Refusal {
  text: string;
  evidence: Evidence;
}

const refusals = (ctx: RuleContext): Refusal[] => {
  const out: Refusal[] = [];
  for (const e of allEventsNewestFirst(ctx.snapshot)) {
    if (e.type !== 'Warning') continue;
    const m = e.message ?? '';
    if (QUOTA_MESSAGE.test(m) || LIMIT_RANGE_MESSAGE.test(m))
      out.push({ text: m, evidence: eventEvidence(e) });
  }
  const vmi = ctx.snapshot.vmi;
  const sync = findCondition(vmi, 'Synchronized');
  if (
    vmi &&
    sync?.status === 'False' &&
    sync.message &&
    (QUOTA_MESSAGE.test(sync.message) || LIMIT_RANGE_MESSAGE.test(sync.message))
  )
    out.push({
      text: sync.message,
      evidence: conditionEvidence(vmi, 'VirtualMachineInstance', sync),
    });
  const failure = findCondition(ctx.vm, 'Failure');
  if (
    failure?.status === 'True' &&
    failure.message &&
    (QUOTA_MESSAGE.test(failure.message) || LIMIT_RANGE_MESSAGE.test(failure.message))
  )
    out.push({
      text: failure.message,
      evidence: conditionEvidence(ctx.vm, 'VirtualMachine', failure),
    });
  return out;
};

/** Quota and LimitRange refusals, newest first; only while the VM should run and has no pod. */
export const admissionRefusals = (ctx: RuleContext): Finding[] => {
  if (!ctx.wantsRunning || ctx.pods.some((p) => p.status?.phase === 'Running')) return [];
  const found = refusals(ctx);
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
