/**
 * The console bridge's WebSocket proxy in miniature (imitation, no upstream code), following
 * openshift/console release-4.22 `pkg/proxy/proxy.go` (ServeHTTP, copyMsgs):
 * - the backend is dialed first as a WebSocket client of its own (new key, `Origin: http://localhost`,
 *   the caller's token; Connection/Upgrade/Sec-WebSocket-Key/-Version/-Extensions of the browser are not
 *   forwarded, Sec-WebSocket-Protocol is); a failed dial answers the browser with the backend's status
 *   (502 when there was none) instead of upgrading;
 * - then messages, not bytes, are copied both ways; pings are answered where they arrive and the
 *   browser is pinged every 30 s;
 * - when either side ends (a close frame, an error, a dropped connection), a normal-closure close frame
 *   goes to the backend and the browser's connection is simply closed, so the browser sees code 1006.
 */
import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const PING_INTERVAL_MS = 30_000;

export const OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + GUID)
    .digest('base64');

/** One frame; client-to-server frames are masked (RFC 6455 5.3). */
export const encodeFrame = (opcode: number, payload: Buffer = Buffer.alloc(0), mask = false) => {
  const len = payload.length;
  const lengthBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  header[0] = 0x80 | opcode;
  header[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(len, 2);
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  key.copy(header, 2 + lengthBytes);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i += 1) masked[i] ^= key[i % 4];
  return Buffer.concat([header, masked]);
};

export interface Message {
  opcode: number;
  payload: Buffer;
}

/** Reassembles frames (fragmented data messages too) from a byte stream. */
export class MessageReader {
  private pending = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  constructor(private readonly onMessage: (m: Message) => void) {}

  push(chunk: Buffer) {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.pending.length < 2) return;
      const fin = (this.pending[0] & 0x80) !== 0;
      const opcode = this.pending[0] & 0x0f;
      const masked = (this.pending[1] & 0x80) !== 0;
      let len = this.pending[1] & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.pending.length < 4) return;
        len = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.pending.length < 10) return;
        len = Number(this.pending.readBigUInt64BE(2));
        offset = 10;
      }
      const maskKey = masked ? this.pending.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (this.pending.length < offset + len) return;
      const payload = Buffer.from(this.pending.subarray(offset, offset + len));
      if (maskKey) for (let i = 0; i < payload.length; i += 1) payload[i] ^= maskKey[i % 4];
      this.pending = this.pending.subarray(offset + len);
      if (opcode >= 0x8) {
        this.onMessage({ opcode, payload });
      } else {
        if (opcode !== OPCODES.continuation) {
          this.fragmentOpcode = opcode;
          this.fragments = [];
        }
        this.fragments.push(payload);
        if (fin) {
          this.onMessage({ opcode: this.fragmentOpcode, payload: Buffer.concat(this.fragments) });
          this.fragments = [];
        }
      }
    }
  }
}

const httpError = (socket: Duplex, status: number, message: string) => {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 502 ? 'Bad Gateway' : 'Error'}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

export interface BridgeOptions {
  target: URL;
  token: string;
  ca: string;
  /** Every socket opened (both sides), so the server can destroy them on stop. */
  track(socket: Duplex): void;
}

/** Handles one browser upgrade request on `socket` (the http server's 'upgrade' event). */
export const bridgeWebSocket = (
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  { target, token, ca, track }: BridgeOptions,
) => {
  const clientKey = req.headers['sec-websocket-key'];
  if (typeof clientKey !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    httpError(socket, 400, 'Bad Request');
    return;
  }
  const headers: http.OutgoingHttpHeaders = {};
  const dropped = new Set([
    'connection',
    'upgrade',
    'sec-websocket-key',
    'sec-websocket-version',
    'sec-websocket-extensions',
    'cookie',
    'host',
    'origin',
  ]);
  for (const [k, v] of Object.entries(req.headers)) if (!dropped.has(k)) headers[k] = v;
  const protocol = req.headers['sec-websocket-protocol']?.split(',')[0]?.trim();
  Object.assign(headers, {
    host: target.host,
    authorization: `Bearer ${token}`,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    origin: 'http://localhost',
  });
  const dial = https.request(target, { method: 'GET', headers, ca });
  socket.on('error', () => dial.destroy());

  dial.on('response', (res) => {
    res.resume();
    httpError(socket, res.statusCode || 502, `Failed to dial backend: 'bad handshake'`);
  });
  dial.on('error', (e) => httpError(socket, 502, `Failed to dial backend: '${e.message}'`));
  dial.on('upgrade', (_res, backend: Duplex, backendHead: Buffer) => {
    track(backend);
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${acceptKey(clientKey)}\r\n` +
        (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
        '\r\n',
    );
    let ended = false;
    const ping = setInterval(() => {
      if (!ended) socket.write(encodeFrame(OPCODES.ping));
    }, PING_INTERVAL_MS);
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      // The deferred functions of ServeHTTP: a close frame to the backend, both connections closed.
      if (backend.writable)
        backend.write(encodeFrame(OPCODES.close, Buffer.from([0x03, 0xe8]), true));
      backend.end();
      socket.destroy();
    };
    const fromBackend = new MessageReader(({ opcode, payload }) => {
      if (ended) return;
      if (opcode === OPCODES.close) return end();
      if (opcode === OPCODES.ping)
        return void backend.write(encodeFrame(OPCODES.pong, payload, true));
      if (opcode === OPCODES.pong) return undefined;
      return void socket.write(encodeFrame(opcode, payload));
    });
    const fromBrowser = new MessageReader(({ opcode, payload }) => {
      if (ended) return;
      if (opcode === OPCODES.close) {
        // gorilla answers the peer's close frame before the read loop ends.
        socket.write(encodeFrame(OPCODES.close, payload.subarray(0, 2)));
        return end();
      }
      if (opcode === OPCODES.ping) return void socket.write(encodeFrame(OPCODES.pong, payload));
      if (opcode === OPCODES.pong) return undefined;
      return void backend.write(encodeFrame(opcode, payload, true));
    });
    backend.on('data', (d: Buffer) => fromBackend.push(d));
    socket.on('data', (d: Buffer) => fromBrowser.push(d));
    backend.on('close', end);
    backend.on('error', end);
    socket.on('close', end);
    socket.on('error', end);
    if (backendHead.length) fromBackend.push(backendHead);
    if (head.length) fromBrowser.push(head);
  });
  dial.end();
};
