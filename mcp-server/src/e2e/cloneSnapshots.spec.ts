/**
 * A smart clone's VolumeSnapshot through the real server (stdio) and the kube simulator: the
 * snapshot list is read only while a clone is unfinished, its error becomes the root cause, and a
 * list the caller may not read (403) or a cluster without the snapshot API (404) makes the
 * DataVolume check "not verified" without failing the tool.
 */
import type { KubeSimulator } from '../../../integration-tests/kube-simulator';
import { call, startScenarioServer, toolText, type StdioServer } from '../testing/harness';

jest.setTimeout(60_000);

const NS = 'diag-snapclass';
const VM = 'build-agent-7';
const snapshotList = (ns: string) =>
  `/apis/snapshot.storage.k8s.io/v1/namespaces/${ns}/volumesnapshots`;
const SNAPSHOT_LIST = snapshotList(NS);
/** A smart clone 3 minutes in: its snapshot is being taken, no error. */
const IN_PROGRESS = { namespace: 'diag-snap-ok', name: 'ci-runner-2' };

let sim: KubeSimulator;
let server: StdioServer;

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ sim, server, stop } = await startScenarioServer());
});

afterAll(() => stop?.());

interface Structured {
  rootCause: { category: string; ruleId: string; summary: string } | null;
  checks: { id?: string; name: string; status?: string; message: string }[];
}

const diagnose = async (namespace = NS, name = VM) => {
  const result = await call(server.client, 'diagnose_vm_error', { namespace, name });
  expect(result.isError).toBeFalsy();
  return { structured: result.structuredContent as unknown as Structured, text: toolText(result) };
};
const dvCheck = (s: Structured) =>
  s.checks.find((c) => c.name === 'DataVolume imports, clones and uploads succeed');

describe('clone snapshots over stdio', () => {
  it("reads the namespace's VolumeSnapshots and names the snapshot's error", async () => {
    sim.resetRequestLog();
    const { structured, text } = await diagnose();
    expect(structured.rootCause).toMatchObject({
      category: 'DataVolumeImport',
      ruleId: 'dv.clone-snapshot-failed',
    });
    expect(structured.rootCause?.summary).toContain('standard-snapclass');
    expect(text).toContain('tmp-snapshot-');
    expect(sim.requests.filter((r) => r.path === SNAPSHOT_LIST)).toHaveLength(1);
  });

  it('asks for no snapshot when no clone is under way', async () => {
    sim.resetRequestLog();
    await diagnose('diag-healthy-running', 'fedora-app-01');
    expect(sim.requests.some((r) => r.path.includes('volumesnapshots'))).toBe(false);
  });

  it.each([
    [403, 'Forbidden'],
    [404, 'NotFound'],
  ])('a %s on the snapshot list makes the check "not verified"', async (status, reason) => {
    const fault = sim.setFault({ match: { path: snapshotList(IN_PROGRESS.namespace) }, status });
    try {
      const { structured } = await diagnose(IN_PROGRESS.namespace, IN_PROGRESS.name);
      expect(structured.rootCause).toBeNull();
      expect(dvCheck(structured)).toMatchObject({ status: 'notVerified' });
      expect(dvCheck(structured)?.message).toContain(
        `the VolumeSnapshots of the clone could not be read (${reason})`,
      );
      expect(fault.hits).toBe(1);
    } finally {
      fault.remove();
    }
  });

  it('without the snapshot, a clone that has not moved for 39 minutes is still found stuck', async () => {
    const fault = sim.setFault({ match: { path: SNAPSHOT_LIST }, status: 403 });
    try {
      const { structured } = await diagnose();
      expect(structured.rootCause).toMatchObject({
        category: 'DataVolumeImport',
        ruleId: 'dv.stuck',
      });
      expect(dvCheck(structured)?.status).toBe('failed');
    } finally {
      fault.remove();
    }
  });
});
