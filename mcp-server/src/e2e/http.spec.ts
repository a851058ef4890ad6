import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  startKubeSimulator,
  type KubeSimulator,
  type RequestLogEntry,
} from '../../../integration-tests/kube-simulator';
import { ALL_CNV_MCP_TOOLS, olsUiId } from '../../../src/kubevirt/mcpTools';
import {
  buildServer,
  call,
  connectHttp,
  SCENARIO_DIR,
  startHttpServer,
  toolText,
  type HttpServer,
} from '../testing/harness';

jest.setTimeout(60_000);

const ADMIN = 'admin-token-0123456789';
const ALICE = 'alice-token-abcdef'; // may read diag-imagepull-tag and diag-paused-user only
const TOKENS = {
  [ADMIN]: { user: 'admin', namespaces: '*' as const },
  [ALICE]: { user: 'alice', namespaces: ['diag-imagepull-tag', 'diag-paused-user'] },
};
const KIOSK = { namespace: 'diag-crashloop-shutdown', name: 'kiosk-image-builder' };
const KIOSK_PASSWORD = 'K1osk-Builder-fake';

let sim: KubeSimulator;
let server: HttpServer;
let admin: Client;
let alice: Client;

beforeAll(async () => {
  buildServer();
  sim = await startKubeSimulator({ yaml: SCENARIO_DIR, tokens: TOKENS });
  // The server's own kubeconfig carries no credentials: callers' tokens are all it can use.
  server = await startHttpServer(sim.kubeconfigFor(null), [
    '--cache-ttl-seconds',
    '0',
    '--rate-limit',
    '1000/min',
  ]);
  admin = await connectHttp(server.url, ADMIN);
  alice = await connectHttp(server.url, ALICE);
});

afterAll(async () => {
  await admin?.close();
  await alice?.close();
  await server?.stop();
  await sim?.stop();
});

/** Groups requests into sequential rounds: a request starting after every earlier one ended opens a round. */
const countRounds = (entries: readonly RequestLogEntry[]): number => {
  let rounds = 0;
  let roundEnd = -Infinity;
  for (const entry of [...entries].sort((a, b) => a.start - b.start)) {
    if (entry.start >= roundEnd) rounds += 1;
    roundEnd = Math.max(entry.start >= roundEnd ? entry.end : roundEnd, entry.end);
  }
  return rounds;
};

describe('cnv-mcp-server over Streamable HTTP', () => {
  it('lists the six read-only tools with schemas and olsUi ids', async () => {
    const { tools } = await admin.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...ALL_CNV_MCP_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(tool._meta).toEqual({ olsUi: { id: olsUiId(tool.name as never) } });
    }
  });

  it('answers 401 with WWW-Authenticate when no bearer token is sent', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await response.json()).toMatchObject({ error: { code: -32001 } });
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('cnv_mcp_tool_calls_total');
    expect(metrics).not.toContain(ADMIN);
  });

  it('runs every tool and returns structured content plus text', async () => {
    const ref = { namespace: 'diag-imagepull-tag', name: 'fedora-web-01' };
    const search = await call(admin, 'search_virtual_machines', {
      query: 'vms with errors in diag-imagepull-tag',
    });
    expect(search.structuredContent).toMatchObject({
      total: 1,
      vms: [{ name: 'fedora-web-01', statusGroup: 'error' }],
    });
    const diagnose = await call(admin, 'diagnose_vm_error', ref);
    expect(diagnose.structuredContent).toMatchObject({
      rootCause: { category: 'ImagePull' },
      healthy: false,
    });
    const explain = await call(admin, 'explain_vm_status', ref);
    expect(explain.structuredContent).toMatchObject({
      status: expect.any(String),
      whatHappensNext: expect.any(String),
    });
    const deps = await call(admin, 'check_vm_dependencies', ref);
    expect(deps.structuredContent).toMatchObject({ vm: ref, dependencies: expect.any(Array) });
    const events = await call(admin, 'get_vm_events', { ...ref, warningsOnly: true });
    const eventList = (events.structuredContent as { events: { type: string }[] }).events;
    expect(eventList.length).toBeGreaterThan(0);
    expect(eventList.every((e) => e.type === 'Warning')).toBe(true);
    const fix = await call(admin, 'suggest_vm_fix', ref);
    expect(
      (fix.structuredContent as { suggestions: unknown[] }).suggestions.length,
    ).toBeGreaterThan(0);
    for (const result of [search, diagnose, explain, deps, events, fix]) {
      expect(result.isError).toBeFalsy();
      expect(toolText(result).length).toBeGreaterThan(10);
    }
  });

  it('searches as the caller: a namespaced user sees only their namespaces', async () => {
    const all = await call(alice, 'search_virtual_machines', {});
    const structured = all.structuredContent as {
      vms: { namespace: string }[];
      namespacesSearched?: string[];
    };
    expect(new Set(structured.vms.map((vm) => vm.namespace))).toEqual(
      new Set(['diag-imagepull-tag', 'diag-paused-user']),
    );
    expect(structured.namespacesSearched?.sort()).toEqual([
      'diag-imagepull-tag',
      'diag-paused-user',
    ]);
    const other = await call(alice, 'search_virtual_machines', {
      namespaces: ['diag-crashloop-shutdown'],
    });
    expect(other.structuredContent).toMatchObject({ total: 0 });
  });

  it('refuses another namespace with a forbidden error naming it', async () => {
    const result = await call(alice, 'diagnose_vm_error', KIOSK);
    expect(result.isError).toBe(true);
    expect(toolText(result)).toBe(
      'not allowed to get virtualmachines.kubevirt.io "kiosk-image-builder" in namespace "diag-crashloop-shutdown"',
    );
  });

  it('reports a missing VM as not found', async () => {
    const result = await call(admin, 'explain_vm_status', {
      namespace: 'diag-imagepull-tag',
      name: 'nope',
    });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toBe(
      'virtualmachines.kubevirt.io "nope" not found in namespace "diag-imagepull-tag"',
    );
  });

  it.each([
    ['diagnose_vm_error', { namespace: 5, name: 'x' }, 'namespace'],
    ['diagnose_vm_error', { namespace: 'a', name: 'x', extra: true }, 'extra'],
    ['explain_vm_status', { namespace: 'a', name: 'Bad_Name' }, 'DNS-1123'],
    ['search_virtual_machines', { limit: 100000 }, 'limit'],
    ['search_virtual_machines', { query: 'x'.repeat(1_000_000) }, 'query'],
    ['get_vm_events', { namespace: 'a', name: 'b', since: 'yesterday-ish' }, 'since'],
    ['search_virtual_machines', { statuses: ['Exploding'] }, 'statuses'],
  ])('rejects malformed arguments of %s %#', async (tool, args, field) => {
    const result = await call(admin, tool, args);
    expect(result.isError).toBe(true);
    expect(toolText(result)).toContain('Input validation error');
    expect(toolText(result)).toContain(field);
  });

  it('never returns cloud-init secrets in any tool output', async () => {
    const outputs = await Promise.all([
      call(admin, 'search_virtual_machines', { namespaces: [KIOSK.namespace] }),
      ...[
        'diagnose_vm_error',
        'explain_vm_status',
        'check_vm_dependencies',
        'get_vm_events',
        'suggest_vm_fix',
      ].map((tool) => call(admin, tool, KIOSK)),
    ]);
    for (const output of outputs) {
      expect(output.isError).toBeFalsy();
      expect(JSON.stringify(output)).not.toContain(KIOSK_PASSWORD);
    }
    expect(server.stderr()).not.toContain(KIOSK_PASSWORD);
  });

  it('diagnoses with at most 12 requests in at most 3 rounds', async () => {
    for (const ref of [
      { namespace: 'diag-healthy-windows', name: 'win2k22-ad-01' },
      { namespace: 'diag-net-missing', name: 'vlan-app-server' },
      { namespace: 'diag-storage-nosc', name: 'analytics-worker' },
    ]) {
      sim.setLatency(20);
      sim.resetRequestLog();
      const result = await call(admin, 'diagnose_vm_error', ref);
      sim.setLatency(0);
      expect(result.isError).toBeFalsy();
      const requests = sim.requests.filter((r) => r.path.startsWith('/api'));
      expect({ ref, requests: requests.length <= 12, rounds: countRounds(requests) <= 3 }).toEqual({
        ref,
        requests: true,
        rounds: true,
      });
    }
  });

  it('diagnoses a VM with 4 volumes and 2 secondary networks in at most 12 requests and 3 rounds', async () => {
    const ns = 'budget-4vol-2net';
    const meta = (name: string) => ({
      name,
      namespace: ns,
      uid: `uid-${name}`,
      creationTimestamp: '2026-11-20T07:00:00Z',
    });
    sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const disk of ['root', 'data']) {
      sim.apply({
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: meta(`db-${disk}`),
        spec: { storage: { storageClassName: 'standard' } },
        status: { phase: 'Succeeded' },
      });
    }
    for (const claim of ['db-root', 'db-data', 'db-logs', 'db-scratch']) {
      sim.apply({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: meta(claim),
        spec: { storageClassName: 'standard' },
        status: { phase: 'Bound' },
      });
    }
    for (const net of ['storage-net', 'backup-net']) {
      sim.apply({
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: meta(net),
        spec: { config: '{"cniVersion":"0.3.1","type":"bridge"}' },
      });
    }
    sim.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('db-cloudinit'),
      data: { userdata: 'I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDogczNjcjN0' },
    });
    sim.apply({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: meta('db-01'),
      spec: {
        runStrategy: 'Halted',
        template: {
          spec: {
            domain: { devices: {} },
            networks: [
              { name: 'default', pod: {} },
              { name: 'storage', multus: { networkName: 'storage-net' } },
              { name: 'backup', multus: { networkName: 'backup-net' } },
            ],
            volumes: [
              { name: 'root', dataVolume: { name: 'db-root' } },
              { name: 'data', dataVolume: { name: 'db-data' } },
              { name: 'logs', persistentVolumeClaim: { claimName: 'db-logs' } },
              { name: 'scratch', persistentVolumeClaim: { claimName: 'db-scratch' } },
              { name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'db-cloudinit' } } },
            ],
          },
        },
      },
      status: { printableStatus: 'Stopped' },
    });
    sim.setLatency(20);
    sim.resetRequestLog();
    const result = await call(admin, 'check_vm_dependencies', { namespace: ns, name: 'db-01' });
    sim.setLatency(0);
    expect(result.structuredContent).toMatchObject({ allPresent: true });
    const requests = sim.requests.filter((r) => r.path.startsWith('/api'));
    expect(requests.length).toBeLessThanOrEqual(12);
    expect(countRounds(requests)).toBeLessThanOrEqual(3);
  });

  it('retries 429 (Retry-After) and 500, and reports a persistent failure clearly', async () => {
    const ref = { namespace: 'diag-paused-user', name: 'forensics-snapshot-vm' };
    const throttled = sim.setFault({
      match: { path: '/virtualmachines/', times: 1 },
      status: 429,
      retryAfterSeconds: 0,
    });
    const broken = sim.setFault({
      match: { path: '/virtualmachineinstances/', times: 2 },
      status: 500,
    });
    const ok = await call(admin, 'diagnose_vm_error', ref);
    expect(ok.structuredContent).toMatchObject({ rootCause: { category: 'Paused' } });
    expect([throttled.hits, broken.hits]).toEqual([1, 2]);
    const down = sim.setFault({ match: { path: '/virtualmachines/' }, status: 500 });
    const failed = await call(admin, 'diagnose_vm_error', ref);
    down.remove();
    expect(failed.isError).toBe(true);
    expect(toolText(failed)).toContain('could not be reached or failed (500)');
    const forbidden = sim.setFault({
      match: { path: '/persistentvolumeclaims', times: 5 },
      status: 403,
    });
    const partial = await call(admin, 'check_vm_dependencies', {
      namespace: 'diag-missingvol-pvc',
      name: 'postgres-db-01',
    });
    forbidden.remove();
    expect(partial.isError).toBeFalsy();
    expect(JSON.stringify(partial.structuredContent)).toContain('forbidden');
  });

  it('recovers after the API server restarts', async () => {
    const ref = { namespace: 'diag-imagepull-tag', name: 'fedora-web-01' };
    await sim.stop();
    const down = await call(admin, 'diagnose_vm_error', ref);
    expect(down.isError).toBe(true);
    expect(toolText(down)).toContain('could not be reached');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    await sim.restart();
    const up = await call(admin, 'diagnose_vm_error', ref);
    expect(up.structuredContent).toMatchObject({ rootCause: { category: 'ImagePull' } });
  });

  it('writes one audit line per call without tokens, refused requests included', () => {
    const lines = server
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"type":"audit"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The 401 of the request without a token is audited too (and the SDK client's GET, 405).
    const refused = lines.filter((a) => a.outcome === 'refused');
    expect(refused.filter((a) => a.reason === 'unauthorized')).toEqual([
      expect.objectContaining({ user: 'anonymous', http: { method: 'POST', status: 401 } }),
    ]);
    expect(new Set(refused.map((a) => a.reason))).toEqual(new Set(['unauthorized', 'method']));
    const audit = lines.filter((a) => a.outcome !== 'refused');
    expect(audit.length).toBeGreaterThan(10);
    expect(audit[0]).toMatchObject({
      user: expect.stringMatching(/^token:[0-9a-f]{16}$/),
      tool: expect.any(String),
      outcome: expect.any(String),
      k8sRequests: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(server.stderr()).not.toContain(ADMIN);
    expect(server.stderr()).not.toContain(ALICE);
  });
});

describe('cache and rate limit are per caller', () => {
  let cached: HttpServer;
  beforeAll(async () => {
    cached = await startHttpServer(sim.kubeconfigFor(null), [
      '--cache-ttl-seconds',
      '60',
      '--rate-limit',
      '5/min',
    ]);
  });
  afterAll(() => cached?.stop());

  it("never serves user A's cached result to user B", async () => {
    const a = await connectHttp(cached.url, ADMIN);
    const b = await connectHttp(cached.url, ALICE);
    const first = await call(a, 'diagnose_vm_error', KIOSK);
    expect(first.isError).toBeFalsy();
    sim.resetRequestLog();
    const again = await call(a, 'diagnose_vm_error', KIOSK);
    expect(again).toEqual(first);
    expect(sim.requests).toHaveLength(0);
    const other = await call(b, 'diagnose_vm_error', KIOSK);
    expect(other.isError).toBe(true);
    expect(toolText(other)).toContain('not allowed');
    await a.close();
    await b.close();
  });

  it('refuses calls beyond the per-caller rate with a 429-like error', async () => {
    const b = await connectHttp(cached.url, ALICE);
    const results = [];
    for (let i = 0; i < 6; i += 1)
      results.push(await call(b, 'search_virtual_machines', { nameContains: `x${i}` }));
    expect(toolText(results[5])).toContain('rate limit exceeded (429)');
    const a = await connectHttp(cached.url, ADMIN);
    expect((await call(a, 'search_virtual_machines', { nameContains: 'y' })).isError).toBeFalsy();
    await a.close();
    await b.close();
  });
});
