/**
 * Watches over WebSocket, as kube-apiserver serves them to the OpenShift console's bridge (which
 * proxies the browser's `wss://…/api/kubernetes/…?watch=true` upgrade with a gorilla/websocket
 * dialer, adding `Origin: http://localhost`; openshift/console release-4.22 pkg/proxy/proxy.go).
 * The real handler (kubernetes release-1.33
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go `HandleWS`) is a
 * golang.org/x/net/websocket `Handler`, whose handshake (websocket/server.go, hybi.go) this
 * follows: version 13 only, an `Origin` header required (403 otherwise), at most one subprotocol
 * offered (400 otherwise), echoed back unchanged and with no effect on the frames. Each watch
 * event is one unfragmented text frame holding the event's JSON and a newline; the server ignores
 * what the client sends and closes with 1000 when the watch ends. Authentication and RBAC run
 * before the handshake, so a refused watch is a plain HTTP 401/403 with a Status body.
 * Framing itself is the `ws` package (server side, no compression).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export type HandshakeCheck =
  | { ok: true; protocol?: string }
  | { ok: false; code: number; body: string; headers?: Record<string, string> };

/** Is this request asking to become a WebSocket? */
export const isWebSocketUpgrade = (req: IncomingMessage): boolean =>
  (req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
  (req.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .some((t) => t.trim() === 'upgrade');

/** x/net/websocket's hybi handshake checks and its Origin check, in its order. */
export const checkHandshake = (req: IncomingMessage): HandshakeCheck => {
  if ((req.method ?? 'GET').toUpperCase() !== 'GET') {
    return { ok: false, code: 405, body: 'bad method' };
  }
  if (!isWebSocketUpgrade(req)) return { ok: false, code: 400, body: 'missing or bad upgrade' };
  if (req.headers['sec-websocket-version'] !== '13') {
    return {
      ok: false,
      code: 400,
      body: 'bad protocol version',
      headers: { 'Sec-WebSocket-Version': '13' },
    };
  }
  const key = req.headers['sec-websocket-key'];
  if (!key || Buffer.from(key, 'base64').length !== 16) {
    return { ok: false, code: 400, body: 'mismatch challenge/response' };
  }
  // websocket.Handler's default Handshake: the Origin must be present and parse as a URL. Go reads
  // the first value (the bridge sends two: the browser's and its own `http://localhost`).
  const origin = req.headersDistinct.origin?.[0];
  if (!origin || !URL.canParse(origin)) return { ok: false, code: 403, body: '' };
  const offered = (req.headersDistinct['sec-websocket-protocol']?.[0] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  // Without a Handshake choosing one, x/net accepts a single offered protocol and echoes it.
  if (offered.length > 1) return { ok: false, code: 400, body: '' };
  return { ok: true, protocol: offered[0] };
};

/** Answer an upgrade request with a plain HTTP response and close the connection. */
export const rejectUpgrade = (
  socket: Duplex,
  code: number,
  body: string,
  headers: Record<string, string> = {},
): void => {
  if (socket.destroyed) return;
  const head = [
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}`,
    ...Object.entries({
      ...headers,
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
    }).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
};

const CLOSE_WAIT_MS = 1000;

/** The open watch WebSockets of one server. */
export class WatchSockets {
  private readonly server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    // checkHandshake let at most one protocol through: echo it.
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  private readonly open = new Set<WebSocket>();

  get size(): number {
    return this.open.size;
  }

  /** Complete the handshake; `onOpen` gets the socket (messages from the client are ignored). */
  accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    onOpen: (ws: WebSocket) => void,
  ): void {
    this.server.handleUpgrade(req, socket, head, (ws) => {
      this.open.add(ws);
      ws.on('close', () => this.open.delete(ws));
      ws.on('error', () => ws.terminate());
      onOpen(ws);
    });
  }

  /** Close every socket with 1000 and wait for the clients (at most a second), then drop them. */
  async closeAll(): Promise<void> {
    const closing = [...this.open].map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, CLOSE_WAIT_MS);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1000);
        }),
    );
    await Promise.all(closing);
  }
}
