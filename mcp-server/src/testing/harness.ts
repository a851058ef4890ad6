import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startKubeSimulator, type KubeSimulator } from '../../../integration-tests/kube-simulator';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_BIN = path.join(REPO_ROOT, 'mcp-server/dist/cnv-mcp-server.js');
export const SCENARIO_DIR = path.join(REPO_ROOT, 'integration-tests/fixtures/scenarios');
/** The held-out corpus on a 10-node cluster of its own (src/kubevirt/diagnosis/testing/scenarios.ts). */
export const TEN_NODE_SCENARIO_DIR = path.join(
  REPO_ROOT,
  'integration-tests/fixtures/scenarios-ten-nodes',
);

/** Builds the real bundle the tests drive (esbuild: about a second). */
export const buildServer = (): void => {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'mcp-server/build.mjs')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
};

export interface Scenario {
  file: string;
  category: string;
  namespace: string;
  name: string;
  /** `# detail:` on the second line: a case-insensitive pattern the answer must name. */
  detail?: string;
}

/** Scenario files announce the expected root cause on their first line: `# expect: category=X vm=ns/name`. */
export const loadScenarios = (dir = SCENARIO_DIR): Scenario[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') && !file.startsWith('_'))
    .map((file) => {
      const [first, second = ''] = readFileSync(path.join(dir, file), 'utf8').split('\n');
      const match = /^# expect: category=(\S+) vm=([^/\s]+)\/(\S+)/.exec(first);
      if (!match) throw new Error(`${file}: no "# expect:" line`);
      const detail = /^# detail:\s*(.+)$/.exec(second)?.[1].trim();
      return {
        file,
        category: match[1],
        namespace: match[2],
        name: match[3],
        ...(detail ? { detail } : {}),
      };
    });

export const toolText = (result: CallToolResult): string =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

export interface StdioServer {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export const connectStdio = async (
  kubeconfig: string,
  args: string[] = [],
): Promise<StdioServer> => {
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_BIN, ...args],
    env: { ...(process.env as Record<string, string>), KUBECONFIG: kubeconfig },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'cnv-mcp-e2e', version: '1' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
};

export interface ScenarioServer {
  sim: KubeSimulator;
  server: StdioServer;
  stop(): Promise<void>;
}

/**
 * The built stdio server against a simulator serving one scenario directory, as the simulator's
 * admin, with caching off (every call reads the cluster) and room for one call per scenario in
 * well under a minute (more than the default 120 calls/min per caller).
 */
export const startScenarioServer = async (dir = SCENARIO_DIR): Promise<ScenarioServer> => {
  buildServer();
  const sim = await startKubeSimulator({ yaml: dir });
  const server = await connectStdio(sim.kubeconfigFor('kube-simulator-admin-token'), [
    '--cache-ttl-seconds',
    '0',
    '--rate-limit',
    '1000/min',
  ]);
  return {
    sim,
    server,
    stop: async () => {
      await server.close();
      await sim.stop();
    },
  };
};

export interface HttpServer {
  url: string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `cnv-mcp-server --transport http --port 0` and waits for the URL it logs. */
/** The heap cap the Helm chart deploys the server with (mcpServer.maxHeapMiB): tests run it the same way. */
export const DEPLOYED_MAX_HEAP_MIB = 128;

export const startHttpServer = (kubeconfig: string, args: string[] = []): Promise<HttpServer> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        `--max-old-space-size=${DEPLOYED_MAX_HEAP_MIB}`,
        SERVER_BIN,
        '--transport',
        'http',
        '--port',
        '0',
        '--kubeconfig',
        kubeconfig,
        ...args,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)\/mcp"/.exec(stderr);
      if (match) {
        resolve({
          url: match[1],
          stderr: () => stderr,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });

export const connectHttp = async (url: string, token: string): Promise<Client> => {
  const client = new Client({ name: 'cnv-mcp-e2e', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
};

export const call = async (
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> => (await client.callTool({ name, arguments: args })) as CallToolResult;
