/**
 * 100 concurrent MCP sessions over Streamable HTTP, 20 calls each (a mix of all six tools), three
 * rounds: errors, p50/p95 call latency, server RSS before and after each round.
 * Sessions use the three demo users' tokens round-robin; the per-token rate limit is raised with
 * `--rate-limit 100000/min` (the default 120/min would, correctly, throttle 700 calls per token).
 * The result cache keeps its default TTL, as in production.
 */
import { DEMO_USERS, DEMO_VMS, buildDemoCluster } from '../integration-tests/fixtures/demo-cluster';
import { startKubeSimulator } from '../integration-tests/kube-simulator';
import { connectClient, startMcpServer } from './lib/mcpServer';
import { readMemoryMiB } from './lib/processMemory';
import { report, writeResult } from './lib/results';
import { percentile, round } from './lib/stats';

const SESSIONS = 100;
const CALLS_PER_SESSION = 20;
const ROUNDS = 3;
const RATE_LIMIT = '100000/min';
const SEARCHES = [
  'running vms',
  'vms with errors',
  'windows',
  'stopped in vm-dev',
  'labeled app=db',
  'rhel 9',
];

type Call = { name: string; arguments: Record<string, unknown> };

/** The calls of one session: searches and per-VM tools over VMs the user may read. */
const callsFor = (session: number, namespaces: string[] | '*'): Call[] => {
  const vms = DEMO_VMS.filter((vm) => namespaces === '*' || namespaces.includes(vm.namespace));
  const perVmTools = [
    'diagnose_vm_error',
    'explain_vm_status',
    'check_vm_dependencies',
    'get_vm_events',
    'suggest_vm_fix',
  ];
  return Array.from({ length: CALLS_PER_SESSION }, (_, i) => {
    const k = session * CALLS_PER_SESSION + i;
    if (k % 4 === 0 || vms.length === 0) {
      return {
        name: 'search_virtual_machines',
        arguments: { query: SEARCHES[k % SEARCHES.length] },
      };
    }
    const vm = vms[k % vms.length];
    return {
      name: perVmTools[k % perVmTools.length],
      arguments: { namespace: vm.namespace, name: vm.name },
    };
  });
};

/** V8 heap in use, from the server's Prometheus metrics (retained memory, unlike RSS). */
const heapUsedMiB = async (mcpUrl: string): Promise<number | undefined> => {
  try {
    const text = await (await fetch(mcpUrl.replace(/\/mcp$/, '/metrics'))).text();
    const match = /^nodejs_heap_size_used_bytes\s+([\d.e+]+)/m.exec(text);
    return match ? round(Number(match[1]) / 1024 ** 2) : undefined;
  } catch {
    return undefined;
  }
};

interface RoundResult {
  round: number;
  calls: number;
  errors: number;
  errorSamples: string[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  wallMs: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  heapUsedAfterMiB?: number;
}

const runRound = async (url: string, pid: number, roundNo: number): Promise<RoundResult> => {
  const rssBeforeMiB = readMemoryMiB(pid);
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: SESSIONS }, async (_, session) => {
      const user = DEMO_USERS[session % DEMO_USERS.length];
      let client;
      try {
        client = await connectClient(url, user.token);
      } catch (error) {
        errors += CALLS_PER_SESSION;
        errorSamples.push(`connect: ${String(error)}`);
        return;
      }
      for (const call of callsFor(session, user.grant.namespaces)) {
        const t0 = performance.now();
        try {
          const result = await client.callTool(call, undefined, { timeout: 60_000 });
          if (result.isError) {
            errors += 1;
            errorSamples.push(
              `${call.name} as ${user.name}: ${JSON.stringify(result.content).slice(0, 200)}`,
            );
          }
        } catch (error) {
          errors += 1;
          errorSamples.push(`${call.name} as ${user.name}: ${String(error).slice(0, 200)}`);
        }
        latencies.push(performance.now() - t0);
      }
      await client.close();
    }),
  );
  const wallMs = performance.now() - start;
  await new Promise((r) => setTimeout(r, 1000)); // let the server settle before reading RSS
  return {
    round: roundNo,
    calls: latencies.length,
    errors,
    errorSamples: errorSamples.slice(0, 10),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
    wallMs: round(wallMs),
    rssBeforeMiB: round(rssBeforeMiB),
    rssAfterMiB: round(readMemoryMiB(pid)),
    heapUsedAfterMiB: await heapUsedMiB(url),
  };
};

export const runLoadBench = async () => {
  console.log(
    `load: ${SESSIONS} concurrent sessions x ${CALLS_PER_SESSION} calls, ${ROUNDS} rounds`,
  );
  const sim = await startKubeSimulator({
    tokens: Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant])),
    objects: buildDemoCluster(),
  });
  const server = await startMcpServer(sim.kubeconfigFor(null), ['--rate-limit', RATE_LIMIT]);
  try {
    const idleRssMiB = round(readMemoryMiB(server.pid));
    const rounds: RoundResult[] = [];
    for (let i = 1; i <= ROUNDS; i += 1) rounds.push(await runRound(server.url, server.pid, i));
    const result = {
      sessions: SESSIONS,
      callsPerSession: CALLS_PER_SESSION,
      rounds: ROUNDS,
      tokens: DEMO_USERS.map((u) => u.name),
      rateLimit: RATE_LIMIT,
      errors: rounds.reduce((n, r) => n + r.errors, 0),
      p50Ms: Math.max(...rounds.map((r) => r.p50Ms)),
      p95Ms: Math.max(...rounds.map((r) => r.p95Ms)),
      idleRssMiB,
      rssMiB: Math.max(...rounds.map((r) => r.rssAfterMiB)),
      rssGrowthMiB: round(rounds[ROUNDS - 1].rssAfterMiB - rounds[0].rssAfterMiB),
      heapUsedAfterRoundsMiB: rounds.map((r) => r.heapUsedAfterMiB),
      target: { errors: 0, rssMiB: 256 },
      perRound: rounds,
    };
    for (const r of rounds) {
      report(
        'load',
        `round ${r.round}: ${r.calls} calls, ${r.errors} errors, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms`,
        `RSS ${r.rssBeforeMiB} -> ${r.rssAfterMiB} MiB, heap used ${r.heapUsedAfterMiB ?? '?'} MiB`,
      );
    }
    report(
      'load',
      `errors ${result.errors}, peak RSS ${result.rssMiB} MiB`,
      `idle ${idleRssMiB} MiB; target 0 errors, <= 256 MiB, no growth`,
    );
    report(
      'load',
      `RSS growth round 1 -> ${ROUNDS}: ${result.rssGrowthMiB} MiB`,
      `rate limit ${RATE_LIMIT} per token, 3 tokens`,
    );
    writeResult('load', result);
    return result;
  } finally {
    await server.stop();
    await sim.stop();
  }
};
