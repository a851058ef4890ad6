/**
 * Kubernetes availability failures across the chain (the status matrix is in faults.spec.ts): a
 * request that never answers (timeout), a slow list, a transient reset, one failing VM among
 * others, and the API server going away and coming back; each gives a tool result with a clear message (no hang: the client's own timeout is
 * never hit), other VMs keep working meanwhile, and the same call succeeds once the fault is gone,
 * including after the API server goes away and comes back.
 */
import { toolText } from '../../mcp-server/src/testing/harness';
import { argsFor, OTHER_VM, useFaultRig, VM, VM_ENDPOINT } from './support/faultRig';
import { TOOL_NAMES } from './support/server';

jest.setTimeout(60_000);

const rig = useFaultRig();
const { callTool } = rig;

describe('other VMs keep working while one VM endpoint fails', () => {
  it('a 500 on one VM leaves every tool working for another VM', async () => {
    rig.sim().setFault({ status: 500, match: { path: `/virtualmachines/${VM.name}` } });
    expect((await callTool('diagnose_vm_error', VM)).isError).toBe(true);
    for (const tool of TOOL_NAMES) {
      const ok = await callTool(tool, argsFor(tool, OTHER_VM));
      expect(ok.isError).toBeFalsy();
    }
  });
});

describe('slow and silent API servers', () => {
  it('a request that never answers becomes a timeout message, not a hang', async () => {
    rig.sim().setFault({ hangMs: 60_000, status: 500, match: { path: VM_ENDPOINT } });
    const failed = await callTool('diagnose_vm_error', VM);
    expect(failed.isError).toBe(true);
    expect(toolText(failed)).toMatch(/did not answer in time/);
    rig.sim().clearFaults();
    expect((await callTool('diagnose_vm_error', VM)).isError).toBeFalsy();
  });

  it('a slow list (under the per-request timeout) still answers the search', async () => {
    const slow = rig.sim().setFault({ hangMs: 800, match: { path: VM_ENDPOINT } });
    const result = await callTool('search_virtual_machines', { query: 'running' });
    expect(slow.hits).toBeGreaterThan(0);
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { total: number }).total).toBeGreaterThan(0);
  });

  it('a transient reset is retried transparently', async () => {
    const reset = rig
      .sim()
      .setFault({ resetConnection: true, match: { path: VM_ENDPOINT, times: 1 } });
    const result = await callTool('explain_vm_status', VM);
    expect(reset.hits).toBe(1);
    expect(result.isError).toBeFalsy();
  });
});

describe('the API server goes away and comes back', () => {
  it('search and per-VM tools fail clearly while it is down and work again after restart', async () => {
    await rig.sim().stop();
    for (const tool of ['search_virtual_machines', 'get_vm_events'] as const) {
      const down = await callTool(tool, argsFor(tool));
      expect(down.isError).toBe(true);
      expect(toolText(down)).toMatch(/could not be reached/);
    }
    await rig.sim().restart();
    for (const tool of TOOL_NAMES) {
      const up = await callTool(tool, argsFor(tool));
      expect(up.isError).toBeFalsy();
    }
  });
});
