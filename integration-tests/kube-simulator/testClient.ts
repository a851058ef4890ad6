/**
 * Small clients for the simulator's specs: raw HTTPS requests (what the typed client hides) and a
 * WebSocket watch through the `ws` package, connecting the way the console's bridge does
 * (gorilla/websocket with `Origin: http://localhost` and the bearer token).
 */
import https from 'node:https';
import WebSocket from 'ws';
import type { KubeSimulator } from './index';

/** Whatever JSON.parse gives: the specs read the fields they expect. */
type Parsed = ReturnType<typeof JSON.parse>;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => Parsed;
}

export const rawRequest = (
  sim: KubeSimulator,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = https.request(
      `${sim.url}${path}`,
      {
        method,
        ca: sim.caPem,
        headers: {
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });

export interface WatchEventJson {
  type: string;
  object: Parsed;
}

export interface WsWatch {
  ws: WebSocket;
  /** Raw frames: text, and whether they came as binary. */
  frames: { data: string; binary: boolean }[];
  events: WatchEventJson[];
  /** Resolves once at least `n` events have arrived. */
  waitFor(n: number): Promise<WatchEventJson[]>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

export interface WsOptions {
  token?: string;
  origin?: string | null;
  protocols?: string[];
  headers?: Record<string, string | string[]>;
}

/** Open a watch WebSocket; rejects with the HTTP response when the server refuses the upgrade. */
export const openWatchSocket = (
  sim: KubeSimulator,
  path: string,
  options: WsOptions = {},
): Promise<WsWatch> =>
  new Promise((resolve, reject) => {
    const url = `${sim.url.replace(/^https/, 'wss')}${path}`;
    const origin = options.origin === undefined ? 'http://localhost' : options.origin;
    const ws = new WebSocket(url, options.protocols ?? [], {
      ca: sim.caPem,
      headers: {
        ...options.headers,
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
      ...(origin === null ? {} : { origin }),
    });
    const frames: WsWatch['frames'] = [];
    const events: WatchEventJson[] = [];
    const waiters: { n: number; resolve: (e: WatchEventJson[]) => void }[] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data, binary) => {
      const text = data.toString();
      frames.push({ data: text, binary });
      events.push(JSON.parse(text) as WatchEventJson);
      for (const w of [...waiters]) {
        if (events.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(events);
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        reject(
          Object.assign(new Error(`upgrade refused: ${res.statusCode}`), {
            status: res.statusCode,
            body: text,
          }),
        ),
      );
    });
    ws.on('error', (error) => reject(error));
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        events,
        waitFor: (n) =>
          new Promise((done) => {
            if (events.length >= n) done(events);
            else waiters.push({ n, resolve: done });
          }),
        closed,
        close: () => ws.close(),
      }),
    );
  });
