/**
 * Starts the whole local stack on one machine: Kubernetes API simulator (demo cluster), cnv-mcp-server
 * over Streamable HTTP, the OLS dev server, and the local console. Used by `npm start` and by the
 * browser tests. A part that fails to start stops the others and names itself in the error.
 */
import { DEMO_USERS } from '../fixtures/demo-cluster';
import type { KubeSimulator } from '../kube-simulator';
import type { OlsDevServer } from '../ols-dev-server';
import { PLUGIN_DIST, pluginAiConfig, startBackends } from '../support/backends';
import { assertPortFree } from '../support/stackParts';
import { buildShell } from './buildShell';
import { startLocalConsole, type LocalConsole } from './server';

export { MCP_BIN, OLS_ACCESS_USERS, PLUGIN_DIST, ROOT } from '../support/backends';

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

export interface StackOptions {
  /** Objects of the simulated cluster; default the demo cluster. */
  objects?: Iterable<Record<string, unknown>>;
  log?: (line: string) => void;
}

export const startStack = async (
  ports: StackPorts = DEFAULT_PORTS,
  options: StackOptions = {},
): Promise<Stack> => {
  const backends = await startBackends(ports, options);
  const { kube, ols, mcpUrl, parts } = backends;
  const localConsole = await parts.start('local console', async () => {
    await assertPortFree(ports.console);
    const shellDir = await buildShell();
    const started = await startLocalConsole({
      port: ports.console,
      pluginDist: PLUGIN_DIST,
      shellDir,
      kubeApi: { url: kube.url, caPem: kube.caPem },
      kubeObjects: kube,
      ols,
      users: DEMO_USERS.map(({ name, token, description }) => ({ name, token, description })),
      aiConfig: (enabled) => pluginAiConfig(backends, enabled),
    });
    return Object.assign(started, { name: 'local console' });
  });

  return {
    console: localConsole,
    kube,
    ols,
    mcpUrl,
    stop: () => parts.stopAll(),
  };
};
