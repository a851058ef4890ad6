import type { KubeConfig } from '@kubernetes/client-node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerOptions } from './cli';
import { DEFAULT_REST_OPTIONS, KubeRest, type KubeRestOptions } from './k8s/rest';
import type { Logger } from './runtime/logger';
import { ServerMetrics } from './runtime/metrics';
import { RateLimiter } from './runtime/rateLimiter';
import type { Caller, RunnerDeps } from './runtime/toolRunner';
import { TtlCache } from './runtime/ttlCache';
import { registerTools } from './tools';
import { SERVER_NAME, SERVER_VERSION } from './version';

const INSTRUCTIONS = `Read-only tools for OpenShift Virtualization (KubeVirt) virtual machines.
Use search_virtual_machines to find VMs, diagnose_vm_error first when a VM is failing, then
explain_vm_status, check_vm_dependencies, get_vm_events and suggest_vm_fix for details. Cite the rule
ids of the findings you rely on. Nothing is ever changed by these tools.`;

/** Everything shared by all calls of one process. */
export interface ServerContext extends RunnerDeps {
  options: ServerOptions;
  baseKubeConfig: KubeConfig;
  restOptions: KubeRestOptions;
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
    restOptions: {
      ...DEFAULT_REST_OPTIONS,
      timeoutMs: options.k8sTimeoutSeconds * 1000,
      onRequest: (verb, status) => metrics.k8sRequests.inc({ verb, code: String(status) }),
    },
  };
};

/** One MCP server speaking for one caller. */
export const createMcpServer = (ctx: ServerContext, caller: Caller): McpServer => {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  registerTools(server, caller, ctx);
  return server;
};

/** The caller of a stdio server: whoever the kubeconfig authenticates as. */
export const kubeconfigCaller = (ctx: ServerContext): Caller => ({
  identity: `kubeconfig:${ctx.baseKubeConfig.getCurrentUser()?.name ?? 'default'}`,
  newRest: () => new KubeRest(ctx.baseKubeConfig, ctx.restOptions),
});
