import { purposeMessage } from '../purpose';
import { msg } from '../messages';
import {
  allEventsNewestFirst,
  eventEvidence,
  findCondition,
  objectEvidence,
  vmEvidence,
  type RuleContext,
} from '../context';
import {
  isNetworkNotReadyEvent,
  MISSING_NAD_MESSAGE,
  parseMultusError,
  type MultusError,
} from '../eventPatterns';
import type { Finding, K8sEvent, NetworkAttachmentDefinition, ObjectRef } from '../model';
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
    const starting = ctx.printableStatus !== 'Running';

    for (const ref of ctx.refs) {
      if (ref.kind !== 'NetworkAttachmentDefinition') continue;
      const presence = ctx.lookup(ref.kind, ref.name, ref.namespace);
      const configName =
        presence.state === 'present'
          ? cniConfigName(presence.object as NetworkAttachmentDefinition)
          : undefined;
      const events = netEvents.filter((e) => namesRef(e, ref, configName));
      // Multus checks namespace isolation before it reads the NAD, so whether the NAD exists (or
      // can be read by this user) does not matter: the reference itself is refused.
      const isolation = events.find(
        (e) => parseMultusError(e.message ?? '')?.kind === 'namespace-isolation',
      );
      if (isolation && starting) {
        const error = parseMultusError(isolation.message ?? '') as MultusError;
        findings.push(
          finding(
            'net.attach-failed',
            'critical',
            'NetworkAttachment',
            isolationMessage(ctx.namespace, error, ref),
            uniqueEvidence([
              vmEvidence(ctx, ref.fieldPath, `${ref.namespace}/${ref.name}`),
              ...(presence.state === 'present'
                ? [objectEvidence(presence.object, 'NetworkAttachmentDefinition')]
                : []),
              ...events.slice(0, 3).map(eventEvidence),
            ]),
          ),
        );
        continue;
      }
      // Unread NAD: only a "not found" from multus proves it missing; other errors are reported as
      // the attach failure they are (below, as for a NAD this user may not read).
      const saysMissing = events.some((e) => MISSING_NAD_MESSAGE.test(e.message ?? ''));
      if (presence.state === 'notFound' || (presence.state === 'notFetched' && saysMissing)) {
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
        } else if (events.length > 0 && starting) {
          findings.push(
            finding(
              'net.attach-failed',
              'critical',
              'NetworkAttachment',
              msg('Attaching the pod to network "{{namespace}}/{{name}}" failed: {{message}}', {
                namespace: ref.namespace ?? '',
                name: ref.name,
                message:
                  parseMultusError(events[0].message ?? '')?.reason || events[0].message || '',
              }),
              uniqueEvidence([
                objectEvidence(presence.object, 'NetworkAttachmentDefinition'),
                ...events.slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        }
      } else if (presence.state === 'forbidden' || presence.state === 'notFetched') {
        // The NAD cannot be read here, but multus (with its own rights) said why it failed.
        if (events.length > 0 && starting)
          findings.push(
            finding(
              'net.attach-failed',
              'critical',
              'NetworkAttachment',
              msg('Attaching the pod to network "{{namespace}}/{{name}}" failed: {{message}}', {
                namespace: ref.namespace ?? '',
                name: ref.name,
                message:
                  parseMultusError(events[0].message ?? '')?.reason || events[0].message || '',
              }),
              uniqueEvidence([
                vmEvidence(ctx, ref.fieldPath, `${ref.namespace}/${ref.name}`),
                ...events.slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        if (presence.state === 'forbidden')
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
    } else if (!covered && starting && ctx.wantsRunning) {
      // A multus error that names none of the VM's networks (its cluster default network, a CNI
      // config name that differs from the NAD's): still why the launcher pod has no sandbox.
      const sandbox = launcherSandboxEvents(
        ctx.pods.map((p) => p.metadata?.name ?? ''),
        netEvents,
      )
        .map((e) => ({ e, error: parseMultusError(e.message ?? '') }))
        .filter((x): x is { e: K8sEvent; error: MultusError } => x.error !== undefined);
      if (sandbox.length > 0 && !nodeNetworkDown(ctx, sandbox[0].e)) {
        const { error } = sandbox[0];
        findings.push(
          finding(
            'net.attach-failed',
            'critical',
            'NetworkAttachment',
            error.kind === 'namespace-isolation'
              ? isolationMessage(ctx.namespace, error)
              : msg('Multus could not set up the networks of the virt-launcher pod: {{reason}}', {
                  reason: error.reason,
                }),
            sandbox.slice(0, 3).map((x) => eventEvidence(x.e)),
          ),
        );
      }
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

/** Does a multus event name this NAD (by name, by namespace-isolation target, by CNI config name)? */
const namesRef = (e: K8sEvent, ref: ObjectRef, configName: string | undefined): boolean => {
  const message = e.message ?? '';
  if (message.includes(ref.name)) return true;
  const error = parseMultusError(message);
  if (!error) return false;
  if (error.kind === 'namespace-isolation') return error.namespace === ref.namespace;
  const sameNamespace = !error.namespace || error.namespace === ref.namespace;
  return sameNamespace && !!error.network && [ref.name, configName].includes(error.network);
};

/**
 * The cluster default network fails on a node whose own network is down (NotReady, or the kubelet
 * reports NetworkNotReady for the pod): the node rule names that cause, not a VM network.
 */
const nodeNetworkDown = (ctx: RuleContext, sandboxEvent: K8sEvent): boolean => {
  const pod = ctx.pods.find((p) => p.metadata?.name === sandboxEvent.involvedObject?.name);
  const node = ctx.snapshot.nodes.find((n) => n.metadata?.name === pod?.spec?.nodeName);
  const ready = findCondition(node, 'Ready');
  if (ready && ready.status !== 'True') return true;
  return ctx.snapshot.events.some(
    (e) =>
      e.involvedObject?.name === sandboxEvent.involvedObject?.name &&
      isNetworkNotReadyEvent(e.reason ?? '', e.message ?? ''),
  );
};

/** FailedCreatePodSandBox of the VM's launcher pods (any pod when none were fetched), newest first. */
const launcherSandboxEvents = (podNames: string[], events: K8sEvent[]): K8sEvent[] =>
  events.filter(
    (e) =>
      e.reason === 'FailedCreatePodSandBox' &&
      e.involvedObject?.kind === 'Pod' &&
      (podNames.length === 0 || podNames.includes(e.involvedObject?.name ?? '')),
  );

/**
 * multus namespaceIsolation: a pod may use NADs of its own namespace and of the "global" ones
 * (multus docs/configuration.md: globalNamespaces; "default" is always allowed in older releases).
 */
const isolationMessage = (podNamespace: string, error: MultusError, ref?: ObjectRef) =>
  ref
    ? msg(
        'Multus refuses network "{{namespace}}/{{name}}" for the virt-launcher pod: multus runs with namespace isolation, so a pod in namespace "{{podNamespace}}" may use only NetworkAttachmentDefinitions of its own namespace or of a namespace multus treats as global (its globalNamespaces setting; "default" unless changed). Multus says: {{reason}}',
        {
          namespace: ref.namespace ?? '',
          name: ref.name,
          podNamespace: error.podNamespace ?? podNamespace,
          reason: error.reason,
        },
      )
    : msg(
        'Multus refuses a NetworkAttachmentDefinition of namespace "{{namespace}}" for the virt-launcher pod: multus runs with namespace isolation, so a pod in namespace "{{podNamespace}}" may use only NetworkAttachmentDefinitions of its own namespace or of a namespace multus treats as global (its globalNamespaces setting). Multus says: {{reason}}',
        {
          namespace: error.namespace ?? '',
          podNamespace: error.podNamespace ?? podNamespace,
          reason: error.reason,
        },
      );

/** The CNI config's own "name" (multus reports a failing delegate by it). */
const cniConfigName = (nad: NetworkAttachmentDefinition): string | undefined => {
  try {
    const name = (JSON.parse(nad.spec?.config ?? '') as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
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
  const obj = parsed as {
    type?: unknown;
    plugins?: unknown;
    name?: unknown;
    netAttachDefName?: unknown;
  };
  if (typeof obj.type !== 'string' && !Array.isArray(obj.plugins))
    return 'spec.config names no CNI plugin "type"';
  // ovn-kubernetes go-controller ValidateNetConf / ParseNADInfo: a secondary network's
  // netAttachDefName must be the NAD's own <namespace>/<name> ("net-attach-def name (%s) is
  // inconsistent with config (%s)"), so a NAD copied from another namespace gets no interface.
  const own = `${nad.metadata?.namespace ?? ''}/${nad.metadata?.name ?? ''}`;
  if (
    obj.type === 'ovn-k8s-cni-overlay' &&
    obj.name !== 'ovn-kubernetes' &&
    typeof obj.netAttachDefName === 'string' &&
    obj.netAttachDefName !== own
  )
    return `netAttachDefName "${obj.netAttachDefName}" is not the NAD's own name "${own}" (OVN-Kubernetes: net-attach-def name is inconsistent with config)`;
  return undefined;
};
