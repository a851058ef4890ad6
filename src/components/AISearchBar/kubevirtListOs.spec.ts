import type { VirtualMachine } from '../../kubevirt/types';
import { kubevirtListOsName } from './kubevirtListOs';

const vm = (parts: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  preference?: string;
}): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'v', namespace: 'n', labels: parts.labels, annotations: parts.annotations },
  spec: {
    ...(parts.preference ? { preference: { name: parts.preference } } : {}),
    template: { metadata: { annotations: parts.templateAnnotations }, spec: {} },
  },
});

describe('kubevirtListOsName (what kubevirt-plugin filters by)', () => {
  it.each([
    [{ templateAnnotations: { 'vm.kubevirt.io/os': 'rhel9' } }, 'RHEL'],
    [{ templateAnnotations: { 'vm.kubevirt.io/os': 'windows2k22' } }, 'Windows'],
    [{ labels: { 'os.template.kubevirt.io/win2k19': 'true' } }, 'Windows'],
    [{ annotations: { 'vm.kubevirt.io/os': 'fedora39' } }, 'Fedora'],
    [{ preference: 'centos.stream9' }, 'CentOS'],
    [{ preference: 'rhel.9' }, 'RHEL'],
  ])('%j → %s', (parts, expected) => {
    expect(kubevirtListOsName(vm(parts))).toBe(expected);
  });

  it('misses what only the template name, the guest agent or an unknown family tells', () => {
    expect(
      kubevirtListOsName(
        vm({ labels: { 'vm.kubevirt.io/template': 'windows2k22-server-medium' } }),
      ),
    ).toBeUndefined();
    expect(kubevirtListOsName(vm({ preference: 'ubuntu' }))).toBeUndefined();
  });

  it('reads the OS name annotation first, as kubevirt-plugin does (which then fails to match it)', () => {
    const templated = vm({
      labels: { 'os.template.kubevirt.io/rhel9.0': 'true' },
      annotations: { 'name.os.template.kubevirt.io/rhel9.0': 'Red Hat Enterprise Linux 9.0' },
    });
    expect(kubevirtListOsName(templated)).toBeUndefined();
  });
});
