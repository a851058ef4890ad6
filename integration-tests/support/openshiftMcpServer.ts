/**
 * The real kubernetes-mcp-server (upstream of openshift-mcp-server), from its pinned npm binary
 * package (optional dependency `kubernetes-mcp-server-linux-amd64`), as the second MCP server of the local stacks: Streamable HTTP at /mcp, the
 * `core` and `kubevirt` toolsets, against the Kubernetes API simulator. Its kubeconfig carries no
 * credentials: every call runs with the bearer token OLS forwards (`Authorization: kubernetes`), as
 * the chart deploys it. Optional: without the binary (another platform, `npm ci --omit=optional`)
 * the stacks run without it and say so.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OPENSHIFT_MCP_SERVER_NAME } from '../../src/lightspeed/capabilities/openshiftMcpTools';
import { spawnPart, type ChildPart } from './stackParts';

/** The name the chart registers it under (openshiftMcpServer.name) and OLS reports as server_name. */
export const OPENSHIFT_MCP_SERVER_NAME = DEFAULT_OPENSHIFT_MCP_SERVER_NAME;

/**
 * Write tools of kubernetes-mcp-server 0.0.67 other than vm_lifecycle (from its tools/list
 * annotations: readOnlyHint false). With lifecycle tools allowed, these stay off, exactly as the
 * chart renders `openshiftMcpServer.allowLifecycle=true` (charts/.../values.yaml).
 */
export const WRITE_TOOLS_DENIED_WITH_LIFECYCLE: readonly string[] = [
  'pods_delete',
  'pods_exec',
  'pods_run',
  'resources_create_or_update',
  'resources_delete',
  'resources_scale',
  'vm_clone',
  'vm_create',
  'vm_create_from_template',
];

export interface OpenshiftMcpConfigOptions {
  kubeconfig: string;
  toolsets?: readonly string[];
  /** false: only tools annotated readOnlyHint (no vm_lifecycle). Default true (the local stacks act). */
  allowLifecycle?: boolean;
}

const tomlString = (s: string) => JSON.stringify(s);
const tomlList = (items: readonly string[]) => `[${items.map(tomlString).join(', ')}]`;

/** The server's TOML config (docs/configuration.md of containers/kubernetes-mcp-server). */
export const renderOpenshiftMcpConfig = ({
  kubeconfig,
  toolsets = ['core', 'kubevirt'],
  allowLifecycle = true,
}: OpenshiftMcpConfigOptions): string =>
  [
    `toolsets = ${tomlList(toolsets)}`,
    `kubeconfig = ${tomlString(kubeconfig)}`,
    'cluster_provider_strategy = "kubeconfig"',
    // vm_lifecycle is annotated destructiveHint: allowing it means read_only and
    // disable_destructive off, with every other write tool denied by name.
    `read_only = ${!allowLifecycle}`,
    'disable_destructive = ' + String(!allowLifecycle),
    ...(allowLifecycle ? [`disabled_tools = ${tomlList(WRITE_TOOLS_DENIED_WITH_LIFECYCLE)}`] : []),
    // As the chart's default openshiftMcpServer.deniedResources: no tool hands Secret data over.
    '',
    '[[denied_resources]]',
    'group = ""',
    'version = "v1"',
    'kind = "Secret"',
    '',
  ].join('\n');

const PLATFORMS: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
const ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** The binary of this platform's package, or undefined when it is not installed. */
export const findOpenshiftMcpBinary = (root: string): string | undefined => {
  const platform = PLATFORMS[process.platform];
  const arch = ARCHES[process.arch];
  if (!platform || !arch) return undefined;
  const pkg = `kubernetes-mcp-server-${platform}-${arch}`;
  const file = path.join(
    root,
    'node_modules',
    pkg,
    'bin',
    `${pkg}${platform === 'windows' ? '.exe' : ''}`,
  );
  return existsSync(file) ? file : undefined;
};

/** A free TCP port on 127.0.0.1 (the server takes its port as a flag, not 0). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

export interface OpenshiftMcpPart extends ChildPart {
  url: string;
}

export const startOpenshiftMcpServer = async (
  binary: string,
  options: OpenshiftMcpConfigOptions & { port: number; log?: (line: string) => void },
): Promise<OpenshiftMcpPart> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'openshift-mcp-'));
  const config = path.join(dir, 'config.toml');
  writeFileSync(config, renderOpenshiftMcpConfig(options), { mode: 0o600 });
  const base = `http://127.0.0.1:${options.port}`;
  const part = await spawnPart(
    OPENSHIFT_MCP_SERVER_NAME,
    binary,
    ['--config', config, '--port', String(options.port), '--bind-address', '127.0.0.1'],
    { readyUrl: `${base}/healthz`, log: options.log, timeoutMs: 20_000 },
  );
  return Object.assign(part, { url: `${base}/mcp` });
};
