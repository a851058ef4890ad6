/**
 * Isolation between callers of one cnv-mcp-server: the result cache and the rate limiter are keyed
 * by the caller's identity (their token), so the same arguments under different RBAC give each user
 * their own answer, in either order, and one user's throttling never touches another. No token is
 * ever written to the server's log or returned in a tool output, on success or failure paths.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectHttp, toolText, type HttpServer } from '../../mcp-server/src/testing/harness';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { startServer, TOOL_NAMES } from './support/server';

jest.setTimeout(60_000);

const user = (name: string) => DEMO_USERS.find((u) => u.name === name)!;
const ADMIN = user('admin');
const ALICE = user('alice');
const BOB = user('bob');
const SEARCH = { query: 'running vms' };

interface SearchResult {
  total: number;
  vms: { namespace: string; name: string }[];
}

let sim: KubeSimulator;
let cached: HttpServer;
let throttled: HttpServer;
const outputs: string[] = [];

const connect = (server: HttpServer, token: string): Promise<Client> =>
  connectHttp(server.url, token);

const callAs = async (client: Client, tool: string, args: Record<string, unknown>) => {
  const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  outputs.push(JSON.stringify(result));
  return result;
};

const namespacesOf = (result: CallToolResult): Set<string> =>
  new Set((result.structuredContent as unknown as SearchResult).vms.map((vm) => vm.namespace));

beforeAll(async () => {
  sim = await startKubeSimulator({
    tokens: Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant])),
    objects: buildDemoCluster() as never,
  });
  cached = await startServer(sim.kubeconfigFor(null), [
    '--cache-ttl-seconds',
    '300',
    '--rate-limit',
    '100000/min',
    '--log-level',
    'debug',
  ]);
  throttled = await startServer(sim.kubeconfigFor(null), [
    '--rate-limit',
    '3/min',
    '--log-level',
    'debug',
  ]);
});

afterAll(async () => {
  await cached?.stop();
  await throttled?.stop();
  await sim?.stop();
});

describe('the result cache is per caller', () => {
  it('serves a repeated call from the cache for the same caller (the cache is on)', async () => {
    const admin = await connect(cached, ADMIN.token);
    const first = await callAs(admin, 'search_virtual_machines', SEARCH);
    sim.resetRequestLog();
    expect(await callAs(admin, 'search_virtual_machines', SEARCH)).toEqual(first);
    expect(sim.requests).toHaveLength(0);
    await admin.close();
  });

  // Each ordering uses its own limit, so it starts with a cold cache for everybody.
  it.each([
    ['admin first, then alice and bob', [ADMIN, ALICE, BOB], 500],
    ['alice first, then bob and admin', [ALICE, BOB, ADMIN], 499],
  ])(
    'same arguments, different RBAC, each gets their own result (%s)',
    async (_order, users, limit) => {
      const args = { ...SEARCH, limit };
      const results = new Map<string, CallToolResult>();
      for (const u of users) {
        const client = await connect(cached, u.token);
        sim.resetRequestLog();
        results.set(u.name, await callAs(client, 'search_virtual_machines', args));
        // Answered from the API as this user, not from someone else's cache entry.
        expect(sim.requests.length).toBeGreaterThan(0);
        expect(new Set(sim.requests.map((r) => r.user))).toEqual(new Set([u.grant.user]));
        await client.close();
      }
      const adminNs = namespacesOf(results.get('admin')!);
      expect(
        [...namespacesOf(results.get('alice')!)].every((ns) => ALICE.grant.namespaces.includes(ns)),
      ).toBe(true);
      expect(
        [...namespacesOf(results.get('bob')!)].every((ns) => BOB.grant.namespaces.includes(ns)),
      ).toBe(true);
      expect(adminNs.has('vm-prod')).toBe(true);
      const total = (name: string) =>
        (results.get(name)!.structuredContent as unknown as SearchResult).total;
      expect(total('admin')).toBeGreaterThan(total('alice'));
      expect(total('admin')).toBeGreaterThan(total('bob'));
    },
  );

  it('a VM cached for the admin is refused to bob, who may not read its namespace', async () => {
    const vm = { namespace: 'vm-prod', name: 'rhel9-db-primary' };
    const admin = await connect(cached, ADMIN.token);
    const bob = await connect(cached, BOB.token);
    for (const tool of TOOL_NAMES.filter((t) => t !== 'search_virtual_machines')) {
      expect((await callAs(admin, tool, vm)).isError).toBeFalsy();
      const refused = await callAs(bob, tool, vm);
      expect(refused.isError).toBe(true);
      expect(toolText(refused)).toMatch(/not allowed/);
    }
    await admin.close();
    await bob.close();
  });
});

describe('the rate limiter is per caller', () => {
  it("alice's exhausted limit throttles only alice", async () => {
    const alice = await connect(throttled, ALICE.token);
    const texts: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      texts.push(
        toolText(await callAs(alice, 'search_virtual_machines', { nameContains: `a${i}` })),
      );
    }
    expect(texts[3]).toMatch(/rate limit exceeded \(429\)/);
    for (const u of [BOB, ADMIN]) {
      const other = await connect(throttled, u.token);
      for (let i = 0; i < 3; i += 1) {
        const ok = await callAs(other, 'search_virtual_machines', { nameContains: `b${i}` });
        expect(ok.isError).toBeFalsy();
      }
      await other.close();
    }
    await alice.close();
  });
});

describe('tokens never appear in logs or outputs', () => {
  it('after successes, refusals, validation errors, throttling and 401s', async () => {
    const bogus = 'bogus-token-that-the-api-rejects';
    await fetch(cached.url + '/mcp', {
      method: 'POST',
      headers: { Authorization: `Bearer ${bogus}` },
    });
    const stranger = await connect(cached, bogus).catch(() => undefined);
    if (stranger) {
      await callAs(stranger, 'diagnose_vm_error', { namespace: 'vm-prod', name: 'x' }).catch(
        () => undefined,
      );
      await stranger.close();
    }
    const alice = await connect(cached, ALICE.token);
    await alice
      .callTool({ name: 'diagnose_vm_error', arguments: { namespace: 'BAD NS', name: 1 } })
      .catch(() => undefined);
    await alice.close();

    const logs = cached.stderr() + throttled.stderr();
    expect(logs).toContain('"type":"audit"');
    for (const token of [...DEMO_USERS.map((u) => u.token), bogus]) {
      expect(logs).not.toContain(token);
      expect(outputs.join('\n')).not.toContain(token);
    }
  });
});
