/**
 * What every local stack runs behind its console: the Kubernetes API simulator with the demo
 * cluster, cnv-mcp-server over Streamable HTTP, and the OLS dev server.
 * Shared by the local console shell (`npm start`, browser tests) and the real-console stack.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { startOlsDevServer, type OlsDevServer } from '../ols-dev-server';
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
}

export interface Backends {
  kube: KubeSimulator;
  ols: OlsDevServer;
  mcpUrl: string;
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
  options: { objects?: Iterable<Record<string, unknown>>; log?: (line: string) => void } = {},
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

  const ols = await parts.start('OLS dev server', async () => {
    await assertPortFree(ports.ols);
    const server = await startOlsDevServer({
      port: ports.ols,
      mcpUrl: `${mcpBase}/mcp`,
      users: DEMO_USERS.map(({ name, token }) => ({ token, username: name })),
      mode: { olsAccess: [...OLS_ACCESS_USERS] },
    });
    return Object.assign(server, { name: 'OLS dev server' });
  });
  log(`OLS dev server (no LLM)   ${ols.url}`);

  return { kube, ols, mcpUrl: `${mcpBase}/mcp`, parts };
};
