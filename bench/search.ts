/**
 * search_virtual_machines over 10,000 VMs in 200 namespaces, through a real MCP client over
 * Streamable HTTP to the built server, against a raw client-node list of the same VMs in the same
 * run. Time ratio = median over repetitions of (tool call ms / baseline list ms).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { buildLargeCluster } from '../integration-tests/fixtures/demo-cluster';
import { startKubeSimulator } from '../integration-tests/kube-simulator';
import { connectClient, startMcpServer } from './lib/mcpServer';
import { peakRssDuring } from './lib/processMemory';
import { report, writeResult } from './lib/results';
import { median, round } from './lib/stats';

const VMS = 10_000;
const NAMESPACES = 200;
const REPETITIONS = 5;
/** The server lists with this page size (mcp-server/src/k8s/rest.ts); the baseline pages the same way. */
const PAGE_SIZE = 500;
const TOKEN = 'bench-admin-token';

interface BaselineRun {
  ms: number;
  count: number;
}

const startBaselineWorker = async () => {
  const child = fork(path.join(__dirname, 'lib/baselineListWorker.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
  });
  const run = (kubeconfig: string) =>
    new Promise<BaselineRun>((resolve, reject) => {
      child.once('message', (m) => resolve(m as BaselineRun));
      child.once('error', reject);
      child.send({ kubeconfig, pageSize: PAGE_SIZE });
    });
  return { pid: child.pid ?? 0, run, stop: () => child.kill('SIGTERM') };
};

export const runSearchBench = async () => {
  console.log(`search: ${VMS} VMs in ${NAMESPACES} namespaces`);
  const sim = await startKubeSimulator({
    tokens: { [TOKEN]: { user: 'bench-admin', namespaces: '*' } },
    objects: buildLargeCluster({ vms: VMS, namespaces: NAMESPACES }),
  });
  const kubeconfig = sim.kubeconfigFor(TOKEN);
  // Cache off: every repetition does the full list, as the baseline does.
  const server = await startMcpServer(sim.kubeconfigFor(null), [
    '--cache-ttl-seconds',
    '0',
    '--rate-limit',
    '100000/min',
  ]);
  const baseline = await startBaselineWorker();
  const client = await connectClient(server.url, TOKEN);
  try {
    const callSearch = async () => {
      const start = performance.now();
      const result = await client.callTool(
        { name: 'search_virtual_machines', arguments: { query: 'running vms', limit: 50 } },
        undefined,
        { timeout: 120_000 },
      );
      const ms = performance.now() - start;
      if (result.isError) throw new Error(`search failed: ${JSON.stringify(result.content)}`);
      return { ms, total: (result.structuredContent as { total?: number } | undefined)?.total };
    };
    // Warm-up of both sides (JIT, TLS session, module loading), not counted.
    await callSearch();
    await baseline.run(kubeconfig);

    // What one tool call asks the API for (the baseline lists VirtualMachines only).
    sim.resetRequestLog();
    await callSearch();
    const requestsPerCall = Object.entries(
      sim.requests.reduce<Record<string, number>>((acc, r) => {
        const resource =
          r.path
            .replace(/\/namespaces\/[^/]+/, '')
            .split('/')
            .pop() ?? r.path;
        acc[resource] = (acc[resource] ?? 0) + 1;
        return acc;
      }, {}),
    ).map(([resource, count]) => ({ resource, count }));

    const runs: {
      toolMs: number;
      baselineMs: number;
      ratio: number;
      toolPeakMiB: number;
      toolDeltaMiB: number;
      baselinePeakMiB: number;
      baselineDeltaMiB: number;
      total?: number;
      listed: number;
    }[] = [];
    for (let i = 0; i < REPETITIONS; i += 1) {
      const tool = await peakRssDuring(server.pid, callSearch);
      const base = await peakRssDuring(baseline.pid, () => baseline.run(kubeconfig));
      runs.push({
        toolMs: round(tool.result.ms),
        baselineMs: round(base.result.ms),
        ratio: round(tool.result.ms / base.result.ms, 2),
        toolPeakMiB: round(tool.peakMiB),
        toolDeltaMiB: round(tool.peakMiB - tool.beforeMiB),
        baselinePeakMiB: round(base.peakMiB),
        baselineDeltaMiB: round(base.peakMiB - base.beforeMiB),
        total: tool.result.total,
        listed: base.result.count,
      });
    }
    const result = {
      vms: VMS,
      namespaces: NAMESPACES,
      repetitions: REPETITIONS,
      ratio: median(runs.map((r) => r.ratio)),
      toolMs: median(runs.map((r) => r.toolMs)),
      baselineMs: median(runs.map((r) => r.baselineMs)),
      toolPeakRssMiB: Math.max(...runs.map((r) => r.toolPeakMiB)),
      baselinePeakRssMiB: Math.max(...runs.map((r) => r.baselinePeakMiB)),
      memoryDeltaRatio: round(
        median(runs.map((r) => r.toolDeltaMiB)) /
          Math.max(1, median(runs.map((r) => r.baselineDeltaMiB))),
        2,
      ),
      target: { ratio: 1.3 },
      requestsPerCall,
      method:
        'median of per-repetition ratios; tool = MCP callTool over Streamable HTTP (cache off) incl. HTTP; ' +
        'baseline = client-node listClusterCustomObject, limit 500 + continue, same simulator, separate process; ' +
        'memory = VmRSS sampled every 5 ms during the call',
      runs,
    };
    report(
      'search',
      `tool median ${result.toolMs} ms, ratio ${result.ratio}x`,
      `baseline list ${result.baselineMs} ms; target <= 1.3x`,
    );
    report(
      'search',
      `API requests per call: ${requestsPerCall.map((r) => `${r.count} ${r.resource}`).join(', ')}`,
      `baseline: ${Math.ceil(VMS / PAGE_SIZE)} virtualmachines pages`,
    );
    report(
      'search',
      `tool server peak RSS ${result.toolPeakRssMiB} MiB`,
      `baseline process peak ${result.baselinePeakRssMiB} MiB`,
    );
    writeResult('search', result);
    return result;
  } finally {
    await client.close();
    baseline.stop();
    await server.stop();
    await sim.stop();
  }
};
