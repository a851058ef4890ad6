/**
 * Launcher logs as evidence through the real server (stdio) and the kube simulator: the log line
 * reaches diagnose_vm_error's findings (redacted), a log that cannot be read (403, the pod gone
 * since the list, 5xx) makes the check "not verified" without failing the tool, hostile logs (a
 * 10 MB line, binary, invalid UTF-8) stay bounded, and the request budget holds with logs read.
 */
import { diagnoseTarget } from '../../../bench/diagnose';
import { countRounds } from '../../../bench/lib/rounds';
import type { KubeSimulator } from '../../../integration-tests/kube-simulator';
import { call, startScenarioServer, toolText, type StdioServer } from '../testing/harness';

jest.setTimeout(60_000);

const NS = 'diag-log-kvm-missing';
const VM = 'ci-runner-7';
const POD = 'virt-launcher-ci-runner-7-kabfd';
const LOG_PATH = `/api/v1/namespaces/${NS}/pods/${POD}/log`;

let sim: KubeSimulator;
let server: StdioServer;

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ sim, server, stop } = await startScenarioServer());
});

afterAll(() => stop?.());

interface Structured {
  rootCause: { category: string; ruleId: string } | null;
  findings: { ruleId: string; evidence: { kind: string; fieldPath?: string; value?: string }[] }[];
  checks: { name: string; status?: string; message: string }[];
}

const diagnose = async (namespace = NS, name = VM) => {
  const result = await call(server.client, 'diagnose_vm_error', { namespace, name });
  expect(result.isError).toBeFalsy();
  return { structured: result.structuredContent as unknown as Structured, text: toolText(result) };
};

const logCheck = (s: Structured) =>
  s.checks.find((c) => c.name === 'The virt-launcher log shows no known libvirt or QEMU error');

/** The scenario's launcher pod with another compute log (the store keeps the rest as it was). */
const withComputeLog = (annotations: Record<string, string>) => {
  const pod = structuredClone(
    sim.store.get(sim.store.registry.byPath('', 'v1', 'pods')!, NS, POD) as Record<string, any>,
  );
  for (const key of Object.keys(pod.metadata.annotations)) {
    if (key.startsWith('kube-simulator.test/log')) delete pod.metadata.annotations[key];
  }
  Object.assign(pod.metadata.annotations, annotations);
  delete pod.metadata.resourceVersion;
  sim.apply(pod);
};

describe('launcher log evidence over stdio', () => {
  it('names the log line, with the pod and container, in the findings and the text', async () => {
    const { structured, text } = await diagnose();
    expect(structured.rootCause).toMatchObject({
      category: 'NodeProblem',
      ruleId: 'launcher-log.kvm-unavailable',
    });
    const evidence = structured.findings[0].evidence[0];
    expect(evidence).toMatchObject({ kind: 'Pod', fieldPath: 'log[container=compute]' });
    expect(evidence.value).toContain('Could not access KVM kernel module');
    expect(text).toContain('launcher-log.kvm-unavailable');
    expect(logCheck(structured)?.status).toBe('failed');
    const logReads = sim.requests.filter((r) => r.path.startsWith(LOG_PATH));
    expect(logReads.length).toBeGreaterThan(0);
  });

  it.each([
    [403, `not allowed to get pods/log of pod "${POD}" in namespace "${NS}" (403)`],
    [404, `pod "${POD}" not found in namespace "${NS}" (404): deleted after it was listed`],
    [500, 'could not be reached or failed (500) while reading the log'],
  ])(
    'a %s on the log read makes the check "not verified", never a tool failure',
    async (status, reason) => {
      const fault = sim.setFault({ match: { path: `${LOG_PATH}?` }, status });
      try {
        const { structured, text } = await diagnose();
        expect(logCheck(structured)).toMatchObject({ status: 'notVerified' });
        expect(logCheck(structured)?.message).toContain(reason);
        expect(text).toContain(
          'Not verified: The virt-launcher log shows no known libvirt or QEMU error',
        );
        // Without the log the diagnosis falls back to what the objects say.
        expect(structured.rootCause?.ruleId).not.toMatch(/^launcher-log\./);
        expect(fault.hits).toBe(1);
      } finally {
        fault.remove();
      }
    },
  );

  it('reports a pod deleted between the list and the log read as not verified (a real 404)', async () => {
    const pods = sim.store.registry.byPath('', 'v1', 'pods')!;
    const saved = structuredClone(sim.store.get(pods, NS, POD) as Record<string, any>);
    // The log request waits; meanwhile the pod goes, so the simulator answers it 404 itself.
    const slow = sim.setFault({ match: { path: `${LOG_PATH}?`, times: 1 }, hangMs: 400 });
    try {
      const pending = diagnose();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(sim.delete('pods', NS, POD)).toBe(true);
      const { structured } = await pending;
      expect(logCheck(structured)).toMatchObject({ status: 'notVerified' });
      expect(logCheck(structured)?.message).toContain('(404): deleted after it was listed');
      const read = sim.requests.filter((r) => r.path === LOG_PATH).at(-1);
      expect(read?.status).toBe(404);
    } finally {
      slow.remove();
      delete saved.metadata.resourceVersion;
      sim.apply(saved as never);
    }
  });

  it('keeps a secret in an error line out of the findings and the text', async () => {
    const token = 'ghp_' + 'Zq7xY3wV9uT1sR5pO2nM8lK4jH6gF0dE3cB7';
    const password = 'Launcher-Leak-Pass-4471';
    withComputeLog({
      'kube-simulator.test/log-compute':
        `{"level":"error","msg":"internal error: process exited while connecting to monitor: Could not access KVM kernel module: No such file or directory (url=https://deploy:${password}@git.example.com token=${token})"}\n` +
        `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n` +
        `Could not access KVM kernel module: password=${password}\n`,
    });
    const { structured, text } = await diagnose();
    expect(structured.rootCause?.ruleId).toBe('launcher-log.kvm-unavailable');
    for (const secret of [token, password, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ']) {
      expect(JSON.stringify(structured)).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });

  it('stays bounded on a 10 MB line, binary data and invalid UTF-8', async () => {
    const huge = Buffer.concat([
      Buffer.from('Could not access KVM kernel module: '),
      Buffer.alloc(10 * 1024 * 1024, 0x41),
      Buffer.from([0x0a, 0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0x0a]),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
    ]);
    withComputeLog({ 'kube-simulator.test/log-base64-compute': huge.toString('base64') });
    sim.resetRequestLog();
    const started = Date.now();
    const { structured } = await diagnose();
    expect(Date.now() - started).toBeLessThan(10_000);
    // limitBytes=65536 from the start of the 200-line tail: the huge line itself is cut.
    const logRead = sim.requests.find((r) => r.path.startsWith(LOG_PATH));
    expect(logRead?.query).toEqual({ container: 'compute', tailLines: '200', limitBytes: '65536' });
    for (const f of structured.findings) {
      for (const e of f.evidence) expect((e.value ?? '').length).toBeLessThanOrEqual(2049);
    }
    const shown = structured.findings.flatMap((f) => f.evidence.map((e) => e.value ?? ''));
    expect(shown.some((v) => v.includes('Could not access KVM kernel module'))).toBe(true);
    // eslint-disable-next-line no-control-regex -- no control character may reach the output
    expect(shown.filter((v) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v))).toEqual([]);
  });

  it('holds the request budget with logs read: ≤ 13 requests, ≤ 3 rounds (4 volumes, 2 networks)', async () => {
    const target = diagnoseTarget(Date.now());
    for (const obj of target.objects) sim.apply(obj as never);
    const pod = target.objects.find((o) => (o as { kind?: string }).kind === 'Pod') as
      { metadata: { name: string; namespace: string } } | undefined;
    expect(pod).toBeDefined();
    sim.setLatency(20);
    sim.resetRequestLog();
    try {
      const vm = target.objects.find((o) => (o as { kind?: string }).kind === 'VirtualMachine') as {
        metadata: { name: string; namespace: string };
      };
      await diagnose(vm.metadata.namespace, vm.metadata.name);
    } finally {
      sim.setLatency(0);
    }
    const requests = sim.requests.filter((r) => r.path.startsWith('/api'));
    expect(requests.some((r) => r.path.endsWith(`/pods/${pod!.metadata.name}/log`))).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(13);
    expect(countRounds(requests)).toBeLessThanOrEqual(3);
    console.info(
      `diagnose with logs: ${requests.length} requests, ${countRounds(requests)} rounds`,
    );
  });
});
