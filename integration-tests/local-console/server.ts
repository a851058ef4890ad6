/**
 * The local console: serves the console shell and the built plugin like console 4.22 does
 * (/api/plugins/<name>/...), proxies /api/kubernetes to the Kubernetes API simulator and
 * /api/proxy/plugin/lightspeed-console-plugin/ols to the OLS dev server, both with the signed-in
 * user's bearer token, and exposes the dev switches at /api/dev/state.
 * WebSocket upgrades on /api/kubernetes/... (the console's watches) go to the simulator with the same
 * token through a bridge like the console's (wsBridge.ts). /api/dev/kube/{apply,delete} change the
 * simulator's objects for the browser tests.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { OlsDevMode, OlsDevServer, OlsFailure } from '../ols-dev-server';
import type { DevState } from './shell/devState';
import { bridgeWebSocket } from './wsBridge';

export const PLUGIN_NAME = 'kubevirt-lightspeed-plugin';

export interface LocalUser {
  name: string;
  token: string;
  description: string;
}

export interface LocalConsoleOptions {
  port?: number;
  host?: string;
  pluginDist: string;
  shellDir: string;
  kubeApi: { url: string; caPem: string };
  ols: OlsDevServer;
  users: LocalUser[];
  /** plugin-config.json's `ai` for these backends, with `enabled` following the dev switch. */
  aiConfig?: (enabled: boolean) => Record<string, unknown>;
  /** The simulator's object store, for the dev endpoints that change objects (tests). */
  kubeObjects?: {
    apply(obj: Record<string, unknown>): unknown;
    delete(kind: string, namespace: string | undefined, name: string): boolean;
  };
}

export interface LocalConsole {
  url: string;
  state: DevState;
  /** OLS requests the console proxy refused because Lightspeed is "not installed". */
  blockedOlsRequests: string[];
  stop(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const sendFile = (res: http.ServerResponse, root: string, relative: string) => {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('Not found');
  }
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  });
  createReadStream(file).pipe(res);
};

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>OpenShift console (local)</title>
    <link rel="stylesheet" href="/shell/shell.css" />
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/shell/shell.js"></script>
  </body>
</html>`;

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Forwards a request with the user's token, streaming both ways (OLS answers stream). */
const proxy = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: URL,
  token: string,
  tls?: { ca: string },
) => {
  const headers = { ...req.headers, host: target.host, authorization: `Bearer ${token}` };
  delete headers.cookie;
  const options = { method: req.method, headers, ca: tls?.ca };
  const upstream = (target.protocol === 'https:' ? https : http).request(target, options, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (e) => {
    if (!res.headersSent)
      sendJson(res, 502, {
        kind: 'Status',
        status: 'Failure',
        message: `proxy error: ${e.message}`,
        code: 502,
      });
    else res.destroy();
  });
  req.pipe(upstream);
};

export const startLocalConsole = async (options: LocalConsoleOptions): Promise<LocalConsole> => {
  const state: DevState = {
    user: options.users[0].name,
    users: options.users.map(({ name, description }) => ({ name, description })),
    lightspeed: true,
    mcpRegistered: options.ols.mode.mcpRegistered,
    olsFailure: 'none',
    aiEnabled: true,
  };
  const blockedOlsRequests: string[] = [];
  const tokenOf = () =>
    options.users.find((u) => u.name === state.user)?.token ?? options.users[0].token;
  const pluginPrefix = `/api/plugins/${PLUGIN_NAME}/`;
  const olsPrefix = '/api/proxy/plugin/lightspeed-console-plugin/ols/';

  /** `olsMode` passes the OLS dev server's other switches through (olsVersion, olsAccess, …). */
  const applyState = (patch: Partial<DevState> & { olsMode?: Partial<OlsDevMode> }) => {
    const { olsMode, ...switches } = patch;
    Object.assign(state, switches);
    const failure = /^\d+$/.test(state.olsFailure)
      ? (Number(state.olsFailure) as OlsFailure)
      : (state.olsFailure as OlsFailure);
    options.ols.setMode({ ...olsMode, mcpRegistered: state.mcpRegistered, failure });
  };
  const stateView = () => ({ ...state, olsMode: options.ols.mode });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/api/dev/state') {
      if (req.method === 'POST') {
        return void readBody(req).then((raw) => {
          applyState(JSON.parse(raw || '{}'));
          sendJson(res, 200, stateView());
        });
      }
      return sendJson(res, 200, stateView());
    }
    if (p === '/api/dev/ols-requests') {
      if (req.method === 'DELETE') {
        options.ols.requests.length = 0;
        blockedOlsRequests.length = 0;
      }
      return sendJson(res, 200, { forwarded: options.ols.requests, blocked: blockedOlsRequests });
    }
    if (p === `${pluginPrefix}plugin-config.json`) {
      // What the chart's nginx serves from Helm values (PluginRuntimeConfig).
      return sendJson(res, 200, {
        ai: options.aiConfig?.(state.aiEnabled) ?? {
          enabled: state.aiEnabled,
          mcpServerName: 'cnv-mcp-server',
        },
        limits: { maxQueryChars: 32000, maxAttachmentChars: 100000, requestTimeoutMs: 120000 },
      });
    }
    if (p === '/api/dev/kube/apply' || p === '/api/dev/kube/delete') {
      const objects = options.kubeObjects;
      if (!objects || req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
      return void readBody(req).then((raw) => {
        try {
          const body = JSON.parse(raw || '{}');
          if (p.endsWith('/apply')) return sendJson(res, 200, objects.apply(body));
          const deleted = objects.delete(body.kind, body.namespace, body.name);
          return sendJson(res, deleted ? 200 : 404, { deleted });
        } catch (e) {
          return sendJson(res, 400, { error: (e as Error).message });
        }
      });
    }
    if (p.startsWith(pluginPrefix))
      return sendFile(res, options.pluginDist, p.slice(pluginPrefix.length));
    if (p.startsWith('/shell/')) return sendFile(res, options.shellDir, p.slice('/shell/'.length));
    if (p.startsWith('/api/kubernetes/')) {
      const target = new URL(p.slice('/api/kubernetes'.length) + url.search, options.kubeApi.url);
      return proxy(req, res, target, tokenOf(), { ca: options.kubeApi.caPem });
    }
    if (p.startsWith(olsPrefix)) {
      if (!state.lightspeed) {
        // Without lightspeed-console there is no such proxy: the console answers 404.
        blockedOlsRequests.push(`${req.method} ${p}`);
        return sendJson(res, 404, { error: 'plugin lightspeed-console-plugin not found' });
      }
      const target = new URL(p.slice(olsPrefix.length - 1) + url.search, options.ols.url);
      return proxy(req, res, target, tokenOf());
    }
    if (p.startsWith('/api/')) return sendJson(res, 404, { error: 'not found' });
    if (p === '/favicon.ico') return res.writeHead(204).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    return res.end(INDEX_HTML);
  });

  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on('connection', (s: Socket) => track(s));
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/kubernetes/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const target = new URL(
      url.pathname.slice('/api/kubernetes'.length) + url.search,
      options.kubeApi.url,
    );
    bridgeWebSocket(req, socket, head, {
      target,
      token: tokenOf(),
      ca: options.kubeApi.caPem,
      track,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9000, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    state,
    blockedOlsRequests,
    stop: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
};
