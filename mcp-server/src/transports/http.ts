import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { redactText } from '../../../src/kubevirt/redaction';
import { KubeRest, requestBudget, type KubeRestOptions } from '../k8s/rest';
import {
  AuthGate,
  BodyTooLargeError,
  clientAddress,
  hostAllowed,
  originAllowed,
  readBodyLimited,
} from '../runtime/httpGuard';
import { bearerToken, tokenIdentity } from '../runtime/identity';
import { createMcpServer, type ServerContext } from '../server';

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

type RefusalReason =
  | 'host'
  | 'origin'
  | 'unauthorized'
  | 'auth_failures'
  | 'method'
  | 'too_large'
  | 'parse'
  | 'protocol';

/** JSON-RPC method names of a parsed body, for the audit line (names only, never params; redacted). */
const methodsOf = (body: unknown): string[] =>
  (Array.isArray(body) ? body : [body])
    .map((m) => (m && typeof m === 'object' ? (m as { method?: unknown }).method : undefined))
    .filter((m): m is string => typeof m === 'string')
    .map((m) => redactText(m.slice(0, 64)))
    .slice(0, 20);

/**
 * Streamable HTTP in stateless mode: each POST /mcp gets its own MCP server and transport bound to the
 * caller's token, both closed when the response ends. Nothing outlives a request, so concurrent
 * sessions cannot leak into each other or accumulate.
 *
 * Before the SDK sees anything: Host and Origin (403), the client address's authentication failures
 * (429 for tokens the API server has not accepted yet), the bearer token (401), the method (405) and
 * the body size, enforced while reading (413). Every request gets a metric by status; every refusal,
 * ours or the SDK's, an audit line.
 */
const handleMcp = async (
  ctx: ServerContext,
  gate: AuthGate,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => {
  const started = performance.now();
  const { options } = ctx;
  const address = clientAddress(req, options.trustForwardedFor);
  const token = bearerToken(req.headers.authorization);
  const identity = token ? tokenIdentity(token) : 'anonymous';
  let refusal: RefusalReason | undefined;
  let methods: string[] = [];
  // 'close', not 'finish': a request whose client went away is counted too.
  res.on('close', () => {
    ctx.metrics.httpRequests.inc({ code: String(res.statusCode) });
    if (res.statusCode < 400 && !refusal) return;
    const reason = refusal ?? 'protocol';
    ctx.metrics.httpRefused.inc({ reason });
    ctx.logger.line({
      ts: new Date().toISOString(),
      type: 'audit',
      user: identity,
      source: address,
      http: { method: req.method, status: res.statusCode },
      ...(methods.length ? { methods } : {}),
      outcome: 'refused',
      reason,
      durationMs: Math.round(performance.now() - started),
    });
  });
  const refuse = (
    reason: RefusalReason,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    refusal = reason;
    sendJson(res, status, jsonRpcError(code, message), headers);
  };

  if (!hostAllowed(req.headers.host, options.allowedHosts)) {
    refuse('host', 403, -32000, 'Forbidden: Host header not allowed (--allowed-hosts)');
    return;
  }
  if (!originAllowed(req.headers.origin, options.allowedOrigins, options.allowedHosts)) {
    refuse('origin', 403, -32000, 'Forbidden: Origin not allowed (--allowed-origins)');
    return;
  }
  const blockedFor = token && gate.isVerified(identity) ? 0 : gate.blockedFor(address);
  if (blockedFor > 0) {
    refuse(
      'auth_failures',
      429,
      -32000,
      `Too many failed authentications from this address (429); retry in ${blockedFor} s`,
      { 'Retry-After': String(blockedFor) },
    );
    return;
  }
  if (!token) {
    gate.recordFailure(address);
    ctx.metrics.httpUnauthorized.inc();
    refuse(
      'unauthorized',
      401,
      -32001,
      'Unauthorized: send "Authorization: Bearer <token>"; the tools act as that user',
      { 'WWW-Authenticate': 'Bearer realm="cnv-mcp-server"' },
    );
    return;
  }
  if (req.method !== 'POST') {
    // Stateless: there is no session to stream to (GET) or to end (DELETE).
    refuse('method', 405, -32000, 'Method not allowed: this server is stateless; use POST', {
      Allow: 'POST',
    });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBodyLimited(req, options.maxBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      refuse(
        'too_large',
        413,
        -32600,
        `Request body too large (413): requests over ${options.maxBodyBytes} bytes are not read`,
      );
      // No "Connection: close": closing while the client still uploads resets the connection
      // before it reads the 413. Node discards the rest of the body (readBodyLimited caps it).
    } else {
      refuse('parse', 400, -32700, 'Parse error: the body is not JSON');
    }
    return;
  }
  methods = methodsOf(body);
  const budget = requestBudget(options.maxK8sRequestsPerHttpRequest);
  const restOptions: KubeRestOptions = {
    ...ctx.restOptions,
    budget,
    onRequest: (verb, status) => {
      ctx.restOptions.onRequest?.(verb, status);
      gate.observe(identity, address, status);
    },
  };
  const caller = {
    identity,
    // The connection (keep-alive sockets, this token's header) is the token's own, shared only
    // with its other calls; the client carries this request's budget and request count.
    newRest: () => new KubeRest(() => ctx.connections.forToken(token), restOptions),
    sharedRateKey: () => gate.sharedRateKey(identity, address),
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
  const rest = new KubeRest(ctx.baseConnection, {
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
  const gate = new AuthGate(ctx.options.authFailuresPerMinute);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = async () => {
      if (path === '/mcp') return handleMcp(ctx, gate, req, res);
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
