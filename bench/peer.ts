/**
 * Our server against the peer kubernetes-mcp-server (the chart's openshift-mcp-server), both over
 * Streamable HTTP with the same bearer token against one simulator holding the same objects (demo
 * cluster + the diagnose part's 4-volume, 2-network VM), cache off on our side:
 * - the peer's vm_troubleshoot vs our diagnose_vm_error on the same VMs (median/p95 ms, ratio);
 * - the peer's resources_list of VirtualMachines in one namespace vs our search_virtual_machines of
 *   that namespace: answer size (the text the model reads, and the whole result).
 * Without the peer binary (another platform, `npm ci --omit=optional`) the part is skipped.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { buildDemoCluster } from '../integration-tests/fixtures/demo-cluster';
import { startKubeSimulator } from '../integration-tests/kube-simulator';
import {
  findOpenshiftMcpBinary,
  freePort,
  startOpenshiftMcpServer,
} from '../integration-tests/support/openshiftMcpServer';
import { diagnoseTarget } from './diagnose';
import { connectClient, startMcpServer } from './lib/mcpServer';
import { report, ROOT, writeResult } from './lib/results';
import { median, percentile, round } from './lib/stats';

const TOKEN = 'bench-peer-token';
const REPETITIONS = 5;
/** Different states: the diagnose part's VM, running, starting, DataVolume error, provisioning, stopped. */
const VMS = [
  { namespace: 'bench-diagnose', name: 'db-4vol-2net' },
  { namespace: 'vm-prod', name: 'rhel9-db-primary' },
  { namespace: 'diag-crashloop-oom', name: 'memcache-cluster-2' },
  { namespace: 'diag-dv-checksum', name: 'sles15-appliance' },
  { namespace: 'diag-bootsource-missing', name: 'win-desktop' },
  { namespace: 'vm-dev', name: 'fedora-ci-runner-2' },
];
/** The demo namespace with the most VMs. */
const LIST_NAMESPACE = 'vm-prod';

interface ToolResult {
  content?: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

const call = async (client: Client, name: string, args: Record<string, unknown>) => {
  const start = performance.now();
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  const ms = performance.now() - start;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return { ms, result };
};

/** UTF-8 bytes of the text content (what a model is given) and of the whole result JSON. */
const answerBytes = (result: ToolResult) => ({
  textBytes: Buffer.byteLength(
    (result.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : '')).join(''),
  ),
  resultBytes: Buffer.byteLength(JSON.stringify(result)),
});

const stats = (values: readonly number[]) => ({
  medianMs: round(median(values)),
  p95Ms: round(percentile(values, 95)),
});

export const runPeerBench = async () => {
  const binary = findOpenshiftMcpBinary(ROOT);
  if (!binary) {
    const skipped = { skipped: 'peer not installed' };
    report('peer', 'kubernetes-mcp-server binary not installed', 'skipped');
    writeResult('peer', skipped);
    return skipped;
  }
  const now = Date.now();
  const sim = await startKubeSimulator({
    tokens: { [TOKEN]: { user: 'bench-admin', namespaces: '*' } },
    objects: [...buildDemoCluster({ now }), ...diagnoseTarget(now).objects],
  });
  // Neither kubeconfig carries credentials: both servers act with the caller's bearer token.
  const ours = await startMcpServer(sim.kubeconfigFor(null), [
    '--cache-ttl-seconds',
    '0',
    '--rate-limit',
    '100000/min',
  ]);
  const peer = await startOpenshiftMcpServer(binary, {
    port: await freePort(),
    kubeconfig: sim.kubeconfigFor(null),
    allowLifecycle: false,
  });
  const ourClient = await connectClient(ours.url, TOKEN);
  const peerClient = await connectClient(peer.url, TOKEN);
  const diagnose = (vm: (typeof VMS)[number]) => call(ourClient, 'diagnose_vm_error', vm);
  const troubleshoot = (vm: (typeof VMS)[number]) => call(peerClient, 'vm_troubleshoot', vm);
  try {
    // Warm-up: JIT, connections, the peer's API discovery.
    for (const vm of VMS) {
      await diagnose(vm);
      await troubleshoot(vm);
    }
    const perVm = [];
    const diagnoseMs: number[] = [];
    const troubleshootMs: number[] = [];
    for (const vm of VMS) {
      sim.resetRequestLog();
      const ourAnswer = await diagnose(vm);
      const ourRequests = sim.requests.length;
      sim.resetRequestLog();
      const peerAnswer = await troubleshoot(vm);
      const peerRequests = sim.requests.length;
      const oursMs = [ourAnswer.ms];
      const theirsMs = [peerAnswer.ms];
      for (let i = 1; i < REPETITIONS; i += 1) {
        oursMs.push((await diagnose(vm)).ms);
        theirsMs.push((await troubleshoot(vm)).ms);
      }
      diagnoseMs.push(...oursMs);
      troubleshootMs.push(...theirsMs);
      perVm.push({
        vm: `${vm.namespace}/${vm.name}`,
        diagnoseMedianMs: round(median(oursMs)),
        troubleshootMedianMs: round(median(theirsMs)),
        diagnoseRequests: ourRequests,
        troubleshootRequests: peerRequests,
        diagnoseTextBytes: answerBytes(ourAnswer.result).textBytes,
        troubleshootTextBytes: answerBytes(peerAnswer.result).textBytes,
      });
    }
    const ourStats = stats(diagnoseMs);
    const peerStats = stats(troubleshootMs);

    const listed = await call(peerClient, 'resources_list', {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      namespace: LIST_NAMESPACE,
    });
    const searched = await call(ourClient, 'search_virtual_machines', {
      namespaces: [LIST_NAMESPACE],
      limit: 500,
    });
    const listBytes = answerBytes(listed.result);
    const searchBytes = answerBytes(searched.result);
    const listVms = (listed.result.structuredContent as { items?: unknown[] } | undefined)?.items
      ?.length;
    const searchVms = (searched.result.structuredContent as { total?: number } | undefined)?.total;

    const result = {
      vms: VMS.length,
      repetitions: REPETITIONS,
      diagnoseMedianMs: ourStats.medianMs,
      diagnoseP95Ms: ourStats.p95Ms,
      troubleshootMedianMs: peerStats.medianMs,
      troubleshootP95Ms: peerStats.p95Ms,
      diagnoseRatioVsPeer: round(ourStats.medianMs / peerStats.medianMs, 2),
      diagnoseRequestsMedian: median(perVm.map((v) => v.diagnoseRequests)),
      troubleshootRequestsMedian: median(perVm.map((v) => v.troubleshootRequests)),
      listNamespace: LIST_NAMESPACE,
      listVms,
      searchVms,
      listTextBytes: listBytes.textBytes,
      listResultBytes: listBytes.resultBytes,
      searchTextBytes: searchBytes.textBytes,
      searchResultBytes: searchBytes.resultBytes,
      bytesRatioVsPeer: round(searchBytes.textBytes / listBytes.textBytes, 2),
      resultBytesRatioVsPeer: round(searchBytes.resultBytes / listBytes.resultBytes, 2),
      listMs: round(listed.ms),
      searchMs: round(searched.ms),
      peer: binary.split('/').pop(),
      method:
        `MCP callTool over Streamable HTTP to each server, same token and simulator; ${REPETITIONS} calls ` +
        'per VM and tool, interleaved, after one warm-up call each; requests = simulator request log of ' +
        'one call; text bytes = UTF-8 of the text content, result bytes = the whole tool result JSON',
      perVm,
    };
    report(
      'peer',
      `diagnose_vm_error median ${result.diagnoseMedianMs} ms, p95 ${result.diagnoseP95Ms} ms`,
      `vm_troubleshoot median ${result.troubleshootMedianMs} ms, p95 ${result.troubleshootP95Ms} ms; ratio ${result.diagnoseRatioVsPeer}x`,
    );
    report(
      'peer',
      `search_virtual_machines ${LIST_NAMESPACE}: ${result.searchTextBytes} B text (${searchVms} VMs)`,
      `resources_list ${result.listTextBytes} B text (${listVms} VMs); ratio ${result.bytesRatioVsPeer}x`,
    );
    writeResult('peer', result);
    return result;
  } finally {
    await peerClient.close();
    await ourClient.close();
    await peer.stop();
    await ours.stop();
    await sim.stop();
  }
};
