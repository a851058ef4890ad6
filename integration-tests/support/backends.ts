/**
 * What every local stack runs behind its console: the Kubernetes API simulator with the demo
 * cluster, cnv-mcp-server over Streamable HTTP, the real kubernetes-mcp-server as
 * openshift-mcp-server (when its npm binary is installed), and the OLS dev server with both
 * registered.
 * Shared by the local console shell (`npm start`, browser tests) and the real-console stack.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { startOlsDevServer, type OlsDevServer } from '../ols-dev-server';
import {
  findOpenshiftMcpBinary,
  freePort,
  OPENSHIFT_MCP_SERVER_NAME,
  startOpenshiftMcpServer,
} from './openshiftMcpServer';
import { assertPortFree, PartStarter, spawnPart } from './stackParts';

export const ROOT = path.resolve(__dirname, '../..');
export const MCP_BIN = path.join(ROOT, 'mcp-server/dist/cnv-mcp-server.js');
export const PLUGIN_DIST = path.join(ROOT, 'dist');

/**
 * Demo users bound to the operator's ClusterRole `lightspeed-operator-query-access` (get on
 * nonResourceURL /ols-access), which OLS checks on every query: admin and bob may use Lightspeed;
 * alice may not, so every protected OLS route answers her 403 "Forbidden: User does not have access"
 * (what a user without the binding meets on a real cluster). Change it at run time with
 * `ols.setMode({ olsAccess: [...] })` or POST /__dev/mode on the OLS dev server ('*' = everyone).
 */
export const OLS_ACCESS_USERS: readonly string[] = ['admin', 'bob'];

export interface BackendPorts {
  kube: number;
  mcp: number;
  ols: number;
  /** kubernetes-mcp-server; 0 or absent: a free port. */
  openshiftMcp?: number;
}

export interface Backends {
  kube: KubeSimulator;
  ols: OlsDevServer;
  mcpUrl: string;
  /** kubernetes-mcp-server's /mcp, or undefined when its binary is not installed. */
  openshiftMcpUrl?: string;
  /** Parts started so far; the caller adds its own and stops them all together. */
  parts: PartStarter;
}

export const requireBuilds = (): void => {
  for (const [what, file] of [
    ['plugin build', path.join(PLUGIN_DIST, 'plugin-manifest.json')],
    ['cnv-mcp-server build', MCP_BIN],
  ]) {
    if (!existsSync(file))
      throw new Error(`${what} missing (${file}): run \`npm run build\` first`);
  }
};

export const startBackends = async (
  ports: BackendPorts,
  options: {
    objects?: Iterable<Record<string, unknown>>;
    log?: (line: string) => void;
    /** false: do not start kubernetes-mcp-server even when it is installed. */
    openshiftMcp?: boolean;
  } = {},
): Promise<Backends> => {
  const log = options.log ?? (() => undefined);
  requireBuilds();
  const parts = new PartStarter();
  const tokens = Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant]));

  const kube = await parts.start('Kubernetes API simulator', async () => {
    await assertPortFree(ports.kube);
    const sim = await startKubeSimulator({
      port: ports.kube,
      objects: (options.objects ?? buildDemoCluster()) as ReturnType<typeof buildDemoCluster>,
      tokens,
    });
    return Object.assign(sim, { name: 'Kubernetes API simulator' });
  });
  log(`Kubernetes API simulator  ${kube.url}`);

  const mcpBase = `http://127.0.0.1:${ports.mcp}`;
  await parts.start('cnv-mcp-server', async () => {
    await assertPortFree(ports.mcp);
    return spawnPart(
      'cnv-mcp-server',
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
      { readyUrl: `${mcpBase}/healthz`, log, timeoutMs: 20_000 },
    );
  });
  log(`cnv-mcp-server            ${mcpBase}/mcp`);

  const binary = options.openshiftMcp === false ? undefined : findOpenshiftMcpBinary(ROOT);
  let openshiftMcpUrl: string | undefined;
  if (binary) {
    const part = await parts.start(OPENSHIFT_MCP_SERVER_NAME, async () => {
      const port = ports.openshiftMcp || (await freePort());
      await assertPortFree(port);
      // No credentials of its own: every call runs with the token OLS forwards.
      return startOpenshiftMcpServer(binary, { port, kubeconfig: kube.kubeconfigFor(null), log });
    });
    openshiftMcpUrl = part.url;
    log(`openshift-mcp-server      ${openshiftMcpUrl} (kubernetes-mcp-server: core, kubevirt)`);
  } else {
    log(
      options.openshiftMcp === false
        ? 'openshift-mcp-server      off'
        : 'openshift-mcp-server      not installed (npm package kubernetes-mcp-server): running without it',
    );
  }

  const ols = await parts.start('OLS dev server', async () => {
    await assertPortFree(ports.ols);
    const server = await startOlsDevServer({
      port: ports.ols,
      mcpUrl: `${mcpBase}/mcp`,
      peerMcpServers: openshiftMcpUrl
        ? [{ name: OPENSHIFT_MCP_SERVER_NAME, url: openshiftMcpUrl }]
        : [],
      users: DEMO_USERS.map(({ name, token }) => ({ token, username: name })),
      mode: { olsAccess: [...OLS_ACCESS_USERS] },
    });
    return Object.assign(server, { name: 'OLS dev server' });
  });
  log(`OLS dev server (no LLM)   ${ols.url}`);

  return { kube, ols, mcpUrl: `${mcpBase}/mcp`, openshiftMcpUrl, parts };
};

/**
 * The `ai` part of plugin-config.json as the chart renders it for these backends: cnv-mcp-server,
 * and openshift-mcp-server (lifecycle tools allowed) when the stack runs it.
 */
export const pluginAiConfig = (backends: Pick<Backends, 'openshiftMcpUrl'>, enabled = true) => ({
  enabled,
  mcpServerName: 'cnv-mcp-server',
  ...(backends.openshiftMcpUrl
    ? { openshiftMcpServer: { name: OPENSHIFT_MCP_SERVER_NAME, lifecycle: true } }
    : {}),
});
