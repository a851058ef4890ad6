/**
 * search_virtual_machines over 50,000 VMs in 1,000 namespaces (and 10,000 in 200 for the RSS
 * growth), through a real MCP client over Streamable HTTP to the built server run with the chart's
 * 128 MiB heap cap, against a raw client-node list of the same VMs in the same run. Time ratio =
 * median over repetitions of (tool call ms / baseline list ms). Heap: the server's own
 * nodejs_heap_size_used_bytes from /metrics, sampled during the calls.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { buildLargeCluster } from '../integration-tests/fixtures/demo-cluster';
import { startKubeSimulator } from '../integration-tests/kube-simulator';
import { connectClient, startMcpServer } from './lib/mcpServer';
import { peakRssDuring, readMemoryMiB } from './lib/processMemory';
import { report, writeResult } from './lib/results';
import { median, round } from './lib/stats';

const FLEETS = [
  { vms: 10_000, namespaces: 200, repetitions: 3 },
  { vms: 50_000, namespaces: 1_000, repetitions: 5 },
] as const;
const HEAP_CAP_MIB = 128;
const HEALTH_QUERY = 'vms with errors';
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

/** The server's V8 heap in use (prom-client default metric), MiB; undefined if not exposed. */
const readHeapMiB = async (metricsUrl: string): Promise<number | undefined> => {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+]+)/m.exec(text);
    return match ? Number(match[1]) / (1024 * 1024) : undefined;
  } catch {
    return undefined;
  }
};

/** Highest heap-in-use sample while `operation` runs (every 25 ms, plus one at the end). */
const peakHeapDuring = async <T>(metricsUrl: string, operation: () => Promise<T>) => {
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, (await readHeapMiB(metricsUrl)) ?? 0);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  try {
    return { result: await operation(), peakHeapMiB: peak };
  } finally {
    sampling = false;
    await sampler;
    peak = Math.max(peak, (await readHeapMiB(metricsUrl)) ?? 0);
  }
};

export const runSearchBench = async () => {
  const fleets = [];
  for (const fleet of FLEETS)
    fleets.push(await runFleet(fleet.vms, fleet.namespaces, fleet.repetitions));
  const [small, large] = fleets;
  const result = {
    ...large,
    rssAt10kMiB: small.toolPeakRssMiB,
    rssAt50kMiB: large.toolPeakRssMiB,
    rssGrowth10kTo50kMiB: round(large.toolPeakRssMiB - small.toolPeakRssMiB),
    heapCapMiB: HEAP_CAP_MIB,
    oom: fleets.some((f) => f.oom),
    fleets,
  };
  report(
    'search',
    `RSS 10k ${result.rssAt10kMiB} MiB -> 50k ${result.rssAt50kMiB} MiB (growth ${result.rssGrowth10kTo50kMiB} MiB)`,
    `heap cap ${HEAP_CAP_MIB} MiB; ${result.oom ? 'OOM' : 'no OOM'}`,
  );
  report(
    'search',
    `"${HEALTH_QUERY}" at 50k (every VMI read): ${large.healthQuery.ms} ms, heap ${large.healthQuery.peakHeapMiB} MiB`,
    `peak RSS ${large.healthQuery.peakRssMiB} MiB; heap cap ${HEAP_CAP_MIB} MiB`,
  );
  writeResult('search', result);
  return result;
};

const runFleet = async (VMS: number, NAMESPACES: number, REPETITIONS: number) => {
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
  const metricsUrl = server.url.replace(/\/mcp$/, '/metrics');
  const client = await connectClient(server.url, TOKEN);
  try {
    const callSearch = async (query = 'running vms') => {
      const start = performance.now();
      const result = await client.callTool(
        { name: 'search_virtual_machines', arguments: { query, limit: 50 } },
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
      toolPeakHeapMiB: number;
      toolDeltaMiB: number;
      baselinePeakMiB: number;
      baselineDeltaMiB: number;
      total?: number;
      listed: number;
    }[] = [];
    for (let i = 0; i < REPETITIONS; i += 1) {
      const tool = await peakRssDuring(server.pid, () =>
        peakHeapDuring(metricsUrl, () => callSearch()),
      );
      const base = await peakRssDuring(baseline.pid, () => baseline.run(kubeconfig));
      runs.push({
        toolMs: round(tool.result.result.ms),
        baselineMs: round(base.result.ms),
        ratio: round(tool.result.result.ms / base.result.ms, 2),
        toolPeakHeapMiB: round(tool.result.peakHeapMiB),
        toolPeakMiB: round(tool.peakMiB),
        toolDeltaMiB: round(tool.peakMiB - tool.beforeMiB),
        baselinePeakMiB: round(base.peakMiB),
        baselineDeltaMiB: round(base.peakMiB - base.beforeMiB),
        total: tool.result.result.total,
        listed: base.result.count,
      });
    }
    // A query whose matching needs every VMI (health verdicts): the VMIs stream first into a
    // compact projection; one call, for its memory (and time), after the timed repetitions.
    const health = await peakRssDuring(server.pid, () =>
      peakHeapDuring(metricsUrl, () => callSearch(HEALTH_QUERY)),
    );
    const healthQuery = {
      query: HEALTH_QUERY,
      ms: round(health.result.result.ms),
      total: health.result.result.total,
      peakRssMiB: round(health.peakMiB),
      peakHeapMiB: round(health.result.peakHeapMiB),
    };
    const result = {
      vms: VMS,
      healthQuery,
      namespaces: NAMESPACES,
      repetitions: REPETITIONS,
      ratio: median(runs.map((r) => r.ratio)),
      toolMs: median(runs.map((r) => r.toolMs)),
      baselineMs: median(runs.map((r) => r.baselineMs)),
      toolPeakRssMiB: Math.max(...runs.map((r) => r.toolPeakMiB)),
      toolPeakHeapMiB: Math.max(...runs.map((r) => r.toolPeakHeapMiB)),
      /** VmHWM of the server process over its whole life (start, warm-up and every call). */
      toolRssHighWaterMiB: round(readMemoryMiB(server.pid, 'VmHWM')),
      oom: server.exited(),
      baselinePeakRssMiB: Math.max(...runs.map((r) => r.baselinePeakMiB)),
      memoryDeltaRatio: round(
        median(runs.map((r) => r.toolDeltaMiB)) /
          Math.max(1, median(runs.map((r) => r.baselineDeltaMiB))),
        2,
      ),
      target: { ratio: 1.2, heapMiB: HEAP_CAP_MIB },
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
      `baseline list ${result.baselineMs} ms; target <= 1.2x`,
    );
    report(
      'search',
      `API requests per call: ${requestsPerCall.map((r) => `${r.count} ${r.resource}`).join(', ')}`,
      `baseline: ${Math.ceil(VMS / PAGE_SIZE)} virtualmachines pages`,
    );
    report(
      'search',
      `tool server peak RSS ${result.toolPeakRssMiB} MiB, heap ${result.toolPeakHeapMiB} MiB`,
      `baseline process peak ${result.baselinePeakRssMiB} MiB`,
    );
    return result;
  } finally {
    await client.close();
    baseline.stop();
    await server.stop();
    await sim.stop();
  }
};
