/**
 * diagnose_vm_error for a VM with 4 volumes and 2 secondary networks, cache off: Kubernetes
 * requests and sequential rounds from the simulator's request log, and with 50 ms injected latency
 * the call's median and p95 time against the least its rounds can cost (rounds × latency + one raw
 * GET without latency) and as a multiple of one round trip (one GET measured the same way).
 */
import { Agent, request } from 'node:https';
import { buildDemoCluster } from '../integration-tests/fixtures/demo-cluster';
import { networkAttachmentDefinition } from '../integration-tests/fixtures/demo-cluster/infrastructure';
import { buildVm } from '../integration-tests/fixtures/demo-cluster/vmFactory';
import { startKubeSimulator, type KubeSimulator } from '../integration-tests/kube-simulator';
import { connectClient, startMcpServer } from './lib/mcpServer';
import { report, writeResult } from './lib/results';
import { countRounds } from './lib/rounds';
import { median, percentile, round } from './lib/stats';

const TOKEN = 'bench-admin-token';
const NAMESPACE = 'bench-diagnose';
const VM_NAME = 'db-4vol-2net';
const LATENCY_MS = 50;
/** Enough calls for a p95 that is not simply the slowest of a handful. */
const REPETITIONS = 20;
/** Issue #15: at most 13 Kubernetes requests in at most 3 sequential rounds. */
const BUDGET = { requests: 13, rounds: 3 };

/** The VM under test: root disk + 2 data disks + cloud-init Secret = 4 volumes, 2 NADs. */
export const diagnoseTarget = (now: number) => {
  const built = buildVm(
    {
      namespace: NAMESPACE,
      name: VM_NAME,
      os: 'rhel9',
      node: 'worker-1',
      cpu: 4,
      memory: '8Gi',
      ageMinutes: 600,
      dataDisks: ['data-a', 'data-b'],
      networks: ['storage-net', 'backup-net'],
      cloudInitSecret: true,
    },
    now,
    0,
  );
  const vm = built.objects.find((o) => o.kind === 'VirtualMachine') as unknown as {
    spec: { template: { spec: { volumes: unknown[]; networks: { multus?: unknown }[] } } };
  };
  return {
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: NAMESPACE,
          uid: 'ns-bench-diagnose',
          creationTimestamp: new Date(now).toISOString(),
        },
      },
      networkAttachmentDefinition(NAMESPACE, 'storage-net', now, { type: 'bridge', bridge: 'br1' }),
      networkAttachmentDefinition(NAMESPACE, 'backup-net', now, { type: 'bridge', bridge: 'br2' }),
      ...built.objects,
    ],
    volumes: vm.spec.template.spec.volumes.length,
    secondaryNetworks: vm.spec.template.spec.networks.filter((n) => n.multus).length,
  };
};

/** One raw GET through the simulator (same TLS, same injected latency): the unit round trip. */
const timeOneGet = (sim: KubeSimulator, agent: Agent): Promise<number> =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(
      `${sim.url}/apis/kubevirt.io/v1/namespaces/${NAMESPACE}/virtualmachines/${VM_NAME}`,
      { headers: { Authorization: `Bearer ${TOKEN}` }, ca: sim.caPem, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - start));
      },
    );
    req.on('error', reject);
    req.end();
  });

export const runDiagnoseBench = async () => {
  const now = Date.now();
  const target = diagnoseTarget(now);
  console.log(
    `diagnose: VM with ${target.volumes} volumes and ${target.secondaryNetworks} secondary networks`,
  );
  const sim = await startKubeSimulator({
    tokens: { [TOKEN]: { user: 'bench-admin', namespaces: '*' } },
    objects: [...buildDemoCluster({ now }), ...target.objects],
  });
  const server = await startMcpServer(sim.kubeconfigFor(null), ['--cache-ttl-seconds', '0']);
  const client = await connectClient(server.url, TOKEN);
  const agent = new Agent({ keepAlive: true, ca: sim.caPem });
  const diagnose = async () => {
    const start = performance.now();
    const result = await client.callTool({
      name: 'diagnose_vm_error',
      arguments: { namespace: NAMESPACE, name: VM_NAME },
    });
    if (result.isError) throw new Error(`diagnose failed: ${JSON.stringify(result.content)}`);
    return { ms: performance.now() - start, result };
  };
  try {
    await diagnose(); // warm-up (connections, JIT)
    sim.resetRequestLog();
    const cold = await diagnose();
    const log = sim.requests.map((r) => ({
      method: r.method,
      path: r.path,
      start: r.start,
      end: r.end,
      status: r.status,
    }));
    const requests = log.length;
    // Without latency the simulator answers faster than the server issues the next request, so
    // parallel requests rarely overlap; rounds are counted under the 50 ms latency below.
    const roundsWithoutLatency = countRounds(log);

    // The raw GET: the simulator's own service time for one request, no latency injected.
    await timeOneGet(sim, agent); // open the keep-alive connection
    const rawGets: number[] = [];
    for (let i = 0; i < REPETITIONS; i += 1) rawGets.push(await timeOneGet(sim, agent));
    const rawGetMs = median(rawGets);

    sim.setLatency(LATENCY_MS);
    const roundTrips: number[] = [];
    const totals: number[] = [];
    const latencyRounds: number[] = [];
    for (let i = 0; i < REPETITIONS; i += 1) {
      roundTrips.push(await timeOneGet(sim, agent));
      sim.resetRequestLog();
      totals.push((await diagnose()).ms);
      latencyRounds.push(countRounds(sim.requests));
    }
    const roundTripMs = median(roundTrips);
    const totalMs = median(totals);
    const p95Ms = percentile(totals, 95);
    const rounds = median(latencyRounds);
    // The least a call with these rounds can take: each round waits the latency once, plus at
    // least one request's service time.
    const roundTripsSumMs = rounds * LATENCY_MS + rawGetMs;
    const withinBudget = requests <= BUDGET.requests && rounds <= BUDGET.rounds;
    const structured = cold.result.structuredContent as
      { rootCause?: unknown; healthy?: boolean } | undefined;
    const result = {
      vm: `${NAMESPACE}/${VM_NAME}`,
      volumes: target.volumes,
      secondaryNetworks: target.secondaryNetworks,
      requests,
      rounds,
      roundsWithoutLatency,
      coldCallMs: round(cold.ms),
      latencyMs: LATENCY_MS,
      roundTripMs: round(roundTripMs),
      totalMsWithLatency: round(totalMs),
      p95MsWithLatency: round(p95Ms),
      rawGetMs: round(rawGetMs, 2),
      roundTripsSumMs: round(roundTripsSumMs),
      ratioVsRoundTrips: round(totalMs / roundTripsSumMs, 2),
      p95RatioVsRoundTrips: round(p95Ms / roundTripsSumMs, 2),
      roundTripMultiple: round(totalMs / roundTripMs, 2),
      withinBudget,
      healthy: structured?.healthy,
      target: BUDGET,
      repetitions: REPETITIONS,
      roundsMethod: `overlapping request intervals merged, with ${LATENCY_MS} ms injected latency, median of ${REPETITIONS}`,
      ratioMethod: `call time / (rounds x ${LATENCY_MS} ms + median raw GET without latency)`,
      requestLog: log.map((r) => ({
        ...r,
        start: round(r.start - log[0].start),
        end: round(r.end - log[0].start),
      })),
    };
    report(
      'diagnose',
      `${requests} Kubernetes requests in ${rounds} rounds (at ${LATENCY_MS} ms latency)`,
      `budget <= ${BUDGET.requests} requests, <= ${BUDGET.rounds} rounds: ${withinBudget ? 'within' : 'OVER'}`,
    );
    report(
      'diagnose',
      `with ${LATENCY_MS} ms latency: median ${result.totalMsWithLatency} ms, p95 ${result.p95MsWithLatency} ms`,
      `rounds x latency + raw GET = ${result.roundTripsSumMs} ms: ratio ${result.ratioVsRoundTrips}x (p95 ${result.p95RatioVsRoundTrips}x)`,
    );
    report(
      'diagnose',
      `= ${result.roundTripMultiple}x one round trip`,
      `one GET at ${LATENCY_MS} ms latency: ${result.roundTripMs} ms`,
    );
    writeResult('diagnose', result);
    return result;
  } finally {
    agent.destroy();
    await client.close();
    await server.stop();
    await sim.stop();
  }
};
