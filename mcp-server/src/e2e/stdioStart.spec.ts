/**
 * The installed bin over stdio, spoken to in raw JSON-RPC lines as an MCP client launching
 * `npx cnv-mcp-server` does: initialize is answered by the light front before the tools or the
 * kubeconfig are loaded, the tools are there right after, and a bad kubeconfig still ends the process.
 * (Start-up time is measured in bench/, not asserted here.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { buildServer, REPO_ROOT } from '../testing/harness';
import { SERVER_NAME } from '../version';

jest.setTimeout(30_000);

const BIN = path.join(REPO_ROOT, 'mcp-server/bin/cnv-mcp-server.js');
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'stdio-start-spec', version: '1' },
  },
};

interface Launched {
  child: ChildProcessWithoutNullStreams;
  send(message: unknown): void;
  /** The response with this id (JSON-RPC lines on stdout). */
  response(id: number): Promise<Record<string, unknown>>;
  stderr(): string;
  exit: Promise<number | null>;
}

const launch = (kubeconfig: string): Launched => {
  const child = spawn(process.execPath, [BIN, '--transport', 'stdio', '--kubeconfig', kubeconfig], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      messages.push(JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>);
      buffered = buffered.slice(newline + 1);
      waiters.splice(0).forEach((wake) => wake());
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.on('error', () => undefined); // a server that exited closes the pipe
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
    response: async (id) => {
      for (;;) {
        const found = messages.find((m) => m.id === id);
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          void exit.then(() => wake());
        });
      }
    },
    stderr: () => stderr,
    exit,
  };
};

let dir: string;
const running: Launched[] = [];

const start = (kubeconfig: string): Launched => {
  const server = launch(kubeconfig);
  running.push(server);
  return server;
};

beforeAll(() => {
  buildServer();
  dir = mkdtempSync(path.join(tmpdir(), 'cnv-stdio-start-'));
  // Nothing listens there: neither initialize nor tools/list talks to Kubernetes.
  writeFileSync(
    path.join(dir, 'kubeconfig'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'empty-kubeconfig'), 'apiVersion: v1\nkind: Config\n');
});

afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exit;
    }
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnv-mcp-server bin over stdio', () => {
  it('answers initialize with its name, version, instructions and the tools capability', async () => {
    const server = start(path.join(dir, 'kubeconfig'));
    server.send(INITIALIZE);
    const { result } = (await server.response(1)) as {
      result: {
        protocolVersion: string;
        capabilities: { tools?: unknown };
        serverInfo: { name: string; version: string };
        instructions: string;
      };
    };
    expect(result.protocolVersion).toBe('2025-06-18');
    expect(result.serverInfo.name).toBe(SERVER_NAME);
    expect(result.serverInfo.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.capabilities.tools).toBeDefined();
    expect(result.instructions).toContain('diagnose_vm_error');
  });

  it('lists every tool, with schemas, right after the handshake', async () => {
    const server = start(path.join(dir, 'kubeconfig'));
    server.send(INITIALIZE);
    await server.response(1);
    server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    server.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const { result } = (await server.response(2)) as {
      result: { tools: { name: string; inputSchema: { type: string } }[] };
    };
    expect(result.tools.map((t) => t.name).sort()).toEqual([...ALL_CNV_MCP_TOOLS].sort());
    for (const tool of result.tools) expect(tool.inputSchema.type).toBe('object');
  });

  it('relays tool errors as tool results (validation by the real McpServer)', async () => {
    const server = start(path.join(dir, 'kubeconfig'));
    server.send(INITIALIZE);
    await server.response(1);
    server.send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'diagnose_vm_error',
        arguments: { namespace: 'Not A Namespace', name: 'vm' },
      },
    });
    const { result } = (await server.response(3)) as {
      result: { isError?: boolean; content: { text: string }[] };
    };
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/Input validation error/);
  });

  it('still ends with exit code 1 when the kubeconfig has no cluster', async () => {
    const server = start(path.join(dir, 'empty-kubeconfig'));
    server.send(INITIALIZE);
    await server.response(1);
    server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(await server.exit).toBe(1);
    expect(server.stderr()).toContain('cannot load the Kubernetes configuration');
  });
});
