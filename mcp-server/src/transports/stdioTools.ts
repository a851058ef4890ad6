import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { ServerOptions } from '../cli';
import { loadBaseKubeConfig } from '../k8s/cluster';
import type { Logger } from '../runtime/logger';
import { createMcpServer, createServerContext, kubeconfigCaller } from '../server';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import { KubeconfigError } from './stdio';

/**
 * The tools of a stdio server, loaded after start-up (stdio.ts): the kubeconfig, the server context
 * and the same McpServer as over HTTP, reached through an in-memory client the front relays to.
 */
export const startToolHost = async (
  options: ServerOptions,
  logger: Logger,
): Promise<{ client: Client; close(): Promise<void> }> => {
  let baseKubeConfig;
  try {
    baseKubeConfig = loadBaseKubeConfig(options.kubeconfig);
  } catch (error) {
    throw new KubeconfigError(error);
  }
  const ctx = createServerContext(options, baseKubeConfig, logger);
  const server = createMcpServer(ctx, kubeconfigCaller(ctx));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: `${SERVER_NAME}-stdio-front`, version: SERVER_VERSION });
  await client.connect(clientSide);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
};
