import { purposeMessage } from '../purpose';
import { msg } from '../messages';
import { allEventsNewestFirst, eventEvidence, vmEvidence } from '../context';
import type { Evidence, Finding } from '../model';
import { MISSING_SECRET_MESSAGE, SERVICE_ACCOUNT_MISSING } from '../eventPatterns';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * Cloud-init, sysprep, access-credential and disk Secrets/ConfigMaps that do not exist. The launcher
 * pod then waits in ContainerCreating with FailedMount while the VM only says "Starting".
 */
export const missingSecretOrConfigMapRule: DiagnosisRule = {
  id: 'secrets-configmaps',
  category: 'MissingSecretOrConfigMap',
  checkName: msg('Referenced Secrets and ConfigMaps exist'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const mountEvents = allEventsNewestFirst(ctx.snapshot).filter(
      (e) =>
        (e.reason === 'FailedMount' || e.reason === 'FailedCreate') &&
        MISSING_SECRET_MESSAGE.test(e.message ?? ''),
    );
    const reported = new Set<string>();
    const eventsNaming = (kind: string, name: string) =>
      mountEvents.filter((e) => {
        const m = MISSING_SECRET_MESSAGE.exec(e.message ?? '');
        return !!m && m[1].toLowerCase() === kind.toLowerCase() && m[2] === name;
      });

    for (const ref of ctx.refs) {
      if (ref.kind !== 'Secret' && ref.kind !== 'ConfigMap') continue;
      const presence = ctx.lookup(ref.kind, ref.name, ref.namespace);
      const ruleId = ref.kind === 'Secret' ? 'secret.missing' : 'configmap.missing';
      const events = eventsNaming(ref.kind, ref.name);
      if (
        presence.state === 'notFound' ||
        (presence.state !== 'present' && presence.state !== 'forbidden' && events.length > 0)
      ) {
        reported.add(`${ref.kind}/${ref.name}`);
        const evidence: Evidence[] = [
          vmEvidence(ctx, ref.fieldPath, ref.name),
          { kind: ref.kind, name: ref.name, namespace: ref.namespace ?? '', value: 'not found' },
          ...events.slice(0, 3).map(eventEvidence),
        ];
        findings.push(
          finding(
            ruleId,
            // A running VM already has its data; it only fails at the next start.
            ctx.printableStatus === 'Running' ? 'warning' : 'critical',
            'MissingSecretOrConfigMap',
            ctx.printableStatus === 'Running'
              ? msg(
                  '{{kind}} "{{name}}" ({{purpose}}) does not exist in namespace {{namespace}}; the running VM is unaffected, but its next start will hang in ContainerCreating.',
                  {
                    kind: ref.kind,
                    name: ref.name,
                    purpose: purposeMessage(ref.purpose),
                    namespace: ref.namespace ?? '',
                  },
                )
              : msg(
                  '{{kind}} "{{name}}" ({{purpose}}) does not exist in namespace {{namespace}}, so the virt-launcher pod cannot mount it and the VM cannot start.',
                  {
                    kind: ref.kind,
                    name: ref.name,
                    purpose: purposeMessage(ref.purpose),
                    namespace: ref.namespace ?? '',
                  },
                ),
            uniqueEvidence(evidence),
          ),
        );
      } else if (presence.state === 'forbidden') {
        findings.push(
          finding(
            `${ruleId.split('.')[0]}.unverifiable`,
            'info',
            'MissingSecretOrConfigMap',
            msg(
              'Not allowed to read {{kind}} "{{name}}" ({{purpose}}); its existence could not be checked.',
              { kind: ref.kind, name: ref.name, purpose: purposeMessage(ref.purpose) },
            ),
            [
              {
                kind: ref.kind,
                name: ref.name,
                namespace: ref.namespace ?? '',
                value: 'forbidden',
              },
            ],
          ),
        );
      }
    }

    // Mount failures naming an object the snapshot did not cover (e.g. not fetched) still count.
    for (const e of mountEvents) {
      const m = MISSING_SECRET_MESSAGE.exec(e.message ?? '');
      if (!m) continue;
      const kind = m[1].toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap';
      if (reported.has(`${kind}/${m[2]}`)) continue;
      if (ctx.lookup(kind, m[2], ctx.namespace).state === 'present') continue;
      if (ctx.printableStatus === 'Running') continue; // an old mount failure the pod got past
      reported.add(`${kind}/${m[2]}`);
      findings.push(
        finding(
          kind === 'Secret' ? 'secret.missing' : 'configmap.missing',
          'critical',
          'MissingSecretOrConfigMap',
          msg('The virt-launcher pod cannot mount {{kind}} "{{detail}}": it was not found.', {
            kind,
            detail: m[2],
          }),
          [eventEvidence(e)],
        ),
      );
    }
    // kube-apiserver ServiceAccount admission (plugin/pkg/admission/serviceaccount): "error looking
    // up service account %s/%s: %v" — the launcher pod of a VM with a serviceAccount disk (or
    // spec.serviceAccountName) is refused before it exists, so only the VM/VMI events say so.
    if (ctx.printableStatus !== 'Running') {
      const refused = allEventsNewestFirst(ctx.snapshot).find((e) =>
        SERVICE_ACCOUNT_MISSING.test(e.message ?? ''),
      );
      const m = refused ? SERVICE_ACCOUNT_MISSING.exec(refused.message ?? '') : null;
      if (refused && m)
        findings.push(
          finding(
            'serviceaccount.missing',
            'critical',
            'MissingSecretOrConfigMap',
            msg(
              'ServiceAccount "{{name}}" used by the VM does not exist in namespace {{namespace}}, so its virt-launcher pod is refused.',
              { name: m[2], namespace: m[1] },
            ),
            [eventEvidence(refused)],
          ),
        );
    }
    return findings;
  },
};
