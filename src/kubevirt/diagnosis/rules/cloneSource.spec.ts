import { diagnoseVm } from '../diagnose';
import type { K8sObject } from '../model';
import { loadAllScenarios, loadClusterObjects, scenarioSnapshot } from '../testing/scenarios';

const scenarios = loadAllScenarios();
const pool: K8sObject[] = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
const diagnose = (file: string) => {
  const scenario = scenarios.find((s) => s.file === file);
  if (!scenario) throw new Error(`no scenario ${file}`);
  return diagnoseVm(scenarioSnapshot(scenario, pool));
};

describe('clone-source rule', () => {
  it('names the refused clone, the ServiceAccount and the source namespace', () => {
    const d = diagnose('datavolumeimport-clone-unauthorized.yaml');
    expect(d.rootCause?.ruleId).toBe('dv.clone-unauthorized');
    expect(d.rootCause?.summary).toContain('system:serviceaccount:diag-clone-refused:default');
    expect(d.rootCause?.summary).toContain('diag-vm-images');
    const fix = d.suggestions[0];
    expect(fix.id).toBe('dv.clone-unauthorized/0');
    expect(fix.commands.join('\n')).toContain(
      'oc create rolebinding diag-clone-refused-clone -n diag-vm-images --clusterrole=datavolume-cloner --serviceaccount=diag-clone-refused:default',
    );
  });

  it('reads a Stopped VM whose DataSource clone is refused as a clone problem', () => {
    expect(diagnose('datavolumeimport-clone-unauthorized-datasource.yaml').rootCause?.ruleId).toBe(
      'dv.clone-unauthorized',
    );
  });

  it('tells a missing DataSource apart from a refused clone', () => {
    const d = diagnose('datavolumeimport-boot-source-missing.yaml');
    expect(d.rootCause?.ruleId).toBe('dv.boot-source-missing');
    expect(d.rootCause?.summary).toContain('"win2k22"');
    expect(d.suggestions[0].commands).toContain('oc get dataimportcrons -n diag-os-images');
  });

  it('stays silent once the cloned disk succeeded', () => {
    const d = diagnose('healthy-running-fedora.yaml');
    expect(d.findings.filter((f) => f.ruleId.startsWith('dv.clone'))).toEqual([]);
  });
});

describe('KVM device unavailable', () => {
  it('names devices.kubevirt.io/kvm and advises on virtualization, not memory', () => {
    const d = diagnose('insufficientresources-kvm-unavailable.yaml');
    expect(d.rootCause?.category).toBe('InsufficientResources');
    expect(d.rootCause?.summary).toContain('devices.kubevirt.io/kvm');
    expect(d.suggestions.map((s) => s.description).join('\n')).toMatch(/virtualization/);
  });
});
