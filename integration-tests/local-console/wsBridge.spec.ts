/** The console-like WebSocket bridge between a real WebSocket client and the Kubernetes simulator. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { disposeKubeSimulator, startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { bridgeWebSocket, encodeFrame, MessageReader, OPCODES } from './wsBridge';

const ADMIN = 'admin-token';
const ALICE = 'alice-token';

const vm = (name: string, status = 'Running') => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace: 'team-a' },
  spec: { runStrategy: 'Always' },
  status: { printableStatus: status },
});

let sim: KubeSimulator;
let server: http.Server;
let base: string;
let token = ADMIN;

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } },
      vm('first'),
    ],
    tokens: {
      [ADMIN]: { user: 'admin', namespaces: '*' },
      [ALICE]: { user: 'alice', namespaces: ['team-b'] },
    },
  });
  const sockets = new Set<Duplex>();
  server = http.createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    bridgeWebSocket(req, socket, head, {
      target: new URL(url.pathname.slice('/api/kubernetes'.length) + url.search, sim.url),
      token,
      ca: sim.caPem,
      track: (s) => sockets.add(s),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/kubernetes`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await disposeKubeSimulator(sim);
});

afterEach(() => {
  token = ADMIN;
});

const open = (path: string) =>
  new Promise<{
    ws: WebSocket;
    events: { type: string; object: { metadata: { name: string } } }[];
  }>((resolve, reject) => {
    const ws = new WebSocket(`${base}${path}`);
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data))));
    ws.on('open', () => resolve({ ws, events }));
    ws.on('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error('refused'), { status: res.statusCode })),
    );
    ws.on('error', reject);
  });

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
};

it('relays watch events of the simulator, with the caller token', async () => {
  const { ws, events } = await open(
    '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines?watch=true',
  );
  await until(() => events.length === 1);
  expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'first' } } });
  sim.apply(vm('second', 'Stopped'));
  await until(() => events.length === 2);
  expect(events[1]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'second' } } });
  const watch = sim.requests.filter((r) => r.watch).at(-1);
  expect(watch?.user).toBe('admin');
  ws.close();
});

it("answers a refused watch with the backend's status instead of upgrading", async () => {
  token = ALICE;
  await expect(
    open('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines?watch=true'),
  ).rejects.toMatchObject({ status: 403 });
});

it('closes the browser side without a close frame when the backend ends the watch (1006)', async () => {
  const { ws } = await open(
    '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines?watch=true&timeoutSeconds=1',
  );
  const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
  expect(code).toBe(1006);
});

it('reassembles fragmented and masked frames', () => {
  const messages: { opcode: number; text: string }[] = [];
  const reader = new MessageReader(({ opcode, payload }) =>
    messages.push({ opcode, text: payload.toString() }),
  );
  const first = encodeFrame(OPCODES.text, Buffer.from('hel'), true);
  first[0] &= 0x7f; // not final
  const rest = encodeFrame(OPCODES.continuation, Buffer.from('lo'), true);
  const big = encodeFrame(OPCODES.text, Buffer.alloc(70_000, 'x'));
  const all = Buffer.concat([first, rest, big]);
  for (let i = 0; i < all.length; i += 1000) reader.push(all.subarray(i, i + 1000));
  expect(messages.map((m) => [m.opcode, m.text.length])).toEqual([
    [OPCODES.text, 5],
    [OPCODES.text, 70_000],
  ]);
  expect(messages[0].text).toBe('hello');
});
