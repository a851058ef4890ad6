import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  ListToolsRequestSchema,
  ListToolsResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerOptions } from '../cli';
import type { Logger } from '../runtime/logger';
import { INSTRUCTIONS } from '../serverInfo';
import { SERVER_NAME, SERVER_VERSION } from '../version';

/** Tool calls are bounded by their Kubernetes timeouts; this only keeps the relay from cutting one. */
const RELAY_TIMEOUT_MS = 60 * 60_000;

/** Called when the tools cannot be set up (kubeconfig, missing build file): the process ends. */
export type FatalHandler = (message: string, error: unknown) => void;

/**
 * MCP over stdin/stdout as the kubeconfig's user.
 *
 * A light front answers `initialize` at once: it loads neither the tools, nor
 * @kubernetes/client-node, nor the kubeconfig. tools/list and tools/call are relayed (in memory) to
 * the real McpServer of stdioTools.ts, loaded on the first of them or right after the handshake,
 * so the tool list, validation and results are exactly the SDK's as over HTTP.
 */
export const serveStdio = async (
  options: ServerOptions,
  logger: Logger,
  onFatal: FatalHandler,
): Promise<{ close(): Promise<void> }> => {
  const front = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { capabilities: { tools: { listChanged: true } }, instructions: INSTRUCTIONS },
  );
  let host: Promise<{ client: Client; close(): Promise<void> }> | undefined;
  const tools = () => {
    host ??= import('./stdioTools.js')
      .then(({ startToolHost }) => startToolHost(options, logger))
      .catch((error: unknown) => {
        onFatal(
          error instanceof KubeconfigError ? KubeconfigError.MESSAGE : 'cannot load the tools',
          error instanceof KubeconfigError ? error.original : error,
        );
        throw error;
      });
    return host;
  };
  front.setRequestHandler(ListToolsRequestSchema, async (request, extra) =>
    (await tools()).client.request(
      { method: 'tools/list', params: request.params },
      ListToolsResultSchema,
      { signal: extra.signal, timeout: RELAY_TIMEOUT_MS },
    ),
  );
  front.setRequestHandler(CallToolRequestSchema, async (request, extra) =>
    (await tools()).client.request(
      { method: 'tools/call', params: request.params },
      CallToolResultSchema,
      { signal: extra.signal, timeout: RELAY_TIMEOUT_MS },
    ),
  );
  // Warm up once the client has its answer: the first tools/list does not wait for the load,
  // and a bad kubeconfig still ends the process right after start-up.
  front.oninitialized = () => {
    tools().catch(() => undefined);
  };
  await front.connect(new StdioServerTransport());
  logger.info('serving MCP over stdio');
  return {
    close: async () => {
      await front.close();
      await (await host?.catch(() => undefined))?.close();
    },
  };
};

/** The kubeconfig could not be loaded (stdioTools.ts throws it; defined here to stay in this chunk). */
export class KubeconfigError extends Error {
  static readonly MESSAGE = 'cannot load the Kubernetes configuration';

  constructor(readonly original: unknown) {
    super(KubeconfigError.MESSAGE);
    this.name = 'KubeconfigError';
  }
}
