/** Spawns the built cnv-mcp-server over Streamable HTTP and connects real MCP clients to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { DEPLOYED_MAX_HEAP_MIB } from '../../mcp-server/src/testing/harness';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ROOT } from './results';

export const MCP_BIN = path.join(ROOT, 'mcp-server/dist/cnv-mcp-server.js');

export interface RunningMcpServer {
  url: string;
  pid: number;
  /** Everything the server wrote on stderr (log and audit lines). */
  stderr: () => string;
  /** The process has ended (e.g. out of memory). */
  exited(): boolean;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const waitForHealth = async (base: string, child: ChildProcess, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cnv-mcp-server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`cnv-mcp-server not healthy after ${timeoutMs} ms`);
};

export const startMcpServer = async (
  kubeconfig: string,
  extraArgs: readonly string[] = [],
): Promise<RunningMcpServer> => {
  if (!existsSync(MCP_BIN)) throw new Error(`${MCP_BIN} missing: run npm run build`);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // As the Helm chart deploys it (mcpServer.maxHeapMiB).
      `--max-old-space-size=${DEPLOYED_MAX_HEAP_MIB}`,
      MCP_BIN,
      '--transport',
      'http',
      '--port',
      String(port),
      '--kubeconfig',
      kubeconfig,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const chunks: string[] = [];
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);
  return {
    url: `${base}/mcp`,
    pid: child.pid ?? 0,
    stderr: () => chunks.join(''),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

export const connectClient = async (url: string, token: string): Promise<Client> => {
  const client = new Client({ name: 'cnv-bench', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
};
