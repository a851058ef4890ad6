import { msg } from '../messages';
/**
 * An admission webhook that refuses the VM's start: unreachable (its service has no ready pods,
 * refuses connections, times out, has a bad certificate) or denying the request (a policy engine).
 * KubeVirt's own webhooks are served by virt-api, so a virt-api outage refuses every VMI.
 *
 * Where the refusal shows (kubevirt pkg/virt-controller/watch): the VM controller's Warning
 * FailedCreate "Error creating virtual machine instance: …" and the VM's Failure condition
 * ("Failure while starting VMI: …"); the VMI controller's FailedCreate "Error creating pod: …" and
 * the VMI's Synchronized=False condition. Message patterns: eventPatterns.ts WEBHOOK_*.
 */
import { WEBHOOK_DENIED, WEBHOOK_UNREACHABLE } from '../eventPatterns';
import type { Finding } from '../model';
import { currentRefusals, type Refusal } from './admission';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

const MAX_REASON = 300;

const isWebhookRefusal = (message: string | undefined): message is string =>
  !!message && (WEBHOOK_UNREACHABLE.test(message) || WEBHOOK_DENIED.test(message));

/** Drops the quote that closes a wrapping message (`…: "inner"`) but not a quoted name's own. */
const trimReason = (text: string): string => {
  let t = text.trim().slice(0, MAX_REASON);
  if ((t.match(/"/g) ?? []).length % 2 === 1 && t.endsWith('"')) t = t.slice(0, -1);
  return t.replace(/[\s.]+$/, '');
};

/** `https://virt-api.openshift-cnv.svc:443/…` → the in-cluster service and its namespace. */
const serviceOf = (url: string | undefined): { service: string; namespace: string } | undefined => {
  const host = url ? /^https?:\/\/([^/:]+)/.exec(url)?.[1] : undefined;
  const m = host ? /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.|$)/.exec(host) : null;
  return m ? { service: m[1], namespace: m[2] } : undefined;
};

const webhookFinding = (refusals: Refusal[]): Finding => {
  const latest = refusals[0].text;
  const evidence = uniqueEvidence(refusals.map((r) => r.evidence));
  const unreachable = WEBHOOK_UNREACHABLE.exec(latest);
  if (unreachable) {
    const [, webhook, url, rawReason] = unreachable;
    const reason = trimReason(rawReason);
    const target = serviceOf(url);
    return finding(
      'admission.webhook-unreachable',
      'critical',
      'Unknown',
      target
        ? msg(
            'The API server cannot reach the admission webhook "{{webhook}}" (service {{service}} in namespace {{serviceNamespace}}), so it refuses every start of the VM: {{reason}}.',
            { webhook, service: target.service, serviceNamespace: target.namespace, reason },
          )
        : msg(
            'The API server cannot reach the admission webhook "{{webhook}}", so it refuses every start of the VM: {{reason}}.',
            { webhook, reason },
          ),
      target
        ? [
            ...evidence,
            {
              kind: 'Service',
              name: target.service,
              namespace: target.namespace,
              value: webhook,
            },
          ]
        : evidence,
    );
  }
  const [, webhook, rawReason] = WEBHOOK_DENIED.exec(latest) ?? [];
  const reason = rawReason ? trimReason(rawReason) : '';
  return finding(
    'admission.webhook-denied',
    'critical',
    'Unknown',
    reason
      ? msg('The admission webhook "{{webhook}}" refuses the VM\'s start: {{reason}}.', {
          webhook,
          reason,
        })
      : msg('The admission webhook "{{webhook}}" refuses the VM\'s start without explanation.', {
          webhook,
        }),
    evidence,
  );
};

export const admissionWebhookRule: DiagnosisRule = {
  id: 'admission-webhooks',
  category: 'Unknown',
  checkName: msg('Admission webhooks accept the VM and its pod'),
  reads: ['Event'],
  evaluate: (ctx) => {
    const refusals = currentRefusals(ctx, isWebhookRefusal);
    return refusals.length > 0 ? [webhookFinding(refusals)] : [];
  },
};
