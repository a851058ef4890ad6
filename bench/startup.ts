/**
 * Start-up over stdio: time from spawn() until the answer to `initialize` arrives on stdout, for our
 * server (its installed bin, as an MCP client would launch it) and for the peer kubernetes-mcp-server
 * (its pinned npm binary, stdio being its default without --port), both pointed at the same
 * simulator. Floor: `node -e 0` from spawn to exit, the cost of starting Node at all. Launches are
 * interleaved (ours, peer, floor) so background load hits all three alike; one warm-up launch each
 * (page cache) is not counted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { startKubeSimulator, type KubeSimulator } from '../integration-tests/kube-simulator';
import {
  findOpenshiftMcpBinary,
  renderOpenshiftMcpConfig,
} from '../integration-tests/support/openshiftMcpServer';
import { stopChild } from '../integration-tests/support/stackParts';
import { report, ROOT, writeResult } from './lib/results';
import { median, percentile, round } from './lib/stats';

const LAUNCHES = 10;
const TOKEN = 'bench-startup-token';
const TIMEOUT_MS = 20_000;
/** The bin npm links for the workspace (mcp-server/package.json "bin"); it requires dist/. */
const CNV_BIN = path.join(ROOT, 'mcp-server/bin/cnv-mcp-server.js');

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'cnv-bench', version: '0.0.0' },
  },
})}\n`;

interface Launch {
  ms: number;
  /** Kubernetes requests the server made before answering initialize. */
  kubeRequests: number;
}

/** Spawns, writes initialize at once (stdin buffers it), resolves on the line answering id 1. */
const timeInitialize = async (
  command: string,
  args: readonly string[],
  sim: KubeSimulator,
): Promise<Launch> => {
  sim.resetRequestLog();
  const start = performance.now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  child.stdin.on('error', () => undefined); // a child that dies early closes the pipe
  child.stdin.write(INITIALIZE);
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(
        () => reject(new Error(`${command}: no initialize answer in ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      );
      child.stdout.on('data', (d: Buffer) => {
        const end = performance.now();
        buffered += d.toString();
        for (const line of buffered.split('\n').slice(0, -1)) {
          try {
            const message = JSON.parse(line) as { id?: unknown; result?: unknown; error?: unknown };
            if (message.id !== 1) continue;
            clearTimeout(timer);
            if (message.result === undefined)
              reject(new Error(`${command}: initialize failed: ${line}`));
            else resolve(end - start);
          } catch {
            // a non-JSON line (a log line on stdout): not the answer
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${command} exited (${code ?? signal}) before answering: ${stderr}`));
      });
      child.once('error', reject);
    });
    return { ms, kubeRequests: sim.requests.length };
  } finally {
    child.stdin.end();
    await stopChild(child);
  }
};

/** `node -e 0` from spawn to exit. */
const timeNodeFloor = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - start));
  });

const summary = (launches: readonly Launch[]) => ({
  medianMs: round(median(launches.map((l) => l.ms))),
  p95Ms: round(
    percentile(
      launches.map((l) => l.ms),
      95,
    ),
  ),
  kubeRequests: median(launches.map((l) => l.kubeRequests)),
  runsMs: launches.map((l) => round(l.ms)),
});

export const runStartupBench = async () => {
  const sim = await startKubeSimulator({
    tokens: { [TOKEN]: { user: 'bench-admin', namespaces: '*' } },
    objects: [],
  });
  const kubeconfig = sim.kubeconfigFor(TOKEN);
  const peerBinary = findOpenshiftMcpBinary(ROOT);
  let peerArgs: string[] = [];
  if (peerBinary) {
    // stdio has no forwarded token: the peer uses the kubeconfig's, as our server does.
    const config = path.join(mkdtempSync(path.join(tmpdir(), 'bench-startup-')), 'config.toml');
    writeFileSync(config, renderOpenshiftMcpConfig({ kubeconfig }), { mode: 0o600 });
    peerArgs = ['--config', config];
  }
  const cnv = () => timeInitialize(process.execPath, [CNV_BIN, '--kubeconfig', kubeconfig], sim);
  const peer = () => timeInitialize(peerBinary as string, peerArgs, sim);
  try {
    await cnv();
    if (peerBinary) await peer();
    await timeNodeFloor();
    const cnvRuns: Launch[] = [];
    const peerRuns: Launch[] = [];
    const floorRuns: number[] = [];
    for (let i = 0; i < LAUNCHES; i += 1) {
      cnvRuns.push(await cnv());
      if (peerBinary) peerRuns.push(await peer());
      floorRuns.push(await timeNodeFloor());
    }
    const ours = summary(cnvRuns);
    const theirs = peerBinary ? summary(peerRuns) : undefined;
    const nodeFloorMs = round(median(floorRuns));
    const result = {
      launches: LAUNCHES,
      cnvMedianMs: ours.medianMs,
      cnvP95Ms: ours.p95Ms,
      peerMedianMs: theirs?.medianMs,
      peerP95Ms: theirs?.p95Ms,
      nodeFloorMs,
      ratioVsPeer: theirs ? round(ours.medianMs / theirs.medianMs, 2) : undefined,
      cnvAboveFloorMs: round(ours.medianMs - nodeFloorMs),
      peer: peerBinary ? path.basename(peerBinary) : 'not installed',
      method:
        'spawn() -> initialize result line on stdout (stdio transport), median/p95 (nearest rank) over ' +
        `${LAUNCHES} interleaved launches after one warm-up each; floor = node -e 0 spawn -> exit`,
      cnv: ours,
      peerRuns: theirs,
      nodeFloorRunsMs: floorRuns.map((ms) => round(ms)),
    };
    report(
      'startup',
      `cnv-mcp-server spawn -> initialize: median ${result.cnvMedianMs} ms, p95 ${result.cnvP95Ms} ms`,
      `node -e 0: ${nodeFloorMs} ms`,
    );
    report(
      'startup',
      theirs
        ? `kubernetes-mcp-server: median ${theirs.medianMs} ms, p95 ${theirs.p95Ms} ms`
        : 'kubernetes-mcp-server: not installed',
      theirs ? `ratio ours/peer ${result.ratioVsPeer}x` : 'no peer ratio',
    );
    writeResult('startup', result);
    return result;
  } finally {
    await sim.stop();
  }
};
