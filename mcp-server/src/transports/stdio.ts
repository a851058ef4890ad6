import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, kubeconfigCaller, type ServerContext } from '../server';

/** MCP over stdin/stdout as the kubeconfig's user. Resolves when the client disconnects. */
export const serveStdio = async (ctx: ServerContext): Promise<{ close(): Promise<void> }> => {
  const server = createMcpServer(ctx, kubeconfigCaller(ctx));
  const transport = new StdioServerTransport();
  await server.connect(transport);
  ctx.logger.info('serving MCP over stdio');
  return { close: () => server.close() };
};
