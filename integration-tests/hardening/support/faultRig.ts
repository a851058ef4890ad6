/**
 * Shared setup of the fault suites: the demo cluster in a simulator, the built server with cache
 * off and a 2 s per-request Kubernetes timeout, one MCP client; faults cleared after each test.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { connectHttp, toolText, type HttpServer } from '../../../mcp-server/src/testing/harness';
import { buildDemoCluster } from '../../fixtures/demo-cluster';
import { startKubeSimulator, type FaultSpec, type KubeSimulator } from '../../kube-simulator';
import { startServer } from './server';

const TOKEN = 'hardening-faults-admin';
export const VM = { namespace: 'vm-prod', name: 'rhel9-db-primary' };
export const OTHER_VM = { namespace: 'vm-dev', name: 'fedora-dev-workstation' };
/** The VirtualMachine endpoint only: a get of one VM or the cluster-wide list (not VMIs). */
export const VM_ENDPOINT = /\/virtualmachines(\/|\?|$)/;
/** Longer than any bounded answer may take; hitting it means the call hung. */
const CLIENT_TIMEOUT_MS = 30_000;

export const argsFor = (tool: string, vm = VM): Record<string, unknown> =>
  tool === 'search_virtual_machines' ? { query: `in ${vm.namespace}` } : vm;

export interface FaultRig {
  sim(): KubeSimulator;
  callTool(tool: string, args: Record<string, unknown>): Promise<CallToolResult>;
  expectFailureThenRecovery(tool: string, fault: FaultSpec, message: RegExp): Promise<void>;
}

/** Registers beforeAll/afterEach/afterAll hooks in the calling spec file. */
export const useFaultRig = (): FaultRig => {
  let sim: KubeSimulator;
  let server: HttpServer;
  let client: Client;
  beforeAll(async () => {
    sim = await startKubeSimulator({
      tokens: { [TOKEN]: { user: 'faults-admin', namespaces: '*' } },
      objects: buildDemoCluster() as never,
    });
    server = await startServer(sim.kubeconfigFor(null), [
      '--cache-ttl-seconds',
      '0',
      '--rate-limit',
      '100000/min',
      '--k8s-timeout-seconds',
      '2',
    ]);
    client = await connectHttp(server.url, TOKEN);
  });
  afterEach(() => sim.clearFaults());
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await sim?.stop();
  });
  const callTool = async (tool: string, args: Record<string, unknown>) =>
    (await client.callTool({ name: tool, arguments: args }, undefined, {
      timeout: CLIENT_TIMEOUT_MS,
    })) as CallToolResult;
  return {
    sim: () => sim,
    callTool,
    expectFailureThenRecovery: async (tool, fault, message) => {
      sim.setFault({ ...fault, match: { path: VM_ENDPOINT } });
      const failed = await callTool(tool, argsFor(tool));
      expect(failed.isError).toBe(true);
      expect(toolText(failed)).toMatch(message);
      sim.clearFaults();
      const recovered = await callTool(tool, argsFor(tool));
      expect(recovered.isError).toBeFalsy();
      expect(recovered.structuredContent).toBeDefined();
    },
  };
};
