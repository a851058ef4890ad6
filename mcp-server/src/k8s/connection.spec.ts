import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { baseConnectionSource, ConnectionPool, tokenKey } from './connection';
import { RESOURCES } from './resources';
import { DEFAULT_REST_OPTIONS, KubeRest } from './rest';

/** An API server that records, per request, the Authorization header and which socket carried it. */
const startApi = async () => {
  const seen: { auth?: string; socket: number }[] = [];
  const sockets = new WeakMap<object, number>();
  let nextSocket = 0;
  const server = http.createServer((req, res) => {
    if (!sockets.has(req.socket)) sockets.set(req.socket, (nextSocket += 1));
    seen.push({ auth: req.headers.authorization, socket: sockets.get(req.socket) ?? 0 });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ metadata: { name: 'vm' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = new KubeConfig();
  base.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'server', token: 'server-token' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'server' }],
    currentContext: 'c',
  });
  running.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { seen, base };
};

/** Servers of the running test, stopped even when it fails. */
const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((stop) => stop()));
});

const getVm = (rest: KubeRest) => rest.get(RESOURCES.virtualMachine, 'ns', 'vm');

describe('ConnectionPool', () => {
  it('gives two tokens two connections and the same token the same one', async () => {
    const api = await startApi();
    const pool = new ConnectionPool(api.base);
    const a1 = await pool.forToken('token-a');
    const a2 = await pool.forToken('token-a');
    const b = await pool.forToken('token-b');
    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    expect(b.agent).not.toBe(a1.agent);
    expect(a1.headers.Authorization).toBe('Bearer token-a');
    expect(b.headers.Authorization).toBe('Bearer token-b');
    expect(pool.size).toBe(2);
  });

  it("reuses a token's keep-alive socket across calls and never lends it to another token", async () => {
    const api = await startApi();
    const pool = new ConnectionPool(api.base);
    // One client per tool call, as the HTTP transport makes them.
    const call = (token: string) =>
      getVm(new KubeRest(() => pool.forToken(token), DEFAULT_REST_OPTIONS));
    await call('token-a');
    await call('token-a');
    await call('token-b');
    await call('token-a');
    expect(api.seen.map((s) => s.auth)).toEqual([
      'Bearer token-a',
      'Bearer token-a',
      'Bearer token-b',
      'Bearer token-a',
    ]);
    const [a1, a2, b, a3] = api.seen.map((s) => s.socket);
    expect(a2).toBe(a1);
    expect(a3).toBe(a1);
    expect(b).not.toBe(a1);
    // The server's own credentials never go out with a caller's request.
    expect(api.seen.some((s) => s.auth === 'Bearer server-token')).toBe(false);
  });

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const api = await startApi();
    const pool = new ConnectionPool(api.base, { maxEntries: 2 });
    const a = await pool.forToken('a');
    await pool.forToken('b');
    await pool.forToken('a'); // a is now the most recent: b goes first
    await pool.forToken('c');
    expect(pool.size).toBe(2);
    expect(await pool.forToken('a')).toBe(a);
    const b = await pool.forToken('b');
    expect(b.headers.Authorization).toBe('Bearer b');
  });

  it('sets up a connection again once a token was idle for idleMs', async () => {
    const api = await startApi();
    let now = 0;
    const pool = new ConnectionPool(api.base, { idleMs: 1_000, now: () => now });
    const first = await pool.forToken('a');
    now = 999;
    expect(await pool.forToken('a')).toBe(first);
    now = 1_998; // idle time counts from the last use
    expect(await pool.forToken('a')).toBe(first);
    now = 3_000;
    expect(await pool.forToken('a')).not.toBe(first);
  });

  it('does not keep a failed set-up', async () => {
    const base = new KubeConfig();
    base.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1', caFile: '/nonexistent/ca.crt' }],
      users: [{ name: 'server' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'server' }],
      currentContext: 'c',
    });
    const pool = new ConnectionPool(base);
    await expect(pool.forToken('a')).rejects.toThrow();
    expect(pool.size).toBe(0);
  });

  it('keys entries by a SHA-256 of the token, not the token', () => {
    expect(tokenKey('secret-token')).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenKey('secret-token')).not.toContain('secret');
    expect(tokenKey('a')).not.toBe(tokenKey('b'));
  });
});

describe('baseConnectionSource', () => {
  it('sets up static credentials once', async () => {
    const api = await startApi();
    const source = baseConnectionSource(api.base);
    expect(await source()).toBe(await source());
    await getVm(new KubeRest(source));
    await getVm(new KubeRest(source));
    expect(api.seen.map((s) => s.auth)).toEqual(['Bearer server-token', 'Bearer server-token']);
    expect(api.seen[1].socket).toBe(api.seen[0].socket);
  });

  it('sets up credentials that may change (exec plugin, auth provider) for every client', () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
      users: [{ name: 'u', exec: { command: 'true', apiVersion: 'v1' } }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const source = baseConnectionSource(kc);
    const first = source();
    const second = source();
    first.catch(() => undefined);
    second.catch(() => undefined);
    expect(second).not.toBe(first);
  });
});
