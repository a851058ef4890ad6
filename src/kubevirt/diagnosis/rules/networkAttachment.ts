import { purposeMessage } from '../purpose';
import { msg } from '../messages';
import { allEventsNewestFirst, eventEvidence, objectEvidence, vmEvidence } from '../context';
import { MISSING_NAD_MESSAGE } from '../eventPatterns';
import type { Finding, NetworkAttachmentDefinition } from '../model';
import { schedulingBlock } from './candidateNodes';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/** Secondary networks: the NetworkAttachmentDefinition must exist and hold a valid CNI config. */
export const networkAttachmentRule: DiagnosisRule = {
  id: 'network-attachments',
  category: 'NetworkAttachment',
  checkName: msg('Secondary networks (NetworkAttachmentDefinitions) exist and are valid'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const netEvents = allEventsNewestFirst(ctx.snapshot).filter(
      (e) =>
        MISSING_NAD_MESSAGE.test(e.message ?? '') ||
        (e.reason === 'FailedCreatePodSandBox' && /multus|network/i.test(e.message ?? '')),
    );
    const namingEvents = (name: string) =>
      netEvents.filter((e) => (e.message ?? '').includes(name));

    for (const ref of ctx.refs) {
      if (ref.kind !== 'NetworkAttachmentDefinition') continue;
      const presence = ctx.lookup(ref.kind, ref.name, ref.namespace);
      const events = namingEvents(ref.name);
      if (presence.state === 'notFound' || (presence.state === 'notFetched' && events.length > 0)) {
        findings.push(
          finding(
            'net.nad-missing',
            'critical',
            'NetworkAttachment',
            msg(
              'NetworkAttachmentDefinition "{{namespace}}/{{name}}" ({{purpose}}) does not exist, so the virt-launcher pod cannot be given its network interface.',
              {
                namespace: ref.namespace ?? '',
                name: ref.name,
                purpose: purposeMessage(ref.purpose),
              },
            ),
            uniqueEvidence([
              vmEvidence(ctx, ref.fieldPath, `${ref.namespace}/${ref.name}`),
              {
                kind: ref.kind,
                name: ref.name,
                namespace: ref.namespace ?? '',
                value: 'not found',
              },
              ...events.slice(0, 3).map(eventEvidence),
            ]),
          ),
        );
      } else if (presence.state === 'present') {
        const problem = configProblem(presence.object as NetworkAttachmentDefinition);
        if (problem) {
          findings.push(
            finding(
              'net.nad-invalid',
              'critical',
              'NetworkAttachment',
              msg(
                'NetworkAttachmentDefinition "{{namespace}}/{{name}}" has an invalid CNI config: {{problem}}.',
                { namespace: ref.namespace ?? '', name: ref.name, problem },
              ),
              uniqueEvidence([
                objectEvidence(
                  presence.object,
                  'NetworkAttachmentDefinition',
                  'spec.config',
                  problem,
                ),
                ...events.slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        } else if (events.length > 0 && ctx.printableStatus !== 'Running') {
          findings.push(
            finding(
              'net.attach-failed',
              'critical',
              'NetworkAttachment',
              msg('Attaching the pod to network "{{namespace}}/{{name}}" failed: {{message}}', {
                namespace: ref.namespace ?? '',
                name: ref.name,
                message: events[0].message ?? '',
              }),
              uniqueEvidence([
                objectEvidence(presence.object, 'NetworkAttachmentDefinition'),
                ...events.slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        }
      } else if (presence.state === 'forbidden') {
        findings.push(
          finding(
            'net.nad-unverifiable',
            'info',
            'NetworkAttachment',
            msg(
              'Not allowed to read NetworkAttachmentDefinition "{{namespace}}/{{name}}"; it could not be checked.',
              { namespace: ref.namespace ?? '', name: ref.name },
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

    const covered = findings.some((f) => f.severity === 'critical');
    const podNetEvents = netEvents.filter((e) => MISSING_NAD_MESSAGE.test(e.message ?? ''));
    if (!covered && podNetEvents.length > 0) {
      findings.push(
        finding(
          'net.nad-missing',
          'critical',
          'NetworkAttachment',
          msg(
            'Multus could not find a NetworkAttachmentDefinition for the virt-launcher pod: {{message}}',
            { message: podNetEvents[0].message ?? '' },
          ),
          podNetEvents.slice(0, 3).map(eventEvidence),
        ),
      );
    }
    // bridge-marker (cluster-network-addons-operator) advertises bridge.network.kubevirt.io/<bridge>
    // on each node that has the bridge; a NAD with that resourceName annotation makes the pod request it.
    const bridge = schedulingBlock(ctx, 'NetworkAttachment');
    if (bridge) {
      const names = bridge.reasons
        .map((r) => r.resource?.replace('bridge.network.kubevirt.io/', ''))
        .filter(Boolean)
        .join(', ');
      const devices = bridge.reasons
        .map((r) => r.resource ?? '')
        .filter((r) => r && !r.startsWith('bridge.network.kubevirt.io/'));
      if (devices.length > 0)
        findings.push(
          finding(
            'sched.network-resources',
            bridge.decisive ? 'critical' : 'warning',
            'NetworkAttachment',
            msg(
              'The virt-launcher pod cannot be scheduled: {{text}}. The device resource {{names}} that a secondary network (NetworkAttachmentDefinition resourceName) requests, such as SR-IOV virtual functions, is exhausted or not offered on those nodes.',
              { text: bridge.text, names: devices.join(', ') },
            ),
            bridge.evidence,
          ),
        );
      else
        findings.push(
          finding(
            'sched.network-resources',
            bridge.decisive ? 'critical' : 'warning',
            'NetworkAttachment',
            msg(
              'The virt-launcher pod cannot be scheduled: {{text}}. The Linux bridge {{names}} of a secondary network is not present on those nodes (or bridge-marker does not report it).',
              { text: bridge.text, names },
            ),
            bridge.evidence,
          ),
        );
    }
    return findings;
  },
};

/** Multus needs a JSON CNI config with a plugin type (or a plugins list). */
const configProblem = (nad: NetworkAttachmentDefinition): string | undefined => {
  const config = nad.spec?.config;
  if (config === undefined || config.trim() === '') return undefined; // config may live on the node
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    return 'spec.config is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'spec.config is not a JSON object';
  const obj = parsed as { type?: unknown; plugins?: unknown };
  if (typeof obj.type !== 'string' && !Array.isArray(obj.plugins))
    return 'spec.config names no CNI plugin "type"';
  return undefined;
};
