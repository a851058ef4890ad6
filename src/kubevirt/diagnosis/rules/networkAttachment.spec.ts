import { diagnoseVm } from '../diagnose';
import { parseMultusError } from '../eventPatterns';
import type { K8sEvent, NetworkAttachmentDefinition, VmSnapshot } from '../model';
import {
  NOW,
  NS,
  condition,
  forbidden,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
  meta,
} from '../testing/builders';

const POD = 'virt-launcher-vm1-abcde';
// The CRI-O / multus-shim wrapper around a multus thick-plugin error (pkg/server "%s ERRORED: %v").
const sandbox = (multus: string) =>
  `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_${POD}_${NS}_0(abc): error adding pod ${NS}_${POD} to CNI network "multus-cni-network": plugin type="multus-shim" name="multus-cni-network" failed (add): CmdAdd (shim): CNI request failed with status 400: '&{ContainerID:abc Netns:/var/run/netns/x IfName:eth0} ContainerID:"abc" ERRORED: ${multus}\n'`;

const ISOLATION_NEW = `error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: namespace isolation enabled, annotation violates permission, pod is in namespace ${NS} but refers to target namespace shared-net`;
const ISOLATION_OLD = `GetNetworkDelegates: GetPodNetwork: namespace isolation violation: podnamespace: ${NS} / target namespace: shared-net`;

const nad = (name: string, namespace: string, config: object): NetworkAttachmentDefinition => ({
  ...meta('NetworkAttachmentDefinition', name, namespace),
  spec: { config: JSON.stringify(config) },
});

const sandboxEvent = (multus: string, minutes = 1): K8sEvent =>
  makeEvent('Pod', POD, 'FailedCreatePodSandBox', sandbox(multus), { count: 6, minutes });

/** A VM starting with one secondary network, its launcher pod stuck creating the sandbox. */
const starting = (
  networkName: string,
  events: K8sEvent[],
  partial: Partial<VmSnapshot> = {},
): VmSnapshot =>
  makeSnapshot(
    makeVm({
      status: 'Starting',
      networks: [
        { name: 'default', pod: {} },
        { name: 'storage', multus: { networkName } },
      ],
    }),
    {
      vmi: makeVmi({ phase: 'Scheduled', node: 'w0', created: 9 }),
      pods: [makePod({ name: POD, node: 'w0' })],
      nodes: [makeNode('w0')],
      events,
      ...partial,
    },
  );

describe('parseMultusError', () => {
  it('reads both namespace-isolation texts with the pod and target namespaces', () => {
    for (const text of [ISOLATION_NEW, ISOLATION_OLD])
      expect(parseMultusError(sandbox(text))).toMatchObject({
        kind: 'namespace-isolation',
        podNamespace: NS,
        namespace: 'shared-net',
      });
    expect(parseMultusError(sandbox(ISOLATION_OLD))?.reason).toBe(
      `namespace isolation violation: podnamespace: ${NS} / target namespace: shared-net`,
    );
  });

  it('reads a missing NAD and a failing delegate by the network they name', () => {
    expect(
      parseMultusError(
        'Multus: [team-a/p/uid]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: getKubernetesDelegate: cannot find a network-attachment-definition (vlan10) in namespace (shared-net): network-attachment-definitions.k8s.cni.cncf.io "vlan10" not found',
      ),
    ).toMatchObject({ kind: 'nad-not-found', network: 'vlan10', namespace: 'shared-net' });
    const add = parseMultusError(
      sandbox(
        `[${NS}/${POD}/uid:br-storage-conf]: error adding container to network "br-storage-conf": failed to find bridge br-storage`,
      ),
    );
    expect(add).toMatchObject({ kind: 'delegate-add', network: 'br-storage-conf' });
    expect(add?.reason).toBe(
      'error adding container to network "br-storage-conf": failed to find bridge br-storage',
    );
  });

  it('keeps other multus errors by their text and ignores non-multus sandbox errors', () => {
    expect(
      parseMultusError(
        'Multus: [team-a/p/uid]: have you checked that your default network is ready? still waiting for readinessindicatorfile @ /run/ovn/ready. pollimmediate error: timed out waiting for the condition',
      ),
    ).toMatchObject({
      kind: 'other',
      reason: expect.stringMatching(/^have you checked that your default network is ready\?/),
    });
    expect(
      parseMultusError(
        'Failed to create pod sandbox: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      ),
    ).toBeUndefined();
  });
});

describe('multus namespace isolation', () => {
  const shared = nad('storage-vlan', 'shared-net', {
    cniVersion: '0.3.1',
    name: 'storage-vlan',
    type: 'cnv-bridge',
    bridge: 'br-storage',
  });

  it('names the refused NAD and multus reason, whether the NAD was read, forbidden or not fetched', () => {
    for (const partial of [
      { nads: [shared] },
      { missing: [forbidden('NetworkAttachmentDefinition', 'storage-vlan', 'shared-net')] },
      {},
    ]) {
      const d = diagnoseVm(
        starting('shared-net/storage-vlan', [sandboxEvent(ISOLATION_NEW)], partial),
      );
      expect(d.rootCause).toMatchObject({
        category: 'NetworkAttachment',
        ruleId: 'net.attach-failed',
      });
      expect(d.rootCause?.summary).toContain('"shared-net/storage-vlan"');
      expect(d.rootCause?.summary).toContain('namespace isolation enabled');
      // Multus never looked the NAD up: it is not reported missing.
      expect(d.findings.map((f) => f.ruleId)).not.toContain('net.nad-missing');
    }
  });

  it('gives the same root cause when the snapshot is read a week later', () => {
    const s = starting('shared-net/storage-vlan', [sandboxEvent(ISOLATION_OLD)], {
      nads: [shared],
    });
    const later = { ...s, now: new Date(NOW.getTime() + 7 * 24 * 3600 * 1000) };
    expect(diagnoseVm(later).rootCause?.ruleId).toBe(diagnoseVm(s).rootCause?.ruleId);
    expect(diagnoseVm(later).rootCause?.category).toBe('NetworkAttachment');
  });

  it('suggests a NAD in the VM namespace', () => {
    const d = diagnoseVm(
      starting('shared-net/storage-vlan', [sandboxEvent(ISOLATION_OLD)], { nads: [shared] }),
    );
    const first = d.suggestions[0];
    expect(first.ruleId).toBe('net.attach-failed');
    expect(first.commands.join('\n')).toContain(
      'oc get network-attachment-definitions storage-vlan -n shared-net -o yaml',
    );
    expect(first.commands.join('\n')).toContain(`-n ${NS}`);
  });

  it('does not flag a running VM for an old sandbox failure', () => {
    const s = starting('shared-net/storage-vlan', [sandboxEvent(ISOLATION_OLD, 60)], {
      nads: [shared],
    });
    s.vm.status = { ...s.vm.status, printableStatus: 'Running' };
    expect(diagnoseVm(s).healthy).toBe(true);
  });
});

describe('other multus sandbox failures', () => {
  it('matches a failing delegate to the NAD by its CNI config name', () => {
    const local = nad('storage', NS, {
      cniVersion: '0.3.1',
      name: 'br-storage-conf',
      type: 'bridge',
    });
    const d = diagnoseVm(
      starting(
        'storage',
        [
          sandboxEvent(
            `[${NS}/${POD}/uid:br-storage-conf]: error adding container to network "br-storage-conf": failed to find bridge br-storage`,
          ),
        ],
        { nads: [local] },
      ),
    );
    expect(d.rootCause).toMatchObject({
      category: 'NetworkAttachment',
      ruleId: 'net.attach-failed',
    });
    expect(d.rootCause?.summary).toBe(
      `Attaching the pod to network "${NS}/storage" failed: error adding container to network "br-storage-conf": failed to find bridge br-storage`,
    );
  });

  it('does not call an unread NAD missing when multus failed on something else', () => {
    const d = diagnoseVm(
      starting('vlan10', [
        sandboxEvent(
          `[${NS}/${POD}/uid:vlan10]: error adding container to network "vlan10": failed to create macvlan: device or resource busy`,
        ),
      ]),
    );
    expect(d.rootCause?.ruleId).toBe('net.attach-failed');
    expect(d.rootCause?.summary).toContain('failed to create macvlan: device or resource busy');
    expect(d.findings.map((f) => f.ruleId)).not.toContain('net.nad-missing');
  });

  it('reports a multus error that names none of the VM networks', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting' }), {
      vmi: makeVmi({ phase: 'Scheduled', node: 'w0', created: 9 }),
      pods: [makePod({ name: POD, node: 'w0' })],
      nodes: [makeNode('w0')],
      events: [
        sandboxEvent(
          `[${NS}/${POD}/uid:ovn-kubernetes]: error adding container to network "ovn-kubernetes": failed to configure pod interface: timed out waiting for OVS port binding`,
        ),
      ],
    });
    const d = diagnoseVm(s);
    expect(d.rootCause).toMatchObject({
      category: 'NetworkAttachment',
      ruleId: 'net.attach-failed',
    });
    expect(d.rootCause?.summary).toContain('error adding container to network "ovn-kubernetes"');
  });

  it('ignores sandbox failures of pods that are not the VM launcher', () => {
    const s = makeSnapshot(makeVm({ status: 'Starting' }), {
      vmi: makeVmi({ phase: 'Scheduled', node: 'w0', created: 9 }),
      pods: [makePod({ name: POD, node: 'w0' })],
      nodes: [makeNode('w0')],
      events: [
        makeEvent(
          'Pod',
          'virt-launcher-vm1-old00',
          'FailedCreatePodSandBox',
          sandbox('error adding container to network "ovn-kubernetes": boom'),
        ),
      ],
    });
    expect(diagnoseVm(s).findings.map((f) => f.ruleId)).not.toContain('net.attach-failed');
  });

  // kubelet's Ready condition / NetworkNotReady event when the node's CNI config is gone.
  const NETWORK_DOWN =
    'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: No CNI configuration file in /etc/kubernetes/cni/net.d/. Has your network provider started?';
  const defaultNetworkFails = (nodes = [makeNode('w0')], extra: K8sEvent[] = []) =>
    makeSnapshot(makeVm({ status: 'Starting' }), {
      vmi: makeVmi({ phase: 'Scheduled', node: 'w0', created: 9 }),
      pods: [makePod({ name: POD, node: 'w0' })],
      nodes,
      events: [
        sandboxEvent(
          `[${NS}/${POD}/uid:ovn-kubernetes]: error adding container to network "ovn-kubernetes": CNI request failed with status 400: failed to get pod annotation: timed out waiting for annotations: context deadline exceeded`,
          15,
        ),
        ...extra,
      ],
    });

  it('names the node, not a VM network, when the default network fails on a NotReady node', () => {
    const d = diagnoseVm(
      defaultNetworkFails([
        makeNode('w0', [condition('Ready', 'False', 'KubeletNotReady', NETWORK_DOWN)]),
      ]),
    );
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'node.not-ready' });
    expect(d.rootCause?.summary).toContain('reason:NetworkPluginNotReady');
    expect(d.findings.map((f) => f.ruleId)).not.toContain('net.attach-failed');
  });

  it("names the node's network when the kubelet reports it down before the node turns NotReady", () => {
    const d = diagnoseVm(
      defaultNetworkFails(undefined, [
        makeEvent('Pod', POD, 'NetworkNotReady', `network is not ready: ${NETWORK_DOWN}`, {
          count: 30,
        }),
      ]),
    );
    expect(d.rootCause).toMatchObject({
      category: 'NodeProblem',
      ruleId: 'node.network-not-ready',
    });
    expect(d.rootCause?.summary).toContain('node "w0"');
    expect(d.findings.map((f) => f.ruleId)).not.toContain('event.unrecognized-warning');
  });

  it("names an OVN-Kubernetes NAD whose netAttachDefName is another namespace's", () => {
    const copied = nad('dmz', NS, {
      cniVersion: '0.3.1',
      name: 'dmz',
      type: 'ovn-k8s-cni-overlay',
      topology: 'localnet',
      netAttachDefName: 'prod/dmz',
    });
    const d = diagnoseVm(
      starting(
        'dmz',
        [
          sandboxEvent(
            'failed to get pod annotation: timed out waiting for annotations: context deadline exceeded',
          ),
        ],
        { nads: [copied] },
      ),
    );
    expect(d.rootCause?.ruleId).toBe('net.nad-invalid');
    expect(d.rootCause?.summary).toContain(
      `netAttachDefName "prod/dmz" is not the NAD's own name "${NS}/dmz"`,
    );
    const fixed = {
      ...copied,
      spec: { config: copied.spec!.config!.replace('prod/dmz', `${NS}/dmz`) },
    };
    expect(diagnoseVm(starting('dmz', [], { nads: [fixed] })).rootCause?.ruleId).not.toBe(
      'net.nad-invalid',
    );
  });
});
