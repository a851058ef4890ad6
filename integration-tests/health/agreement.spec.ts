/**
 * Issue 12, agreement: every demo-cluster VM and every scenario VM goes through search ("healthy",
 * "broken", "needs attention") with the inputs the search page and the MCP search tool really have
 * (VMs, VMIs, VMI migrations, instancetypes: joinVmEntries) and through the diagnosis with what the
 * Diagnostics tab has (buildVmSnapshot over the whole cluster). 0 disagreements.
 */
import { buildDemoCluster, loadScenarios } from '../fixtures/demo-cluster';
import { buildVmSnapshot, diagnoseVm } from '../../src/kubevirt/diagnosis';
import { healthFromDiagnosis, vmHealth } from '../../src/kubevirt/health';
import { filterVms, parseVmSearchQuery } from '../../src/kubevirt/search';
import type {
  K8sObject,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../../src/kubevirt/types';
import { joinVmEntries, type VmEntry } from '../../src/kubevirt/vm';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const now = new Date(NOW);
const pool = buildDemoCluster({ now: NOW }) as unknown as K8sObject[];
const ofKind = <T>(kind: string) => pool.filter((o) => o.kind === kind) as T[];
const keyOf = (o: K8sObject) => `${o.metadata?.namespace}/${o.metadata?.name}`;

// What the search page watches and the MCP tool lists.
const entries: VmEntry[] = joinVmEntries({
  vms: ofKind<VirtualMachine>('VirtualMachine'),
  vmis: ofKind<VirtualMachineInstance>('VirtualMachineInstance'),
  migrations: ofKind<VirtualMachineInstanceMigration>('VirtualMachineInstanceMigration'),
  instancetypes: pool.filter((o) => /Instancetype$/.test(o.kind ?? '')),
});

// What the Diagnostics tab has: every related object.
const diagnoses = new Map(
  entries.map(({ vm }) => {
    const snapshot = buildVmSnapshot(vm, pool, { now });
    const diagnosis = diagnoseVm(snapshot);
    return [keyOf(vm), { diagnosis, verdict: healthFromDiagnosis(snapshot, diagnosis) }];
  }),
);

const found = (query: string): Set<string> =>
  new Set(
    filterVms(entries, parseVmSearchQuery(query, { now }).criteria, { now }).map((e) =>
      keyOf(e.vm),
    ),
  );

const healthy = found('healthy vms');
const broken = found('broken vms');
const attention = found('vms that need attention');
const all = new Set(entries.map((e) => keyOf(e.vm)));

describe('health verdict: search agrees with the diagnosis', () => {
  it('covers every demo VM and every scenario VM', () => {
    const scenarioVms = loadScenarios().flatMap((s) =>
      s.objects.filter((o) => o.kind === 'VirtualMachine').map((o) => keyOf(o as K8sObject)),
    );
    expect(scenarioVms.length).toBeGreaterThanOrEqual(30);
    scenarioVms.forEach((key) => expect(all.has(key)).toBe(true));
    expect(all.size).toBeGreaterThanOrEqual(60);
  });

  it('"healthy vms" holds no VM whose diagnosis fails (0 disagreements)', () => {
    const disagreements = [...healthy].filter((key) => {
      const { diagnosis } = diagnoses.get(key)!;
      return !diagnosis.healthy || diagnosis.rootCause !== null;
    });
    expect(disagreements).toEqual([]);
  });

  it('every VM whose diagnosis has a root cause is broken, needs attention and is not healthy', () => {
    const withCause = [...all].filter((key) => diagnoses.get(key)!.diagnosis.rootCause);
    expect(withCause.length).toBeGreaterThanOrEqual(30);
    const disagreements = withCause.filter(
      (key) => healthy.has(key) || !broken.has(key) || !attention.has(key),
    );
    expect(disagreements).toEqual([]);
  });

  it('"healthy" and "broken" split the fleet, and the Diagnostics tab verdict agrees', () => {
    expect([...all].filter((key) => healthy.has(key) === broken.has(key))).toEqual([]);
    const disagreements = entries
      .filter(
        (entry) =>
          diagnoses.get(keyOf(entry.vm))!.verdict.problem !== vmHealth(entry, { now }).problem,
      )
      .map((entry) => keyOf(entry.vm));
    expect(disagreements).toEqual([]);
  });

  it('knows the root cause category where search has the evidence', () => {
    const verdict = (key: string) =>
      vmHealth(
        entries.find((e) => keyOf(e.vm) === key)!,
        { now },
      );
    expect(verdict('diag-imagepull-tag/fedora-web-01')).toMatchObject({
      health: 'error',
      category: 'ImagePull',
    });
    expect(verdict('diag-migration-target/jenkins-controller')).toMatchObject({
      health: 'error',
      category: 'Migration',
    });
    expect(verdict('diag-secret-cloudinit/web-frontend-02')).toMatchObject({
      health: 'error',
      stuck: true,
    });
    expect(verdict('diag-node-notready/inventory-svc')).toMatchObject({ health: 'attention' });
    expect(verdict('vm-dev/fedora-ml-notebook')).toMatchObject({ health: 'healthy' });
    expect(verdict('vm-prod/rhel9-batch-runner')).toMatchObject({ health: 'stopped' });
  });
});

describe('effective size: "vms on worker-2 with more than 4 cpus"', () => {
  it('finds the 8-vCPU u1.2xlarge VM running on worker-2', () => {
    const { criteria } = parseVmSearchQuery('vms on worker-2 with more than 4 cpus', { now });
    expect(criteria).toMatchObject({ nodes: ['worker-2'], minCpu: 5 });
    const names = filterVms(entries, criteria, { now }).map((e) => keyOf(e.vm));
    expect(names).toContain('vm-dev/fedora-ml-notebook');
    const notebook = entries.find((e) => keyOf(e.vm) === 'vm-dev/fedora-ml-notebook')!;
    expect(notebook.vm.spec?.instancetype?.name).toBe('u1.2xlarge');
  });
});
