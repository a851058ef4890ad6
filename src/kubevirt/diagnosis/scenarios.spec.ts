import { diagnoseVm } from './diagnose';
import { ROOT_CAUSE_CATEGORIES, type K8sObject } from './model';
import { requiredObjects } from './requiredObjects';
import {
  loadAllScenarios,
  loadClusterObjects,
  scenarioSnapshot,
  SCENARIO_NOW,
  type Scenario,
} from './testing/scenarios';

const scenarios = loadAllScenarios();
// All scenarios live in one simulated cluster, as in the demo: no scenario may leak into another.
const pool: K8sObject[] = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];

describe('scenario files', () => {
  it('cover every root-cause category at least three times, plus at least ten healthy VMs', () => {
    for (const category of ROOT_CAUSE_CATEGORIES) {
      expect(scenarios.filter((s) => s.expected === category).length).toBeGreaterThanOrEqual(3);
    }
    expect(scenarios.filter((s) => s.expected === null).length).toBeGreaterThanOrEqual(10);
  });

  it('use namespaces and object names that are unique across all files', () => {
    const keys = pool.map(
      (o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`,
    );
    expect(keys.length).toBe(new Set(keys).size);
    const owners = new Map<string, string>();
    for (const s of scenarios) {
      for (const o of s.objects) {
        const ns = o.metadata?.namespace;
        if (!ns) continue;
        expect([undefined, s.file]).toContain(owners.get(ns));
        owners.set(ns, s.file);
      }
    }
  });

  it('contain the VM named on the expect line', () => {
    for (const s of scenarios) {
      expect(
        s.objects.some((o) => o.kind === 'VirtualMachine' && o.metadata?.name === s.name),
      ).toBe(true);
    }
  });
});

const label = (s: Scenario) => `${s.file} → ${s.expected ?? 'healthy'}`;

describe.each(scenarios.map((s) => [label(s), s] as const))('%s', (_label, scenario) => {
  const snapshot = scenarioSnapshot(scenario, pool);
  const diagnosis = diagnoseVm(snapshot);

  it('diagnoses the expected root cause', () => {
    expect(diagnosis.rootCause?.category ?? null).toBe(scenario.expected);
    expect(diagnosis.healthy).toBe(scenario.expected === null);
  });

  it('backs the root cause with a critical finding that carries evidence', () => {
    if (!diagnosis.rootCause) {
      expect(diagnosis.findings.filter((f) => f.severity === 'critical')).toEqual([]);
      return;
    }
    const top = diagnosis.findings[0];
    expect(top.ruleId).toBe(diagnosis.rootCause.ruleId);
    expect(top.severity).toBe('critical');
    expect(top.evidence.length).toBeGreaterThan(0);
    for (const e of top.evidence) {
      expect(e.kind).toBeTruthy();
      expect(e.name).toBeTruthy();
    }
  });

  it("suggests fixes with commands naming the VM's namespace", () => {
    if (!diagnosis.rootCause) {
      expect(diagnosis.suggestions).toEqual([]);
      return;
    }
    expect(diagnosis.suggestions.length).toBeGreaterThan(0);
    expect(diagnosis.suggestions[0].ruleId).toBe(diagnosis.rootCause.ruleId);
    expect(
      diagnosis.suggestions.flatMap((s) => s.commands).some((c) => c.includes(scenario.namespace)),
    ).toBe(true);
  });

  it('gives the same root cause a week later (no clock-dependent verdict)', () => {
    const later = new Date(SCENARIO_NOW.getTime() + 7 * 24 * 3600 * 1000);
    // Durations are judged against the cluster's own clock (node heartbeats, events), so a reader's
    // later clock changes nothing.
    const rootCause = diagnoseVm(scenarioSnapshot(scenario, pool, { now: later })).rootCause;
    expect(rootCause?.category ?? null).toBe(scenario.expected);
  });

  it('fetches only what requiredObjects names (plus VMI, pods, events, nodes, classes)', () => {
    const wanted = new Set(
      requiredObjects(snapshot.vm, snapshot).map((r) => `${r.kind}/${r.name}`),
    );
    for (const o of [
      ...snapshot.pvcs,
      ...snapshot.dataVolumes,
      ...snapshot.secrets,
      ...snapshot.configMaps,
      ...snapshot.nads,
    ]) {
      expect(wanted).toContain(`${o.kind}/${o.metadata?.name}`);
    }
  });
});

describe('secret material in scenarios never reaches a diagnosis', () => {
  const secretValues = (s: Scenario): string[] => {
    const values: string[] = [];
    for (const o of s.objects) {
      if (o.kind === 'Secret') {
        for (const v of Object.values((o.data as Record<string, string> | undefined) ?? {})) {
          values.push(v, ...Buffer.from(v, 'base64').toString('utf8').split('\n'));
        }
      }
    }
    const userData = JSON.stringify(s.objects).match(/password: [^\\"]+/g) ?? [];
    return [...values, ...userData].map((v) => v.trim()).filter((v) => v.length > 8);
  };
  const withSecrets = scenarios.filter((s) => secretValues(s).length > 0);

  it('has scenarios carrying fake passwords and keys', () => {
    expect(withSecrets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withSecrets.map((s) => [s.file, s] as const))('%s', (_file, scenario) => {
    const snapshot = scenarioSnapshot(scenario, pool);
    const output = JSON.stringify({
      snapshotSecrets: snapshot.secrets,
      diagnosis: diagnoseVm(snapshot),
    });
    for (const value of secretValues(scenario)) expect(output).not.toContain(value);
  });
});
