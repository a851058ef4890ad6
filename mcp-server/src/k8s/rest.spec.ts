import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigForToken } from './cluster';
import { KubeApiError } from './errors';
import { RESOURCES } from './resources';
import { DEFAULT_REST_OPTIONS, KubeRest } from './rest';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A scripted API server: each request is answered by the next handler (the last one repeats). */
const startScripted = async (handlers: Handler[]) => {
  const seen: { url: string; auth?: string; accept?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization, accept: req.headers.accept });
    handlers[Math.min(seen.length - 1, handlers.length - 1)](req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = new KubeConfig();
  base.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'admin', token: 'admin-token' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'admin' }],
    currentContext: 'c',
  });
  return {
    seen,
    base,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
};

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

const fast = { ...DEFAULT_REST_OPTIONS, backoffBaseMs: 1, pageSize: 2 };

describe('KubeRest', () => {
  it('acts as the caller only and pages through limit/continue', async () => {
    const api = await startScripted([
      json(200, {
        items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
        metadata: { continue: 'p2' },
      }),
      json(200, { items: [{ metadata: { name: 'c' } }], metadata: {} }),
    ]);
    const rest = new KubeRest(kubeConfigForToken(api.base, 'user-token'), fast);
    const items = await rest.list(RESOURCES.virtualMachine, { labelSelector: 'app=db' });
    expect(items.map((i) => (i as { metadata: { name: string } }).metadata.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(items[0]).toMatchObject({ kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1' });
    expect(api.seen.map((s) => s.auth)).toEqual(['Bearer user-token', 'Bearer user-token']);
    expect(api.seen[0].url).toBe(
      '/apis/kubevirt.io/v1/virtualmachines?limit=2&labelSelector=app%3Ddb',
    );
    expect(api.seen[1].url).toContain('continue=p2');
    expect(rest.requests).toBe(2);
    await api.stop();
  });

  it('retries 429 (honouring Retry-After) and 5xx, then succeeds', async () => {
    const api = await startScripted([
      json(429, { kind: 'Status' }, { 'Retry-After': '0' }),
      json(503, { kind: 'Status' }),
      json(200, { metadata: { name: 'vm' } }),
    ]);
    const rest = new KubeRest(api.base, fast);
    await expect(rest.get(RESOURCES.virtualMachine, 'ns', 'vm')).resolves.toMatchObject({
      metadata: { name: 'vm' },
    });
    expect(rest.requests).toBe(3);
    await api.stop();
  });

  it('gives up after maxAttempts with an error naming what failed', async () => {
    const api = await startScripted([json(500, { kind: 'Status' })]);
    const rest = new KubeRest(api.base, fast);
    await expect(rest.get(RESOURCES.persistentVolumeClaim, 'ns', 'disk')).rejects.toThrow(
      'the Kubernetes API could not be reached or failed (500) while trying to get persistentvolumeclaims in namespace "ns"',
    );
    expect(rest.requests).toBe(3);
    await api.stop();
  });

  it('maps 403 and 404 to typed errors without retrying', async () => {
    const api = await startScripted([json(403, {}), json(404, {})]);
    const rest = new KubeRest(api.base, fast);
    const forbidden = await rest.get(RESOURCES.persistentVolumeClaim, 'y', 'x').catch((e) => e);
    expect(forbidden).toBeInstanceOf(KubeApiError);
    expect(forbidden.message).toBe(
      'not allowed to get persistentvolumeclaims "x" in namespace "y"',
    );
    const missing = await rest.get(RESOURCES.virtualMachine, 'y', 'x').catch((e) => e);
    expect(missing.message).toBe('virtualmachines.kubevirt.io "x" not found in namespace "y"');
    expect(await rest.getOptional(RESOURCES.virtualMachine, 'y', 'x')).toBeNull();
    expect(rest.requests).toBe(3);
    await api.stop();
  });

  it('reads Secrets as metadata only and never keeps their data or annotations', async () => {
    const api = await startScripted([
      json(200, {
        kind: 'Secret',
        metadata: {
          name: 's',
          namespace: 'ns',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'password' },
        },
        data: { userdata: 'cGFzc3dvcmQ=' },
        stringData: { password: 'hunter2' },
      }),
    ]);
    const rest = new KubeRest(api.base, fast);
    const secret = await rest.get(RESOURCES.secret, 'ns', 's');
    expect(JSON.stringify(secret)).not.toMatch(/password|hunter2|cGFzc3dvcmQ/);
    expect(secret).toMatchObject({ kind: 'Secret', metadata: { name: 's', namespace: 'ns' } });
    expect(api.seen[0].accept).toContain('as=PartialObjectMetadata');
    await api.stop();
  });

  it('times out a slow request with a clear error', async () => {
    const api = await startScripted([
      (_req, res) => setTimeout(() => json(200, {})(_req, res), 500),
    ]);
    const rest = new KubeRest(api.base, { ...fast, timeoutMs: 50 });
    await expect(rest.list(RESOURCES.event, { namespace: 'ns' })).rejects.toThrow(
      'the Kubernetes API did not answer in time while trying to list events in namespace "ns"',
    );
    await api.stop();
  });

  it('retries a refused connection and reports the API unreachable', async () => {
    const api = await startScripted([json(200, {})]);
    await api.stop();
    const rest = new KubeRest(api.base, fast);
    await expect(rest.list(RESOURCES.node)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(rest.requests).toBe(3);
  });
});
