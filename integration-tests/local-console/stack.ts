/**
 * Starts the whole local stack on one machine: Kubernetes API simulator (demo cluster), cnv-mcp-server
 * over Streamable HTTP, the OLS dev server, and the local console. Used by `npm start` and by the
 * browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { startOlsDevServer, type OlsDevServer } from '../ols-dev-server';
import { buildShell } from './buildShell';
import { startLocalConsole, type LocalConsole } from './server';

export const ROOT = path.resolve(__dirname, '../..');
export const MCP_BIN = path.join(ROOT, 'mcp-server/dist/cnv-mcp-server.js');
export const PLUGIN_DIST = path.join(ROOT, 'dist');

export interface StackPorts {
  console: number;
  kube: number;
  mcp: number;
  ols: number;
}

export const DEFAULT_PORTS: StackPorts = { console: 9000, kube: 6443, mcp: 8081, ols: 8080 };

export interface Stack {
  console: LocalConsole;
  kube: KubeSimulator;
  ols: OlsDevServer;
  mcpUrl: string;
  stop(): Promise<void>;
}

const waitForHttp = async (url: string, child: ChildProcess, timeoutMs = 20000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`cnv-mcp-server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms`);
};

export interface StackOptions {
  /** Objects of the simulated cluster; default the demo cluster. */
  objects?: Iterable<Record<string, unknown>>;
  log?: (line: string) => void;
}

export const startStack = async (
  ports: StackPorts = DEFAULT_PORTS,
  options: StackOptions = {},
): Promise<Stack> => {
  const log = options.log ?? (() => undefined);
  for (const [what, file] of [
    ['plugin build', path.join(PLUGIN_DIST, 'plugin-manifest.json')],
    ['cnv-mcp-server build', MCP_BIN],
  ]) {
    if (!existsSync(file))
      throw new Error(`${what} missing (${file}): run \`npm run build\` first`);
  }
  const tokens = Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant]));
  const kube = await startKubeSimulator({
    port: ports.kube,
    objects: (options.objects ?? buildDemoCluster()) as ReturnType<typeof buildDemoCluster>,
    tokens,
  });
  log(`Kubernetes API simulator  ${kube.url}`);

  const mcp = spawn(
    process.execPath,
    [
      MCP_BIN,
      '--transport',
      'http',
      '--host',
      '127.0.0.1',
      '--port',
      String(ports.mcp),
      '--kubeconfig',
      kube.kubeconfigFor(null),
    ],
    { stdio: ['ignore', 'inherit', 'pipe'] },
  );
  // Audit lines go to stderr; keep them visible but prefixed.
  mcp.stderr?.on('data', (d: Buffer) => log(`[cnv-mcp-server] ${d.toString().trimEnd()}`));
  const mcpBase = `http://127.0.0.1:${ports.mcp}`;
  await waitForHttp(`${mcpBase}/healthz`, mcp);
  log(`cnv-mcp-server            ${mcpBase}/mcp`);

  const ols = await startOlsDevServer({ port: ports.ols, mcpUrl: `${mcpBase}/mcp` });
  log(`OLS dev server (no LLM)   ${ols.url}`);

  const shellDir = await buildShell();
  const localConsole = await startLocalConsole({
    port: ports.console,
    pluginDist: PLUGIN_DIST,
    shellDir,
    kubeApi: { url: kube.url, caPem: kube.caPem },
    ols,
    users: DEMO_USERS.map(({ name, token, description }) => ({ name, token, description })),
  });

  return {
    console: localConsole,
    kube,
    ols,
    mcpUrl: `${mcpBase}/mcp`,
    stop: async () => {
      await localConsole.stop();
      await ols.stop();
      mcp.kill('SIGTERM');
      await kube.stop();
    },
  };
};
