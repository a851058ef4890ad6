/**
 * Kubernetes error statuses across the chain simulator → cnv-mcp-server → MCP client, beyond the
 * server's own e2e suite: every tool under 403, 404, 500 and a connection reset on the
 * VirtualMachine endpoint gives a tool result with a clear message (no hang: the client's timeout is
 * never hit), and the same call succeeds once the fault is gone. 429 is in faults-throttling.spec.ts,
 * timeouts, slow lists and restarts in faults-availability.spec.ts.
 */
import type { FaultSpec } from '../kube-simulator';
import { toolText } from '../../mcp-server/src/testing/harness';
import { argsFor, useFaultRig, VM_ENDPOINT } from './support/faultRig';
import { TOOL_NAMES } from './support/server';

jest.setTimeout(60_000);

const rig = useFaultRig();

const FAULTS: [string, FaultSpec, RegExp][] = [
  ['403 Forbidden', { status: 403 }, /not allowed to (get|list)/],
  ['404 Not Found', { status: 404 }, /not found/],
  ['500 Internal Error', { status: 500 }, /could not be reached or failed \(500\)/],
  ['connection reset', { resetConnection: true }, /could not be reached or failed \(no response\)/],
];

/**
 * Search answers a forbidden list by design with the namespaces the caller can access (none here),
 * never an error; a 404 on the list (KubeVirt API missing) gets the same answer today, which hides
 * the cause: kept as `it.failing` until search says the API was not found.
 */
const SEARCH_EXCEPTIONS: Record<string, 'byDesign' | 'knownIssue'> = {
  '403 Forbidden': 'byDesign',
  '404 Not Found': 'knownIssue',
};

describe.each(FAULTS)('Kubernetes %s on the VirtualMachine endpoint', (label, fault, message) => {
  for (const tool of TOOL_NAMES) {
    const title = `${tool}: clear tool error, then recovery`;
    const exception = tool === 'search_virtual_machines' ? SEARCH_EXCEPTIONS[label] : undefined;
    if (exception === 'knownIssue') {
      it.failing(`${title} (known issue)`, () =>
        rig.expectFailureThenRecovery(tool, fault, message),
      );
    } else if (exception === 'byDesign') {
      it(`${tool}: searches only the namespaces the caller can access, says so`, async () => {
        rig.sim().setFault({ ...fault, match: { path: VM_ENDPOINT } });
        const result = await rig.callTool(tool, argsFor(tool));
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ total: 0, namespacesSearched: [] });
        expect(toolText(result)).toMatch(/namespaces you can access: 0/);
      });
    } else {
      it(title, () => rig.expectFailureThenRecovery(tool, fault, message));
    }
  }
});
