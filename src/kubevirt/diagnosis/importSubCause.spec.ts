import { diagnoseVm } from './diagnose';
import type { K8sObject } from './model';
import { loadAllScenarios, loadClusterObjects, scenarioSnapshot } from './testing/scenarios';

const scenarios = loadAllScenarios();
const pool: K8sObject[] = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
const firstFix = (file: string) => {
  const scenario = scenarios.find((s) => s.file === file);
  if (!scenario) throw new Error(`no scenario ${file}`);
  const d = diagnoseVm(scenarioSnapshot(scenario, pool));
  return { root: d.rootCause, fix: d.suggestions[0] };
};

describe('failing imports get the fix for their sub-cause', () => {
  it.each([
    ['datavolumeimport-tls-unknown-authority.yaml', /certificate authority/, /create configmap/],
    ['datavolumeimport-http-401.yaml', /credentials/, /create secret generic/],
    ['datavolumeimport-http-403.yaml', /credentials/, /create secret generic/],
    ['datavolumeimport-registry-auth.yaml', /credentials/, /create secret generic/],
    ['datavolumeimport-http-404.yaml', /source URL/, /jsonpath=\{.spec.source\}/],
    ['datavolumeimport-scratch-space.yaml', /scratch space/, /scratchSpaceStorageClass/],
  ])('%s', (file, title, command) => {
    const { root, fix } = firstFix(file);
    expect(root?.ruleId).toBe('dv.import-failed');
    expect(fix.title).toMatch(title);
    expect(fix.commands.join('\n')).toMatch(command);
    expect(fix.id).toBe('dv.import-failed/0');
  });

  it('names the importer error, not the Pending claim, as the root cause', () => {
    const { root } = firstFix('datavolumeimport-tls-unknown-authority.yaml');
    expect(root?.summary).toContain('x509: certificate signed by unknown authority');
  });
});
