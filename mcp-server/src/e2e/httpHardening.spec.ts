/**
 * The HTTP front door of the real built server (mcp-server/dist/cnv-mcp-server.js), started with the
 * chart's V8 heap cap (--max-old-space-size=128, as NODE_OPTIONS does in the pod): body limit
 * enforced while reading, Host/Origin validation, a rate limit made-up tokens cannot bypass, the
 * Kubernetes request budget of one HTTP request across a JSON-RPC batch, and an audit line plus a
 * metric for every refusal.
 */
import http from 'node:http';
import { startKubeSimulator, type KubeSimulator } from '../../../integration-tests/kube-simulator';
import {
  buildServer,
  call,
  connectHttp,
  SCENARIO_DIR,
  startHttpServer,
  type HttpServer,
} from '../testing/harness';

jest.setTimeout(90_000);

const ADMIN = 'hardening-admin-token-0123';
const LATE = 'hardening-late-user-token-4567';
const TOKENS = {
  [ADMIN]: { user: 'admin', namespaces: '*' as const },
  [LATE]: { user: 'late', namespaces: '*' as const },
};
const VM = { namespace: 'diag-imagepull-tag', name: 'fedora-web-01' };
const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};

let sim: KubeSimulator;

beforeAll(async () => {
  buildServer();
  sim = await startKubeSimulator({ yaml: SCENARIO_DIR, tokens: TOKENS });
});
afterAll(() => sim?.stop());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** node:http, so Host can be set (fetch forbids it). */
const raw = (
  url: string,
  {
    headers = {},
    body,
    method = 'POST',
  }: { headers?: Record<string, string>; body?: string; method?: string },
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const req = http.request(`${url}/mcp`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });

const toolCall = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** Results of an SSE or JSON answer, by JSON-RPC id. */
const resultsOf = (
  body: string,
): Map<number, { isError?: boolean; content: { text: string }[] }> => {
  const messages = body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .flatMap((line) => {
      const parsed = JSON.parse(line.slice(6)) as unknown;
      return Array.isArray(parsed) ? parsed : [parsed];
    }) as { id: number; result: { isError?: boolean; content: { text: string }[] } }[];
  return new Map(messages.map((m) => [m.id, m.result]));
};

const auditLines = (server: HttpServer) =>
  server
    .stderr()
    .split('\n')
    .filter((line) => line.includes('"type":"audit"'))
    .map((line) => JSON.parse(line) as Record<string, any>);

/** Audit lines are written when a response finishes: wait until `count` of them have arrived. */
const auditedWith = async (server: HttpServer, reason: string, count: number) => {
  for (let i = 0; i < 400; i += 1) {
    if (auditLines(server).filter((a) => a.reason === reason).length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return auditLines(server).filter((a) => a.reason === reason);
};

const metric = async (server: HttpServer, name: string, labels: string): Promise<number> => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('request body limit, at the deployed 128 MiB heap', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(sim.kubeconfigFor(null), ['--rate-limit', '1000/min']);
  });
  afterAll(() => server?.stop());

  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, Authorization: 'Bearer made-up-token', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  /** A body of `size` bytes streamed in 1 MiB chunks without Content-Length (chunked). */
  const streamed = (size: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new Uint8Array(1 << 20).fill(0x20);
        for (let left = size; left > 0; left -= chunk.length) {
          controller.enqueue(chunk.subarray(0, Math.min(left, chunk.length)));
        }
        controller.close();
      },
    });

  it.each([
    ['4 MB with Content-Length', () => '['.padEnd(4_000_000, '0')],
    ['100 MB with Content-Length', () => '['.padEnd(100_000_000, '0')],
    ['100 MB chunked, no Content-Length', () => streamed(100_000_000)],
    ['4 MB chunked, no Content-Length', () => streamed(4_000_000)],
  ])('%s: a clean 413 with a JSON-RPC error, and the server still answers', async (_name, body) => {
    const response = await post(body());
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: expect.stringContaining('Request body too large (413)') },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('a body just under the limit, nested as deep as it goes, is answered and the server stays up', async () => {
    const depth = 1_500_000;
    const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search_virtual_machines","arguments":{"query":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
    expect(body.length).toBeLessThan(3 * 1024 * 1024);
    const response = await post(body, { Authorization: `Bearer ${ADMIN}` });
    expect(response.status).toBe(200);
    expect(resultsOf(await response.text()).get(7)?.isError).toBe(true);
    const client = await connectHttp(server.url, ADMIN);
    expect((await call(client, 'diagnose_vm_error', VM)).isError).toBeFalsy();
    await client.close();
    expect(server.stderr()).not.toMatch(/heap out of memory|FATAL ERROR/i);
  });

  it('audits and counts every 413', async () => {
    const refused = await auditedWith(server, 'too_large', 4);
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatchObject({
      user: expect.stringMatching(/^token:[0-9a-f]{16}$/),
      outcome: 'refused',
      http: { method: 'POST', status: 413 },
    });
    expect(await metric(server, 'cnv_mcp_http_refused_total', 'reason="too_large"')).toBe(4);
    expect(await metric(server, 'cnv_mcp_http_requests_total', 'code="413"')).toBe(4);
    expect(server.stderr()).not.toContain('made-up-token');
  });
});

describe('Host and Origin validation', () => {
  let server: HttpServer;
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 't', version: '1' },
    },
  });
  const headers = (extra: Record<string, string>) => ({
    ...MCP_HEADERS,
    Authorization: `Bearer ${ADMIN}`,
    ...extra,
  });
  beforeAll(async () => {
    server = await startHttpServer(sim.kubeconfigFor(null), [
      '--allowed-hosts',
      'cnv-mcp-server.kls.svc,localhost,127.0.0.1',
      '--allowed-origins',
      'https://console.apps.example.com',
    ]);
  });
  afterAll(() => server?.stop());

  it.each([
    ['no Origin (server to server, like OpenShift Lightspeed)', {}],
    ['the service name with its port', { Host: 'cnv-mcp-server.kls.svc:8443' }],
    ['an allowed Origin', { Origin: 'https://console.apps.example.com' }],
  ])('allows %s', async (_name, extra) => {
    const response = await raw(server.url, { headers: headers(extra), body: initialize });
    expect(response.status).toBe(200);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { Host: 'attacker.example.net' }, 'Host'],
    ['a foreign Origin', { Origin: 'https://attacker.example.net' }, 'Origin'],
    [
      'the allowed host under another scheme and port',
      { Origin: 'http://console.apps.example.com:8080' },
      'Origin',
    ],
    ['Origin "null"', { Origin: 'null' }, 'Origin'],
  ])('refuses %s with 403 and a JSON-RPC error', async (_name, extra, what) => {
    const response = await raw(server.url, { headers: headers(extra), body: initialize });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, message: expect.stringContaining(what) },
    });
  });

  it('defaults to localhost names only: another Host is refused', async () => {
    const plain = await startHttpServer(sim.kubeconfigFor(null));
    try {
      expect((await raw(plain.url, { headers: headers({}), body: initialize })).status).toBe(200);
      const foreign = await raw(plain.url, {
        headers: headers({ Host: 'cnv-mcp-server.kls.svc' }),
        body: initialize,
      });
      expect(foreign.status).toBe(403);
      const origin = await raw(plain.url, {
        headers: headers({ Origin: 'https://attacker.example.net' }),
        body: initialize,
      });
      expect(origin.status).toBe(403);
    } finally {
      await plain.stop();
    }
  });

  it('audits and counts the refusals', async () => {
    await auditedWith(server, 'origin', 3);
    const reasons = auditLines(server).map((a) => a.reason);
    expect(reasons.filter((r) => r === 'host')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'origin')).toHaveLength(3);
    expect(await metric(server, 'cnv_mcp_http_refused_total', 'reason="origin"')).toBe(3);
    expect(await metric(server, 'cnv_mcp_http_requests_total', 'code="403"')).toBe(4);
  });
});

describe('rate limit that made-up tokens cannot bypass', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(sim.kubeconfigFor(null), [
      '--cache-ttl-seconds',
      '0',
      '--rate-limit',
      '1000/min',
      '--auth-failures',
      '10/min',
    ]);
  });
  afterAll(() => server?.stop());

  it('200 fresh fake tokens: 10 failures reach the API server, the rest get 429', async () => {
    // A real user, accepted by the API server before the flood.
    const admin = await connectHttp(server.url, ADMIN);
    expect((await call(admin, 'diagnose_vm_error', VM)).isError).toBeFalsy();
    sim.resetRequestLog();

    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const response = await raw(server.url, {
        headers: { ...MCP_HEADERS, Authorization: `Bearer fake-token-${i}-${'x'.repeat(8)}` },
        body: JSON.stringify(toolCall(1, 'diagnose_vm_error', VM)),
      });
      statuses.push(response.status);
    }
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThanOrEqual(190);
    const rejectedByApi = sim.requests.filter((r) => r.status === 401);
    expect(rejectedByApi.length).toBeLessThanOrEqual(10 * 3);
    expect(sim.requests.every((r) => r.user === undefined)).toBe(true);

    // A missing token from the blocked address: 429 as well.
    const anonymous = await raw(server.url, {
      headers: MCP_HEADERS,
      body: JSON.stringify(toolCall(1, 'diagnose_vm_error', VM)),
    });
    expect(anonymous.status).toBe(429);
    expect(anonymous.headers['retry-after']).toMatch(/^\d+$/);

    // The accepted user from the same address keeps working; a token never seen before waits.
    expect((await call(admin, 'diagnose_vm_error', VM)).isError).toBeFalsy();
    const late = await raw(server.url, {
      headers: { ...MCP_HEADERS, Authorization: `Bearer ${LATE}` },
      body: JSON.stringify(toolCall(1, 'diagnose_vm_error', VM)),
    });
    expect(late.status).toBe(429);
    await admin.close();
  });

  it('audits and counts the 429s (and the 401 of no token)', async () => {
    const count = await metric(server, 'cnv_mcp_http_requests_total', 'code="429"');
    const refused = await auditedWith(server, 'auth_failures', count);
    expect(refused.length).toBeGreaterThanOrEqual(190);
    expect(refused[0]).toMatchObject({ outcome: 'refused', http: { status: 429 } });
    expect(await metric(server, 'cnv_mcp_http_requests_total', 'code="429"')).toBe(refused.length);
    expect(server.stderr()).not.toContain('fake-token-');
  });

  it('a missing token is a 401, audited, and counts as a failure of its address', async () => {
    const fresh = await startHttpServer(sim.kubeconfigFor(null), ['--auth-failures', '3/min']);
    try {
      const statuses = [];
      for (let i = 0; i < 5; i += 1) {
        statuses.push((await raw(fresh.url, { headers: MCP_HEADERS, body: '{}' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      await auditedWith(fresh, 'auth_failures', 2);
      expect(auditLines(fresh).map((a) => a.reason)).toEqual([
        'unauthorized',
        'unauthorized',
        'unauthorized',
        'auth_failures',
        'auth_failures',
      ]);
      expect(await metric(fresh, 'cnv_mcp_http_refused_total', 'reason="unauthorized"')).toBe(3);
    } finally {
      await fresh.stop();
    }
  });
});

describe('Kubernetes request budget of one HTTP request', () => {
  let server: HttpServer;
  beforeAll(async () => {
    server = await startHttpServer(sim.kubeconfigFor(null), [
      '--cache-ttl-seconds',
      '0',
      '--rate-limit',
      '1000/min',
      '--max-k8s-requests',
      '20',
    ]);
  });
  afterAll(() => server?.stop());

  it('a JSON-RPC batch of 10 diagnoses causes at most 20 Kubernetes requests', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => toolCall(i + 1, 'diagnose_vm_error', VM));
    sim.resetRequestLog();
    const response = await raw(server.url, {
      headers: {
        ...MCP_HEADERS,
        Authorization: `Bearer ${ADMIN}`,
        'MCP-Protocol-Version': '2025-03-26',
      },
      body: JSON.stringify(batch),
    });
    expect(response.status).toBe(200);
    expect(sim.requests.filter((r) => r.path.startsWith('/api')).length).toBeLessThanOrEqual(20);
    const results = resultsOf(response.body);
    expect(results.size).toBe(10);
    const refused = [...results.values()].filter((r) =>
      r.content[0].text.includes('request budget exceeded (429)'),
    );
    expect(refused.length).toBeGreaterThan(0);
    // The calls of a batch run concurrently and share the budget: each answer is a result or the
    // budget refusal, never a request beyond it.
    for (const result of results.values()) {
      if (result.isError) expect(result.content[0].text).toContain('request budget exceeded (429)');
    }
  });

  it('the next HTTP request gets a fresh budget', async () => {
    const client = await connectHttp(server.url, ADMIN);
    expect((await call(client, 'diagnose_vm_error', VM)).isError).toBeFalsy();
    await client.close();
  });
});
