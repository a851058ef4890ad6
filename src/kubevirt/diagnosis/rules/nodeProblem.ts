import {
  isNetworkNotReadyEvent,
  OWN_LIMIT_EVICTION,
  SANDBOX_NETWORK_ERROR,
  SANDBOX_RUNTIME_ERROR,
} from '../eventPatterns';
import { joinMessages, msg, type Message } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  vmNodeName,
  vmiNodeEvidence,
} from '../context';
import type { Finding, Node } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';
import { analyzeScheduling, handlerDown, type SickExclusion } from './candidateNodes';

/** Bounds a node condition's message quoted in a finding. */
const MAX_CONDITION_MESSAGE = 300;

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

type NodeCondition = NonNullable<NonNullable<Node['status']>['conditions']>[number];

/** Conditions that make a node sick: Ready not True, a pressure condition True. */
const badConditions = (node: Node | undefined): NodeCondition[] =>
  (node?.status?.conditions ?? []).filter((c) =>
    c.type === 'Ready' ? c.status !== 'True' : PRESSURES.includes(c.type) && c.status === 'True',
  );

/** "DiskPressure=True (taint node.kubernetes.io/disk-pressure)", "cordoned (spec.unschedulable)". */
const sickState = (exclusion: SickExclusion, bad: NodeCondition[]): Message => {
  const taint = exclusion.reason === 'unhealthy' ? exclusion.taint : '';
  return exclusion.reason === 'cordoned'
    ? msg('cordoned (spec.unschedulable)')
    : bad.length > 0
      ? msg('{{conditions}} (taint {{taint}})', {
          conditions: bad.map((c) => `${c.type}=${c.status}`).join(', '),
          taint,
        })
      : msg('tainted {{taint}}', { taint });
};

/** The node running the VM is not ready, unreachable, gone, or under resource pressure. */
export const nodeProblemRule: DiagnosisRule = {
  id: 'node-health',
  category: 'NodeProblem',
  checkName: msg("The VM's node is Ready and not under pressure"),
  evaluate: (ctx) => {
    const nodeName = vmNodeName(ctx);
    const findings: Finding[] = [];
    const podNames = new Set(ctx.pods.map((p) => p.metadata?.name));
    const nodeEvents = eventsFor(ctx.snapshot, 'Pod')
      .filter((e) => podNames.has(e.involvedObject?.name))
      .filter((e) =>
        ['NodeNotReady', 'NodeUnreachable', 'TaintManagerEviction', 'Evicted'].includes(
          e.reason ?? '',
        ),
      );
    // An eviction for the pod's own storage limit is the pod's problem (killedByKubelet.ts).
    const evictedPod = ctx.pods.find(
      (p) =>
        (p.status?.reason === 'Evicted' && !OWN_LIMIT_EVICTION.test(p.status?.message ?? '')) ||
        p.status?.reason === 'NodeLost',
    );
    const vmiPhase = ctx.snapshot.vmi?.status?.phase;
    const vmImpacted =
      !!evictedPod ||
      (vmiPhase !== undefined && vmiPhase !== 'Running') ||
      ctx.printableStatus !== 'Running';

    const runtime = runtimeFailure(ctx);
    if (runtime) findings.push(runtime);
    const sched = analyzeScheduling(ctx);
    // A node-local claim ties the VM to a node that is unhealthy or cordoned.
    if (!nodeName && sched?.decisive === 'NodeProblem' && sched.pinnedTo) {
      const { node, claim, exclusion } = sched.pinnedTo;
      const nodeObj = ctx.snapshot.nodes.find((n) => n.metadata?.name === node);
      const bad = badConditions(nodeObj);
      const state = sickState(exclusion, bad);
      findings.push(
        finding(
          'sched.pinned-node-unhealthy',
          'critical',
          'NodeProblem',
          msg(
            'The virt-launcher pod cannot be scheduled: claim "{{claim}}" is a node-local volume on node {{node}}, which is {{state}}; no other node can mount it (volume node affinity conflict).',
            { claim, node, state },
          ),
          uniqueEvidence([
            {
              kind: 'PersistentVolumeClaim',
              name: claim,
              namespace: ctx.namespace,
              fieldPath: 'metadata.annotations.volume.kubernetes.io/selected-node',
              value: node,
            },
            ...(nodeObj ? bad.map((c) => conditionEvidence(nodeObj, 'Node', c)) : []),
            ...sched.evidence.slice(0, 2),
          ]),
        ),
      );
      return findings;
    }
    // The VM's own nodeSelector/affinity admits only nodes that are unhealthy or cordoned.
    if (!nodeName && sched?.decisive === 'NodeProblem' && sched.pinnedBySelection) {
      const { selection, nodes } = sched.pinnedBySelection;
      const states = nodes.map(({ node, exclusion }) => {
        const nodeObj = ctx.snapshot.nodes.find((n) => n.metadata?.name === node);
        const bad = badConditions(nodeObj);
        return {
          node,
          nodeObj,
          bad,
          text: msg('{{node}} is {{state}}', { node, state: sickState(exclusion, bad) }),
        };
      });
      findings.push(
        finding(
          'sched.selected-nodes-unhealthy',
          'critical',
          'NodeProblem',
          msg(
            "The virt-launcher pod cannot be scheduled: the VM's node selector/affinity ({{selection}}) admits only {{nodes}}, and {{states}}; every other node is excluded by that selection.",
            {
              selection: selection.join(', '),
              nodes: nodes.map((n) => n.node).join(', '),
              states: joinMessages(
                states.map((st) => st.text),
                '; ',
              ),
            },
          ),
          uniqueEvidence([
            ...states.flatMap(({ node, nodeObj, bad }) =>
              nodeObj && bad.length > 0
                ? bad.map((c) => conditionEvidence(nodeObj, 'Node', c))
                : [objectEvidence(nodeObj, 'Node', undefined, node)],
            ),
            ...sched.evidence.slice(0, 2),
          ]),
        ),
      );
      return findings;
    }
    // A pending launcher pod whose only acceptable nodes have no ready virt-handler.
    if (!nodeName && sched?.decisive === 'NodeProblem') {
      const down = handlerDown(sched.nodes);
      findings.push(
        finding(
          'sched.virt-handler-not-ready',
          'critical',
          'NodeProblem',
          msg(
            'The virt-launcher pod cannot be scheduled: the only node(s) the VM may run on ({{nodes}}) are marked kubevirt.io/schedulable=false, because virt-handler is not ready there.',
            { nodes: down.join(', ') },
          ),
          uniqueEvidence([
            ...down.map((n) => ({
              kind: 'Node',
              name: n,
              fieldPath: 'metadata.labels.kubevirt.io/schedulable',
              value: 'false',
            })),
            ...sched.evidence,
          ]),
        ),
      );
    }
    if (nodeName) {
      const presence = ctx.lookup('Node', nodeName);
      if (presence.state === 'notFound') {
        findings.push(
          finding(
            'node.missing',
            'critical',
            'NodeProblem',
            msg('The VM is assigned to node "{{nodeName}}", which no longer exists.', { nodeName }),
            [
              { kind: 'Node', name: nodeName, value: 'not found' },
              ...vmiNodeEvidence(ctx, nodeName),
            ],
          ),
        );
      } else if (presence.state === 'present') {
        const node = presence.object as Node;
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready && ready.status !== 'True') {
          findings.push(
            finding(
              'node.not-ready',
              'critical',
              'NodeProblem',
              ready.reason && ready.message
                ? msg(
                    'Node "{{nodeName}}" running the VM is not ready (Ready={{status}}, {{reason}}): {{message}}',
                    {
                      nodeName,
                      status: ready.status,
                      reason: ready.reason,
                      message: ready.message.slice(0, MAX_CONDITION_MESSAGE),
                    },
                  )
                : ready.reason
                  ? msg(
                      'Node "{{nodeName}}" running the VM is not ready (Ready={{status}}, {{reason}}).',
                      { nodeName, status: ready.status, reason: ready.reason },
                    )
                  : msg('Node "{{nodeName}}" running the VM is not ready (Ready={{status}}).', {
                      nodeName,
                      status: ready.status,
                    }),
              uniqueEvidence([
                conditionEvidence(node, 'Node', ready),
                ...vmiNodeEvidence(ctx, nodeName),
                ...nodeEvents.slice(0, 2).map(eventEvidence),
              ]),
            ),
          );
        }
        for (const c of node.status?.conditions ?? []) {
          if (!PRESSURES.includes(c.type) || c.status !== 'True') continue;
          findings.push(
            finding(
              'node.pressure',
              vmImpacted ? 'critical' : 'warning',
              'NodeProblem',
              vmImpacted
                ? msg(
                    'Node "{{nodeName}}" running the VM reports {{type}} and the VM is affected.',
                    { nodeName, type: c.type },
                  )
                : msg('Node "{{nodeName}}" running the VM reports {{type}}.', {
                    nodeName,
                    type: c.type,
                  }),
              uniqueEvidence([
                conditionEvidence(node, 'Node', c),
                ...(evictedPod
                  ? [objectEvidence(evictedPod, 'Pod', 'status.reason', evictedPod.status?.reason)]
                  : []),
                ...nodeEvents.slice(0, 2).map(eventEvidence),
              ]),
            ),
          );
        }
        if (node.spec?.unschedulable) {
          findings.push(
            finding(
              'node.cordoned',
              'info',
              'NodeProblem',
              findCondition(ctx.snapshot.vmi, 'LiveMigratable')?.status === 'False'
                ? msg(
                    'Node "{{nodeName}}" is cordoned (unschedulable); the VM keeps running, but it cannot be live-migrated, so maintenance of the node must wait for it or shut it down.',
                    { nodeName },
                  )
                : msg(
                    'Node "{{nodeName}}" is cordoned (unschedulable); the VM keeps running but will be moved during maintenance.',
                    { nodeName },
                  ),
              [objectEvidence(node, 'Node', 'spec.unschedulable', 'true')],
            ),
          );
        }
        if (node.metadata?.labels?.['kubevirt.io/schedulable'] === 'false') {
          findings.push(
            finding(
              'node.kubevirt-unschedulable',
              'warning',
              'NodeProblem',
              msg(
                'Node "{{nodeName}}" is marked kubevirt.io/schedulable=false (virt-handler is not healthy there).',
                { nodeName },
              ),
              [objectEvidence(node, 'Node', 'metadata.labels.kubevirt.io/schedulable', 'false')],
            ),
          );
        }
      }
    }
    // The kubelet says the node's container network is down before the node turns NotReady.
    const networkDown = eventsFor(ctx.snapshot, 'Pod').find(
      (e) =>
        podNames.has(e.involvedObject?.name) &&
        isNetworkNotReadyEvent(e.reason ?? '', e.message ?? ''),
    );
    if (networkDown && ctx.wantsRunning && !findings.some((f) => f.severity === 'critical')) {
      const pod = ctx.pods.find((p) => p.metadata?.name === networkDown.involvedObject?.name);
      const node = pod?.spec?.nodeName ?? nodeName ?? '';
      findings.push(
        finding(
          'node.network-not-ready',
          'critical',
          'NodeProblem',
          msg(
            'The container network of node "{{node}}" is not ready, so the virt-launcher pod gets no sandbox there: {{message}}',
            { node, message: (networkDown.message ?? '').slice(0, MAX_CONDITION_MESSAGE) },
          ),
          [eventEvidence(networkDown), ...(node ? [{ kind: 'Node', name: node }] : [])],
        ),
      );
    }
    if (
      !findings.some((f) => f.severity === 'critical') &&
      (evictedPod ||
        nodeEvents.some(
          (e) => e.reason !== 'Evicted' || /node was low on resource/i.test(e.message ?? ''),
        ))
    ) {
      const ev = nodeEvents.filter(
        (e) => e.reason !== 'Evicted' || /node was low on resource/i.test(e.message ?? ''),
      );
      if (ev.length > 0 || evictedPod?.status?.message) {
        findings.push(
          finding(
            'node.not-ready',
            'critical',
            'NodeProblem',
            msg('The virt-launcher pod was affected by a node problem: {{message}}', {
              message: ev[0]?.message ?? evictedPod?.status?.message ?? '',
            }),
            uniqueEvidence([
              ...(evictedPod
                ? [
                    objectEvidence(
                      evictedPod,
                      'Pod',
                      'status.message',
                      evictedPod.status?.message ?? evictedPod.status?.reason,
                    ),
                  ]
                : []),
              ...ev.slice(0, 3).map(eventEvidence),
            ]),
          ),
        );
      }
    }
    return findings;
  },
};

/** The node's container runtime cannot create the launcher's sandbox (SANDBOX_RUNTIME_ERROR). */
const runtimeFailure = (ctx: Parameters<DiagnosisRule['evaluate']>[0]): Finding | undefined => {
  const pod = ctx.pods[0];
  const node = pod?.spec?.nodeName;
  if (!pod || !node || pod.status?.phase === 'Running' || ctx.printableStatus === 'Running')
    return undefined;
  const events = eventsFor(ctx.snapshot, 'Pod', pod.metadata?.name).filter(
    (e) =>
      e.reason === 'FailedCreatePodSandBox' &&
      SANDBOX_RUNTIME_ERROR.test(e.message ?? '') &&
      !SANDBOX_NETWORK_ERROR.test(e.message ?? ''),
  );
  if (events.length === 0) return undefined;
  return finding(
    'node.runtime-failed',
    'critical',
    'NodeProblem',
    msg(
      'The container runtime on node {{node}} cannot create the sandbox of pod "{{pod}}": {{message}}',
      { node, pod: pod.metadata?.name ?? '', message: events[0].message ?? '' },
    ),
    uniqueEvidence([
      objectEvidence(pod, 'Pod', 'spec.nodeName', node),
      ...events.slice(0, 2).map(eventEvidence),
    ]),
  );
};
