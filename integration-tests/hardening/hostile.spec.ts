/**
 * Hostile input. (1) fast-check on every MCP tool's arguments through a real MCP client over
 * Streamable HTTP: random JSON values, huge strings and unicode in every field, unknown and missing
 * fields. The server answers each call with a result or a clear error naming a field (or a
 * Kubernetes-class message), never crashes, and a valid call still succeeds afterwards.
 * (2) The search parser: no catastrophic backtracking, checked as a complexity bound (time for 4n
 * characters against n characters of adversarial input), plus a generous absolute bound.
 * The parser's own fixed hostile cases live in src/kubevirt/search/parse.spec.ts.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { parseVmSearchQuery } from '../../src/kubevirt/search';
import { connectHttp, toolText, type HttpServer } from '../../mcp-server/src/testing/harness';
import { buildDemoCluster } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import { startServer, TOOL_NAMES } from './support/server';

jest.setTimeout(120_000);

const TOKEN = 'hardening-hostile-admin';
const VALID_VM = { namespace: 'vm-prod', name: 'rhel9-db-primary' };

let sim: KubeSimulator;
let server: HttpServer;
let client: Client;
let schemas: Map<string, { properties: Record<string, unknown>; required: string[] }>;

beforeAll(async () => {
  sim = await startKubeSimulator({
    tokens: { [TOKEN]: { user: 'hostile-admin', namespaces: '*' } },
    objects: buildDemoCluster() as never,
  });
  server = await startServer(sim.kubeconfigFor(null), ['--rate-limit', '100000/min']);
  client = await connectHttp(server.url, TOKEN);
  const { tools } = await client.listTools();
  schemas = new Map(
    tools.map((t) => [
      t.name,
      {
        properties: (t.inputSchema.properties ?? {}) as Record<string, unknown>,
        required: (t.inputSchema.required ?? []) as string[],
      },
    ]),
  );
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  await sim?.stop();
});

// ---------------- arbitraries ----------------

const hugeString = fc
  .tuple(
    fc.integer({ min: 10_000, max: 400_000 }),
    fc.constantFrom('a', 'é', '🚀', '*', '-', ' ', '\u0000', '"'),
  )
  .map(([n, ch]) => ch.repeat(n));

const plausible = fc.constantFrom(
  'vm-prod',
  'rhel9-db-primary',
  'team-a',
  '24h',
  '7d',
  'app=db',
  'Running',
  'prod-*',
  'worker-1',
  'running windows vms in prod-*',
  '',
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  hugeString,
  plausible,
  fc.array(fc.oneof(plausible, fc.string({ unit: 'grapheme', maxLength: 40 }), hugeString), {
    maxLength: 5,
  }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, [], {}),
);

const argumentsFor = (tool: string): fc.Arbitrary<Record<string, unknown>> => {
  const fields = Object.keys(schemas.get(tool)?.properties ?? {});
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: fields.length }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), hostileValue), { freq: 4 }),
    )
    .map(([args, extra]) => (extra ? { ...args, [extra[0]]: extra[1] } : args));
};

// ---------------- the property ----------------

const KUBERNETES_CLASS = /not found|not allowed|forbidden|could not be reached|rate limit/i;
/** The server's own body cap (transports/http.ts): a hostile argument over it is refused unread. */
const BODY_LIMIT = /Request body too large \(413\): requests over \d+ bytes are not read/;

/** A clear answer: a structured result, or an error naming a field or a Kubernetes-class cause. */
const expectClearAnswer = (
  tool: string,
  args: Record<string, unknown>,
  outcome: CallToolResult | Error,
) => {
  const fields = [...Object.keys(args), ...(schemas.get(tool)?.required ?? [])];
  const message = outcome instanceof Error ? outcome.message : toolText(outcome);
  if (!(outcome instanceof Error) && !outcome.isError) {
    expect(typeof outcome.structuredContent).toBe('object');
    return;
  }
  expect(message.length).toBeGreaterThan(0);
  // Validation messages may quote the offending value (zod does), but never amplify the input.
  expect(message.length).toBeLessThan(2 * JSON.stringify(args).length + 5_000);
  // Zod issues name the field ("… at namespace"); the SDK's own JSON-RPC check of `params` names
  // the arguments object (keys such as "constructor" fail it before the tool's schema runs).
  const namesField =
    fields.some((f) => message.includes(`at ${f}`) || message.includes(`'${f}'`)) ||
    /"arguments"/.test(message);
  if (!namesField && !KUBERNETES_CLASS.test(message) && !BODY_LIMIT.test(message)) {
    throw new Error(
      `unclear error for ${tool} ${JSON.stringify(args).slice(0, 300)}: ${message.slice(0, 500)}`,
    );
  }
};

const callSafely = async (
  tool: string,
  args: Record<string, unknown>,
): Promise<CallToolResult | Error> => {
  try {
    return (await client.callTool({ name: tool, arguments: args }, undefined, {
      timeout: 30_000,
    })) as CallToolResult;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
};

describe('every tool answers hostile arguments clearly and stays up', () => {
  it.each(TOOL_NAMES.map((t) => [t]))('%s', async (tool) => {
    await fc.assert(
      fc.asyncProperty(argumentsFor(tool), async (args) => {
        expectClearAnswer(tool, args, await callSafely(tool, args));
      }),
      { numRuns: 30 },
    );
    // Still responsive: a valid call succeeds, and the process answers its health check.
    const valid = tool === 'search_virtual_machines' ? { query: 'running' } : VALID_VM;
    const after = await callSafely(tool, valid);
    expect(after).not.toBeInstanceOf(Error);
    expect((after as CallToolResult).isError).toBeFalsy();
    expect((await fetch(server.url.replace(/\/mcp$/, '') + '/healthz')).ok).toBe(true);
  });

  it('a request body over the server limit gets a clear refusal, and the server stays up', async () => {
    const args = { namespace: 'vm-prod', name: 'x'.repeat(6 * 1024 * 1024) };
    const outcome = await callSafely('diagnose_vm_error', args);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/413|too large|oversized/i);
    const after = await callSafely('diagnose_vm_error', VALID_VM);
    expect((after as CallToolResult).isError).toBeFalsy();
  });

  it('the clarity check rejects a vague error', () => {
    expect(() =>
      expectClearAnswer(
        'diagnose_vm_error',
        { namespace: 1 },
        { isError: true, content: [{ type: 'text', text: 'oops' }] },
      ),
    ).toThrow(/unclear error/);
  });
});

// ---------------- search parser: complexity bound ----------------

const NOW = { now: new Date('2026-01-01T00:00:00Z') };

/** Fragments that would make a backtracking or quadratic scanner blow up. */
const ADVERSARIAL = [
  'in ',
  'a',
  '*',
  '*a',
  '=',
  '!=',
  'more than ',
  'older than 1 ',
  'labeled ',
  'named "',
  '((((',
  '9',
  ' ',
  '-',
  'é',
  'windows rhel 9 ',
];

/**
 * Per-parse time, best of several batches (the minimum is the timing least disturbed by a busy
 * machine); batches are sized to last a few milliseconds so timer resolution does not dominate.
 */
const bestTimeMs = (text: string): number => {
  for (let i = 0; i < 50; i += 1) parseVmSearchQuery(text, NOW); // JIT warm-up
  const probeStart = performance.now();
  parseVmSearchQuery(text, NOW);
  const iterations = Math.max(50, Math.ceil(5 / Math.max(performance.now() - probeStart, 1e-3)));
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 7; batch += 1) {
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) parseVmSearchQuery(text, NOW);
    best = Math.min(best, performance.now() - start);
  }
  return best / iterations;
};

describe('search parser: no catastrophic backtracking', () => {
  it.each(ADVERSARIAL.map((f) => [JSON.stringify(f), f]))(
    '%s repeated: time for 4n characters grows sub-quadratically',
    (_label, fragment) => {
      // The parser reads at most 500 characters, so the lengths compared are 120 and 480.
      const short = fragment.repeat(Math.ceil(120 / fragment.length)).slice(0, 120);
      const long = fragment.repeat(Math.ceil(480 / fragment.length)).slice(0, 480);
      const ratio = bestTimeMs(long) / Math.max(bestTimeMs(short), 1e-4);
      // Linear growth gives ~4, quadratic ~16; 12 leaves room for noise on a busy machine.
      expect(ratio).toBeLessThan(12);
    },
  );

  it('parses random 10 kB mixes of adversarial fragments within a generous bound', () => {
    let worstMs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ADVERSARIAL), { minLength: 500, maxLength: 2500 }),
        (parts) => {
          const text = parts.join('').slice(0, 10_000);
          const start = performance.now();
          parseVmSearchQuery(text, NOW);
          worstMs = Math.max(worstMs, performance.now() - start);
        },
      ),
      { numRuns: 200 },
    );
    // A complexity bound, not a performance target: a catastrophic case takes seconds to hours.
    expect(worstMs).toBeLessThan(1_000);
  });
});
