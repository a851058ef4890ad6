import { ROOT_CAUSE_CATEGORIES } from '../../../src/kubevirt/diagnosis';
import {
  call,
  loadScenarios,
  startScenarioServer,
  TEN_NODE_SCENARIO_DIR,
  toolText,
  type StdioServer,
} from '../testing/harness';

jest.setTimeout(60_000);

const scenarios = loadScenarios();
let server: StdioServer;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, stop } = await startScenarioServer());
});

afterAll(() => stop?.());

describe('diagnose_vm_error over stdio, one call per scenario file', () => {
  it('has at least two scenarios for every root-cause category', () => {
    for (const category of ROOT_CAUSE_CATEGORIES) {
      const count = scenarios.filter((s) => s.category === category).length;
      expect({ category, atLeastTwo: count >= 2 }).toEqual({ category, atLeastTwo: true });
    }
  });

  it.each(scenarios.map((s) => [s.file, s] as const))('%s', async (_file, scenario) => {
    const result = await call(server.client, 'diagnose_vm_error', {
      namespace: scenario.namespace,
      name: scenario.name,
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      rootCause: { category: string } | null;
      healthy: boolean;
      vm: { name: string };
    };
    expect(structured.vm.name).toBe(scenario.name);
    expect(structured.rootCause?.category ?? 'none').toBe(scenario.category);
    if (scenario.category === 'none') expect(structured.healthy).toBe(true);
  });
});

describe('diagnose_vm_error on the ten-node held-out corpus: category and decisive detail', () => {
  const heldOut = loadScenarios(TEN_NODE_SCENARIO_DIR);
  let tenNodeServer: StdioServer;
  let stopTenNodes: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ server: tenNodeServer, stop: stopTenNodes } =
      await startScenarioServer(TEN_NODE_SCENARIO_DIR));
  });

  afterAll(() => stopTenNodes?.());

  it('has 175 scenarios, each failing one with its decisive detail', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(175);
    for (const s of heldOut.filter((h) => h.category !== 'none'))
      expect({ file: s.file, detail: Boolean(s.detail) }).toEqual({ file: s.file, detail: true });
  });

  it.each(heldOut.map((s) => [s.file, s] as const))('%s', async (_file, scenario) => {
    const result = await call(tenNodeServer.client, 'diagnose_vm_error', {
      namespace: scenario.namespace,
      name: scenario.name,
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      rootCause: { category: string; summary: string; ruleId: string } | null;
    };
    expect(structured.rootCause?.category ?? 'none').toBe(scenario.category);
    // The detail (the quota, the provisioner, the resource, the CPU model) is named in the answer:
    // the root cause or the evidence it cites.
    const answer = `${toolText(result)}\n${JSON.stringify(result.structuredContent)}`;
    if (scenario.detail) expect(answer).toMatch(new RegExp(scenario.detail, 'i'));
    if (structured.rootCause) expect(toolText(result)).toContain(structured.rootCause.ruleId);
  });
});

describe('every tool over stdio', () => {
  const ref = { namespace: 'diag-secret-cloudinit', name: 'web-frontend-02' };

  it.each([
    ['search_virtual_machines', { query: 'starting vms in diag-secret-cloudinit' }],
    ['diagnose_vm_error', ref],
    ['explain_vm_status', ref],
    ['check_vm_dependencies', ref],
    ['get_vm_events', { ...ref, since: '3650d' }],
    ['suggest_vm_fix', ref],
  ])('%s', async (tool, args) => {
    const result = await call(server.client, tool, args);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeDefined();
    expect(toolText(result)).toContain(
      tool === 'search_virtual_machines' ? 'web-frontend-02' : ref.name,
    );
  });

  it('logs one audit line per call on stderr (stdout carries only the protocol)', () => {
    const audit = server
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"type":"audit"'));
    expect(audit.length).toBeGreaterThanOrEqual(scenarios.length + 6);
    expect(JSON.parse(audit[0])).toMatchObject({
      user: expect.stringMatching(/^kubeconfig:/),
      outcome: 'success',
    });
  });
});
