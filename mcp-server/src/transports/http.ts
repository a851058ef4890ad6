import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { kubeConfigForToken } from '../k8s/cluster';
import { KubeRest } from '../k8s/rest';
import { bearerToken, tokenIdentity } from '../runtime/identity';
import { createMcpServer, type ServerContext } from '../server';

/** Large enough for a 1 MB argument to reach validation (and be refused there with a clear message). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const READY_TIMEOUT_MS = 3_000;

export interface HttpServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

const sendJson = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const jsonRpcError = (code: number, message: string) => ({
  jsonrpc: '2.0',
  error: { code, message },
  id: null,
});

class BodyTooLargeError extends Error {}

/** Beyond this the connection is cut instead of drained. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads the body; an oversized body is drained (not cut) so the client gets a clear 413 answer.
 */
const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) req.destroy();
      else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new BodyTooLargeError())
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });

/**
 * Streamable HTTP in stateless mode: each POST /mcp gets its own MCP server and transport bound to the
 * caller's token, both closed when the response ends. Nothing outlives a request, so concurrent
 * sessions cannot leak into each other or accumulate.
 */
const handleMcp = async (
  ctx: ServerContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => {
  const token = bearerToken(req.headers.authorization);
  if (!token) {
    ctx.metrics.httpUnauthorized.inc();
    sendJson(
      res,
      401,
      jsonRpcError(
        -32001,
        'Unauthorized: send "Authorization: Bearer <token>"; the tools act as that user',
      ),
      { 'WWW-Authenticate': 'Bearer realm="cnv-mcp-server"' },
    );
    return;
  }
  if (req.method !== 'POST') {
    // Stateless: there is no session to stream to (GET) or to end (DELETE).
    sendJson(
      res,
      405,
      jsonRpcError(-32000, 'Method not allowed: this server is stateless; use POST'),
      {
        Allow: 'POST',
      },
    );
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendJson(
        res,
        413,
        jsonRpcError(
          -32600,
          `Request body too large (413): tool call arguments over ${MAX_BODY_BYTES / 1024 / 1024} MiB are not allowed`,
        ),
      );
    } else {
      sendJson(res, 400, jsonRpcError(-32700, 'Parse error: the body is not JSON'));
    }
    return;
  }
  const caller = {
    identity: tokenIdentity(token),
    newRest: () => new KubeRest(kubeConfigForToken(ctx.baseKubeConfig, token), ctx.restOptions),
  };
  const server = createMcpServer(ctx, caller);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
};

/** Ready when the API server answers /version with the server's own credentials (no user data). */
const handleReady = async (ctx: ServerContext, res: http.ServerResponse) => {
  const rest = new KubeRest(ctx.baseKubeConfig, {
    ...ctx.restOptions,
    timeoutMs: READY_TIMEOUT_MS,
    maxAttempts: 1,
  });
  try {
    const version = await rest.getPath('/version');
    sendJson(res, 200, { status: 'ready', kubernetes: version.gitVersion ?? 'unknown' });
  } catch (error) {
    sendJson(res, 503, {
      status: 'not ready',
      reason: error instanceof Error ? error.message : 'unknown',
    });
  }
};

export const serveHttp = async (ctx: ServerContext): Promise<HttpServerHandle> => {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = async () => {
      if (path === '/mcp') return handleMcp(ctx, req, res);
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') return handleReady(ctx, res);
      if (path === '/metrics') {
        res.writeHead(200, { 'Content-Type': ctx.metrics.registry.contentType });
        res.end(await ctx.metrics.registry.metrics());
        return;
      }
      sendJson(res, 404, { error: `no route for ${path}` });
    };
    route().catch((error: unknown) => {
      ctx.logger.error('http request failed', {
        path,
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, 'Internal server error'));
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ctx.options.port, ctx.options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${ctx.options.host === '0.0.0.0' ? '127.0.0.1' : ctx.options.host}:${port}`;
  ctx.logger.info('serving MCP over Streamable HTTP', { url: `${url}/mcp` });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get a moment to finish, then are cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
};
