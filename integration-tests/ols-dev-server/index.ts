/**
 * An OLS-compatible dev server for the local console and the browser tests: it accepts exactly what OLS
 * accepts (422 on unknown fields), streams OLS's `data: {"event","data"}` lines, and answers
 * tool-triggering prompts by calling cnv-mcp-server over Streamable HTTP with the caller's token.
 * Other MCP servers (the real kubernetes-mcp-server, as openshift-mcp-server) can be registered
 * next to it: each tool call goes to the server that lists the tool, and `server_name` says which,
 * as OLS's MultiServerMCPClient does. There is no LLM: every answer says so.
 * Auth (/ols-access), version profiles, /openapi.json and feedback follow openshift/lightspeed-service
 * 1.1.3: see olsAuth.ts, olsVersions.ts, openapi.ts and feedback.ts for the upstream files.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ALL_CNV_MCP_TOOLS, DEFAULT_MCP_SERVER_NAME } from '../../src/kubevirt/mcpTools';
import type { ReceivedAttachment, ToolOutcome } from './composeAnswer';
import { composeStaticAnswer, composeToolAnswer } from './composeAnswer';
import { FEEDBACK_DISABLED, FEEDBACK_RECEIVED, feedbackStatus } from './feedback';
import type { OlsAccessDecision, OlsAccessGrant, OlsUser } from './olsAuth';
import { createOlsAuth } from './olsAuth';
import type { OlsVersion } from './olsVersions';
import { routeGate } from './olsVersions';
import type { OpenApiFault } from './openapi';
import { serveOpenApi } from './openapi';
import { lifecycleIntent, VM_LIFECYCLE_TOOL } from './lifecycleIntent';
import { toolCallsInPrompt } from './toolCallsInPrompt';
import type { ToolsApprovalDevMode } from './toolApproval';
import {
  createToolApprovals,
  DEFAULT_TOOLS_APPROVAL_MODE,
  toolMetadata,
  validateToolApprovalDecision,
} from './toolApproval';
import type { ValidationFailure } from './validateRequest';
import {
  validateFeedbackRequest,
  validateQueryRequest,
  validateToolCallRequest,
} from './validateRequest';

export type { OlsAccessDecision, OlsAccessGrant, OlsUser } from './olsAuth';
export { OLS_VERSIONS, type OlsVersion } from './olsVersions';
export { OPENAPI_FAULTS, type OpenApiFault } from './openapi';

/** Failure classes the browser and fault tests switch on. */
export type OlsFailure =
  | 'none'
  | 401
  | 403
  | 413
  | 422
  | 500
  | 'quota'
  | 502
  | 503
  | 'timeout'
  | 'reset'
  | 'error-event'
  | 'malformed';

/** `toolsApproval` / `approvalTimeoutMs`: OLSConfig `tools_approval` (toolApproval.ts). */
export interface OlsDevMode extends ToolsApprovalDevMode {
  /** Whether cnv-mcp-server is registered in this "OLS" (false → static fallback in the plugin). */
  mcpRegistered: boolean;
  /** Whether the other MCP servers (`peerMcpServers`) are registered. */
  peerMcpRegistered: boolean;
  failure: OlsFailure;
  /** Delay between streamed tokens, to make streaming visible in the browser. */
  tokenDelayMs: number;
  /** Release profile: what /openapi.json advertises and which routes and fields are accepted. */
  olsVersion: OlsVersion;
  /** Who has `get` on nonResourceURL /ols-access ('*' = every user the token review knows). */
  olsAccess: OlsAccessGrant;
  /** `GET /v1/feedback/status` enabled; false → `POST /v1/feedback` answers 403. */
  feedbackEnabled: boolean;
  /** Fault of `GET /openapi.json` (garbage body, 404, never answers). */
  openapiFault: OpenApiFault;
}

export interface OlsDevServerOptions {
  port?: number;
  host?: string;
  /** cnv-mcp-server Streamable HTTP endpoint, e.g. http://127.0.0.1:8081/mcp */
  mcpUrl?: string;
  mcpServerName?: string;
  /** More MCP servers registered next to cnv-mcp-server (OLSConfig spec.mcpServers entries). */
  peerMcpServers?: readonly McpServerEntry[];
  /**
   * Tokens the stand-in TokenReview knows, with their users; another token → 403 "Forbidden: Invalid
   * or expired token". Default: every bearer token is user "dev".
   */
  users?: OlsUser[];
  mode?: Partial<OlsDevMode>;
}

export interface McpServerEntry {
  name: string;
  /** Streamable HTTP endpoint, e.g. http://127.0.0.1:8082/mcp */
  url: string;
}

export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: unknown;
}

export interface OlsDevServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  mode: OlsDevMode;
  setMode(mode: Partial<OlsDevMode>): void;
  /** OLS's access decision for a token under the current mode (undefined = no token). */
  accessOf(token: string | undefined): OlsAccessDecision;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** HTTP errors exactly as OLS returns them before a stream starts. */
const failureResponse = (failure: OlsFailure): [number, unknown] | undefined => {
  switch (failure) {
    case 401:
      return [401, { detail: 'Unauthorized: No auth header found' }];
    case 403:
      return [403, { detail: 'Forbidden: User does not have access' }];
    case 413:
      return [
        413,
        {
          detail: {
            response: 'Prompt is too long',
            cause: 'Prompt length exceeds LLM context window limit (8000 tokens)',
          },
        },
      ];
    case 422:
      return [
        422,
        {
          detail: [
            {
              type: 'extra_forbidden',
              loc: ['body', 'unexpected'],
              msg: 'Extra inputs are not permitted',
            },
          ],
        },
      ];
    case 500:
      return [
        500,
        {
          detail: {
            response: 'Internal server error',
            cause: '[LLM Backend] An error occurred during LLM invocation',
          },
        },
      ];
    case 'quota':
      return [
        500,
        { detail: { response: 'The quota has been exceeded', cause: 'Quota limit reached' } },
      ];
    case 502:
      return [
        502,
        {
          detail: {
            response: '[Network] Unable to reach the LLM backend',
            cause: 'Connection refused',
          },
        },
      ];
    case 503:
      return [503, { detail: { response: 'Service is not ready', cause: 'LLM is not ready' } }];
    default:
      return undefined;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const startOlsDevServer = async (
  options: OlsDevServerOptions = {},
): Promise<OlsDevServer> => {
  const mcpServerName = options.mcpServerName ?? DEFAULT_MCP_SERVER_NAME;
  const mode: OlsDevMode = {
    mcpRegistered: true,
    peerMcpRegistered: true,
    failure: 'none',
    tokenDelayMs: 0,
    olsVersion: 'latest',
    olsAccess: '*',
    feedbackEnabled: true,
    openapiFault: 'none',
    ...DEFAULT_TOOLS_APPROVAL_MODE,
    ...options.mode,
  };
  const auth = createOlsAuth(options.users);
  const approvals = createToolApprovals(() => mode);
  /** The user an approval belongs to, as OLS's auth dependency identifies them. */
  const userIdOf = (authorization: string | undefined): string => {
    const outcome = auth.authorize(authorization, mode.olsAccess);
    return outcome.ok ? outcome.identity.uid : '';
  };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  /** The MCP servers registered under the current mode, cnv-mcp-server first. */
  const registeredServers = (): McpServerEntry[] => [
    ...(mode.mcpRegistered && options.mcpUrl ? [{ name: mcpServerName, url: options.mcpUrl }] : []),
    ...(mode.peerMcpRegistered ? (options.peerMcpServers ?? []) : []),
  ];

  const connect = async (server: McpServerEntry, authorization: string): Promise<Client> => {
    const client = new Client({ name: 'ols-dev-server', version: '0.1.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { Authorization: authorization } },
    });
    await client.connect(transport);
    return client;
  };

  const withMcp = async <T>(
    server: McpServerEntry,
    authorization: string,
    fn: (client: Client) => Promise<T>,
  ): Promise<T> => {
    const client = await connect(server, authorization);
    try {
      return await fn(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  };

  /**
   * Tool names of the peer servers, listed once per server (a tools/list answer does not depend on
   * the caller): the prompt scanner needs them before it knows whether a prompt calls any tool.
   */
  const peerToolNames = new Map<string, string[]>();
  const knownToolNames = async (authorization: string): Promise<string[]> => {
    const names: string[] = [...(mode.mcpRegistered && options.mcpUrl ? ALL_CNV_MCP_TOOLS : [])];
    for (const server of mode.peerMcpRegistered ? (options.peerMcpServers ?? []) : []) {
      if (!peerToolNames.has(server.url)) {
        try {
          const listed = await withMcp(server, authorization, (c) => c.listTools());
          peerToolNames.set(
            server.url,
            listed.tools.map((t) => t.name),
          );
        } catch {
          continue; // unreachable now: try again on the next prompt
        }
      }
      names.push(...(peerToolNames.get(server.url) ?? []));
    }
    return names;
  };

  const callTool = async (client: Client, name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    const content = (result.content as { type: string; text?: string }[] | undefined) ?? [];
    return {
      isError: Boolean(result.isError),
      text: content.map((c) => c.text ?? '').join('\n'),
      structured: result.structuredContent as Record<string, unknown> | undefined,
    };
  };

  interface McpSession {
    server: McpServerEntry;
    client: Client;
    tools: Awaited<ReturnType<Client['listTools']>>['tools'];
  }

  /** Runs the requested tools and yields OLS stream events. */
  const answer = async (
    body: { query: string; attachments?: ReceivedAttachment[] | null },
    authorization: string,
    emit: (event: string, data: unknown) => void,
    streaming = false,
  ): Promise<string> => {
    const servers = registeredServers();
    const known = servers.length > 0 ? await knownToolNames(authorization) : [];
    const calls = servers.length > 0 ? toolCallsInPrompt(body.query, undefined, known) : [];
    // "Restart this VM": the tool a model would pick, when a registered server has it.
    const intent = known.includes(VM_LIFECYCLE_TOOL)
      ? lifecycleIntent(body.query, body.attachments ?? [])
      : undefined;
    if (calls.length === 0 && intent) calls.push(intent);
    if (calls.length === 0) return composeStaticAnswer(body.query, body.attachments ?? []);
    // One session per registered server for the whole request, as OLS opens them.
    const sessions: McpSession[] = [];
    try {
      for (const server of servers) {
        try {
          const client = await connect(server, authorization);
          sessions.push({ server, client, tools: (await client.listTools()).tools });
        } catch (error) {
          // cnv-mcp-server down is an error event; a peer down only loses its tools.
          if (server.name === mcpServerName && server.url === options.mcpUrl) throw error;
        }
      }
      if (sessions.length === 0) throw new Error('no MCP server reachable');
      const outcomes: ToolOutcome[] = [];
      for (const call of calls) {
        const id = `call_${randomUUID().slice(0, 8)}`;
        // The server that lists the tool; a tool nobody lists goes to the first (which refuses it).
        const session =
          sessions.find((s) => s.tools.some((t) => t.name === call.name)) ?? sessions[0];
        const listedTool = session.tools.find((t) => t.name === call.name);
        const meta = listedTool?._meta;
        const serverName = session.server.name;
        emit('tool_call', {
          name: call.name,
          args: call.args,
          id,
          type: 'tool_call',
          server_name: serverName,
          tool_meta: meta,
        });
        const gate = await approvals.gate({
          streaming,
          owner: userIdOf(authorization),
          toolName: call.name,
          description: listedTool?.description,
          args: call.args,
          metadata: toolMetadata(listedTool, serverName),
          emit,
        });
        // Denied or timed out: the tool does not run and its result is OLS's refusal.
        const r = gate.run
          ? await callTool(session.client, call.name, call.args)
          : { isError: true, text: gate.content, structured: undefined };
        emit('tool_result', {
          id,
          name: call.name,
          status: r.isError ? 'error' : 'success',
          content: r.text,
          type: 'tool_result',
          round: 1,
          structured_content: r.structured,
          server_name: serverName,
          tool_meta: meta,
        });
        outcomes.push({
          name: call.name,
          isError: r.isError,
          text: r.text,
          structured: r.structured,
        });
      }
      return composeToolAnswer(outcomes);
    } finally {
      await Promise.all(sessions.map((s) => s.client.close().catch(() => undefined)));
    }
  };

  /**
   * Reads, records and checks a request as OLS's FastAPI app does: JSON body (422), the route's
   * earlier dependencies (`precheck`), /ols-access auth (401/403, olsAuth.ts), schema of the version
   * profile (422). Answers the failure itself and returns undefined; otherwise returns the body.
   */
  const acceptRequest = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    validate: (body: unknown, version: OlsVersion) => ValidationFailure | undefined,
    precheck?: () => [number, unknown] | undefined,
  ): Promise<unknown> => {
    let body: unknown;
    try {
      const raw = await readBody(req);
      // FastAPI parses only a non-empty body; an empty one is "missing" at validation.
      body = raw ? JSON.parse(raw) : null;
    } catch {
      sendJson(res, 422, {
        detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }],
      });
      return undefined;
    }
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const early = precheck?.();
    if (early) {
      sendJson(res, early[0], early[1]);
      return undefined;
    }
    const authorized = auth.authorize(req.headers.authorization, mode.olsAccess);
    if (!authorized.ok) {
      sendJson(res, authorized.status, authorized.body);
      return undefined;
    }
    const invalid = validate(body, mode.olsVersion);
    if (invalid) {
      sendJson(res, invalid.status, invalid.body);
      return undefined;
    }
    return body;
  };

  const handleQuery = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    streaming: boolean,
  ) => {
    const body = await acceptRequest(req, res, validateQueryRequest);
    if (body === undefined) return;

    const failure = failureResponse(mode.failure);
    if (failure) return sendJson(res, failure[0], failure[1]);
    if (mode.failure === 'timeout') return; // never answers; the client's timeout must fire
    if (mode.failure === 'reset') return req.socket.destroy();

    const request = body as {
      query: string;
      attachments?: ReceivedAttachment[] | null;
      conversation_id?: string | null;
    };
    const conversationId = request.conversation_id ?? randomUUID();
    const events: { event: string; data: unknown }[] = [];
    // acceptRequest answered 401 without one.
    const authorization = req.headers.authorization ?? '';

    if (!streaming) {
      try {
        const text = await answer(request, authorization, (event, data) =>
          events.push({ event, data }),
        );
        return sendJson(res, 200, {
          conversation_id: conversationId,
          response: text,
          referenced_documents: [],
          truncated: false,
          input_tokens: Math.ceil(request.query.length / 4),
          output_tokens: Math.ceil(text.length / 4),
          available_quotas: {},
          tool_calls: events.filter((e) => e.event === 'tool_call').map((e) => e.data),
          tool_results: events.filter((e) => e.event === 'tool_result').map((e) => e.data),
        });
      } catch (e) {
        return sendJson(res, 500, {
          detail: { response: 'Error while calling MCP tools', cause: String(e) },
        });
      }
    }

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
    const write = (event: string, data: unknown, extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ event, data, ...extra })}\n\n`);
    write('start', { conversation_id: conversationId });
    if (mode.failure === 'malformed') {
      res.write('data: {"event": "token", "data": {"id": 0, "tok');
      return res.end();
    }
    try {
      const text = await answer(request, authorization, write, true);
      if (mode.failure === 'error-event') {
        write('token', { id: 0, token: 'Looking at the VM' });
        write('error', {
          response: 'Oops, something went wrong during LLM invocation',
          cause: 'Simulated mid-stream failure',
        });
        return res.end();
      }
      const tokens = text.match(/\S+\s*|\s+/g) ?? [];
      for (let i = 0; i < tokens.length; i++) {
        write('token', { id: i, token: tokens[i] });
        if (mode.tokenDelayMs) await sleep(mode.tokenDelayMs);
      }
      write(
        'end',
        {
          referenced_documents: [
            {
              doc_url:
                'https://docs.openshift.com/container-platform/latest/virt/support/virt-troubleshooting.html',
              doc_title: 'Troubleshooting OpenShift Virtualization',
            },
          ],
          truncated: false,
          input_tokens: Math.ceil(request.query.length / 4),
          output_tokens: tokens.length,
          reasoning_tokens: 0,
        },
        { available_quotas: {} },
      );
    } catch (e) {
      write('error', { response: 'Error while calling MCP tools', cause: String(e) });
    }
    res.end();
  };

  const handleToolCall = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = (await acceptRequest(req, res, validateToolCallRequest)) as
      { server_name: string; tool_name: string; arguments?: Record<string, unknown> } | undefined;
    if (body === undefined) return;
    const server = registeredServers().find((s) => s.name === body.server_name);
    if (!server) {
      return sendJson(res, 404, { detail: `MCP server '${body.server_name}' not found` });
    }
    try {
      const r = await withMcp(server, req.headers.authorization ?? '', async (client) =>
        client.callTool({ name: body.tool_name, arguments: body.arguments ?? {} }),
      );
      return sendJson(res, 200, {
        content: r.content,
        structured_content: r.structuredContent ?? null,
        is_error: Boolean(r.isError),
      });
    } catch (e) {
      return sendJson(res, 502, { detail: { response: 'MCP tool call failed', cause: String(e) } });
    }
  };

  const handleFeedback = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await acceptRequest(req, res, validateFeedbackRequest, () =>
      mode.feedbackEnabled ? undefined : FEEDBACK_DISABLED,
    );
    if (body !== undefined) sendJson(res, 200, FEEDBACK_RECEIVED);
  };

  const handleToolApprovalDecision = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const body = await acceptRequest(req, res, validateToolApprovalDecision);
    if (body === undefined) return;
    const [status, reply] = approvals.decide(
      body as { approval_id: string; approved: boolean },
      userIdOf(req.headers.authorization),
    );
    sendJson(res, status, reply);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    // A route the selected OLS release does not have: FastAPI's 404/405.
    const missing = routeGate(mode.olsVersion, req.method, url.pathname);
    if (missing) return sendJson(res, missing[0], missing[1]);
    const done = (p: Promise<unknown>) =>
      Promise.resolve(p).catch((e) => {
        if (!res.headersSent)
          sendJson(res, 500, { detail: { response: 'Dev server error', cause: String(e) } });
        else res.end();
      });
    switch (route) {
      case 'GET /readiness':
        return mode.failure === 503
          ? sendJson(res, 503, {
              detail: { response: 'Service is not ready', cause: 'LLM is not ready' },
            })
          : sendJson(res, 200, { ready: true, reason: 'service is ready' });
      case 'GET /liveness':
        return sendJson(res, 200, { alive: true });
      case 'POST /authorized': {
        const outcome = auth.authorize(req.headers.authorization, mode.olsAccess);
        return outcome.ok
          ? sendJson(res, 200, {
              user_id: outcome.identity.uid,
              username: outcome.identity.username,
              skip_user_id_check: false,
            })
          : sendJson(res, outcome.status, outcome.body);
      }
      case 'GET /openapi.json':
        return serveOpenApi(res, mode.olsVersion, mode.openapiFault);
      case 'GET /v1/feedback/status':
        return sendJson(res, 200, feedbackStatus(mode.feedbackEnabled));
      case 'POST /v1/feedback':
        return void done(handleFeedback(req, res));
      case 'POST /v1/query':
        return void done(handleQuery(req, res, false));
      case 'POST /v1/streaming_query':
        return void done(handleQuery(req, res, true));
      case 'POST /v1/mcp-apps/tools/call':
        return void done(handleToolCall(req, res));
      case 'POST /v1/tool-approvals/decision':
        return void done(handleToolApprovalDecision(req, res));
      case 'GET /__dev/mode':
        return sendJson(res, 200, mode);
      case 'POST /__dev/mode':
        return void done(
          readBody(req).then((raw) => {
            Object.assign(mode, JSON.parse(raw || '{}'));
            sendJson(res, 200, mode);
          }),
        );
      case 'GET /__dev/requests':
        return sendJson(res, 200, requests);
      case 'DELETE /__dev/requests':
        requests.length = 0;
        return sendJson(res, 200, []);
      default:
        return sendJson(res, 404, { detail: 'Not Found' });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    mode,
    setMode: (m) => Object.assign(mode, m),
    accessOf: (token) => auth.decide(token, mode.olsAccess),
    stop: () =>
      new Promise<void>((resolve) => {
        approvals.dispose();
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
};
