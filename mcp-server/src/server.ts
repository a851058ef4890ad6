import type { KubeConfig } from '@kubernetes/client-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ListToolsRequestSchema,
  ListToolsResultSchema,
  type CallToolResult,
  type ListToolsResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerOptions } from './cli';
import { baseConnectionSource, ConnectionPool, type ConnectionSource } from './k8s/connection';
import { DEFAULT_REST_OPTIONS, KubeRest, type KubeRestOptions } from './k8s/rest';
import type { Logger } from './runtime/logger';
import { ServerMetrics } from './runtime/metrics';
import { RateLimiter } from './runtime/rateLimiter';
import type { Caller, RunnerDeps } from './runtime/toolRunner';
import { TtlCache } from './runtime/ttlCache';
import { registerTools } from './tools';
import { INSTRUCTIONS } from './serverInfo';
import { SERVER_NAME, SERVER_VERSION } from './version';

/** Everything shared by all calls of one process. */
export interface ServerContext extends RunnerDeps {
  options: ServerOptions;
  baseKubeConfig: KubeConfig;
  restOptions: KubeRestOptions;
  /** The server's own credentials (stdio caller, readiness), set up once when they are static. */
  baseConnection: ConnectionSource;
  /** HTTP: one keep-alive connection per caller token, never shared between tokens. */
  connections: ConnectionPool;
}

export const createServerContext = (
  options: ServerOptions,
  baseKubeConfig: KubeConfig,
  logger: Logger,
): ServerContext => {
  const metrics = new ServerMetrics({ defaultMetrics: options.transport === 'http' });
  return {
    options,
    baseKubeConfig,
    logger,
    metrics,
    cache: new TtlCache<CallToolResult>(options.cacheTtlSeconds * 1000),
    limiter: new RateLimiter(options.rateLimitPerMinute),
    baseConnection: baseConnectionSource(baseKubeConfig),
    connections: new ConnectionPool(baseKubeConfig),
    restOptions: {
      ...DEFAULT_REST_OPTIONS,
      timeoutMs: options.k8sTimeoutSeconds * 1000,
      onRequest: (verb, status) => metrics.k8sRequests.inc({ verb, code: String(status) }),
    },
  };
};

const newMcpServer = (ctx: ServerContext, caller: Caller): McpServer => {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  registerTools(server, caller, ctx);
  return server;
};

/** Nobody: the caller of the server that renders the tool list, which runs no tool. */
const NO_CALLER: Caller = {
  identity: 'tool-list',
  newRest: () => {
    throw new Error('the tool list server runs no tool');
  },
};

let toolList: Promise<ListToolsResult> | undefined;

/**
 * The tools/list answer, rendered once per process by the SDK itself (zod to JSON Schema costs
 * about 1.5 ms, and over HTTP every request has a server of its own). It is the same for every
 * caller: the tools do not depend on who calls.
 */
const listToolsOnce = (ctx: ServerContext): Promise<ListToolsResult> => {
  toolList ??= (async () => {
    const server = newMcpServer(ctx, NO_CALLER);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: `${SERVER_NAME}-tool-list`, version: SERVER_VERSION });
    await client.connect(clientSide);
    try {
      return await client.request({ method: 'tools/list' }, ListToolsResultSchema);
    } finally {
      await client.close();
      await server.close();
    }
  })();
  toolList.catch(() => (toolList = undefined));
  return toolList;
};

/** One MCP server speaking for one caller. */
export const createMcpServer = (ctx: ServerContext, caller: Caller): McpServer => {
  const server = newMcpServer(ctx, caller);
  server.server.setRequestHandler(ListToolsRequestSchema, () => listToolsOnce(ctx));
  return server;
};

/** The caller of a stdio server: whoever the kubeconfig authenticates as. */
export const kubeconfigCaller = (ctx: ServerContext): Caller => ({
  identity: `kubeconfig:${ctx.baseKubeConfig.getCurrentUser()?.name ?? 'default'}`,
  newRest: () => new KubeRest(ctx.baseConnection, ctx.restOptions),
});
