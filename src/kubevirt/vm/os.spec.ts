import type { VirtualMachine, VirtualMachineInstance } from '../types';
import { formatOS, parseOsIdentifier, vmOS } from './os';

describe('parseOsIdentifier', () => {
  it.each([
    ['rhel9.4', 'rhel', '9.4'],
    ['rhel.9', 'rhel', '9'],
    ['RHEL 9', 'rhel', '9'],
    ['rhel8', 'rhel', '8'],
    ['red hat enterprise linux 9', 'rhel', '9'],
    ['win2k22', 'windows', '2022'],
    ['win2k19', 'windows', '2019'],
    ['win2k12r2', 'windows', '2012r2'],
    ['windows.2k22', 'windows', '2022'],
    ['windows.11', 'windows', '11'],
    ['win10', 'windows', '10'],
    ['windows server 2019', 'windows', '2019'],
    ['windows', 'windows', undefined],
    ['fedora', 'fedora', undefined],
    ['fedora39', 'fedora', '39'],
    ['centos-stream9', 'centos', '9'],
    ['centos.stream9', 'centos', '9'],
    ['centos7.0', 'centos', '7.0'],
    ['ubuntu22.04', 'ubuntu', '22.04'],
    ['ubuntu', 'ubuntu', undefined],
    ['debian12', 'debian', '12'],
    ['opensuse.leap', 'opensuse', undefined],
    ['sles15', 'sles', '15'],
    ['cirros0.6.2', 'cirros', '0.6.2'],
  ])('%j is %s %s', (id, family, version) => {
    const os = parseOsIdentifier(id);
    expect(os?.family).toBe(family);
    expect(os?.version).toBe(version);
  });

  it.each(['winter', 'rhelx', 'alpine', '', 'w'.repeat(100), 'fedorable'])(
    '%j is not an OS',
    (id) => {
      expect(parseOsIdentifier(id)).toBeUndefined();
    },
  );
});

const vmWith = (parts: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  preference?: string;
}): VirtualMachine => ({
  metadata: { name: 'x', labels: parts.labels, annotations: parts.annotations },
  spec: {
    ...(parts.preference ? { preference: { name: parts.preference } } : {}),
    template: { metadata: { annotations: parts.templateAnnotations } },
  },
});

describe('vmOS', () => {
  it('prefers the template os annotation over the template name', () => {
    const vm = vmWith({
      labels: { 'vm.kubevirt.io/template': 'rhel8-server-small' },
      templateAnnotations: { 'vm.kubevirt.io/os': 'rhel9.2' },
    });
    expect(vmOS(vm)).toMatchObject({ family: 'rhel', version: '9.2' });
  });

  it('reads os.template.kubevirt.io labels, ignoring ones not set to "true"', () => {
    const vm = vmWith({
      labels: {
        'os.template.kubevirt.io/win2k19': 'false',
        'os.template.kubevirt.io/win2k22': 'true',
      },
    });
    expect(vmOS(vm)).toMatchObject({ family: 'windows', version: '2022' });
  });

  it('reads the legacy kubevirt.io/os label, the preference and the template name', () => {
    expect(vmOS(vmWith({ labels: { 'kubevirt.io/os': 'fedora38' } }))).toMatchObject({
      family: 'fedora',
      version: '38',
    });
    expect(vmOS(vmWith({ preference: 'windows.2k22' }))).toMatchObject({
      family: 'windows',
      version: '2022',
    });
    expect(
      vmOS(vmWith({ labels: { 'vm.kubevirt.io/template': 'centos-stream9-server-small' } })),
    ).toMatchObject({
      family: 'centos',
      version: '9',
    });
    expect(
      vmOS(vmWith({ labels: { 'vm.kubevirt.io/template': 'windows2k22-server-medium' } })),
    ).toMatchObject({
      family: 'windows',
      version: '2022',
    });
  });

  it('uses the VMI preference labels and the guest agent', () => {
    const vmi: VirtualMachineInstance = {
      metadata: { labels: { 'kubevirt.io/cluster-preference-name': 'rhel.9' } },
      status: { guestOSInfo: { id: 'rhel', version: '9.4' } },
    };
    expect(vmOS(vmWith({}), vmi)).toMatchObject({ family: 'rhel', version: '9.4' });
    expect(
      vmOS(vmWith({}), { status: { guestOSInfo: { id: 'ubuntu', version: '24.04' } } }),
    ).toMatchObject({
      family: 'ubuntu',
      version: '24.04',
    });
    // the agent never overrides a version the labels already state
    expect(
      vmOS(vmWith({ preference: 'fedora' }), {
        status: { guestOSInfo: { id: 'rhel', version: '9' } },
      }),
    ).toMatchObject({
      family: 'fedora',
    });
  });

  it('returns undefined when nothing names an OS', () => {
    expect(vmOS(vmWith({ labels: { app: 'x' } }))).toBeUndefined();
    expect(vmOS(undefined)).toBeUndefined();
  });
});

describe('formatOS', () => {
  it('names the family and version', () => {
    expect(formatOS({ family: 'rhel', version: '9' })).toBe('RHEL 9');
    expect(formatOS({ family: 'windows' })).toBe('Windows');
    expect(formatOS({ family: 'linux' })).toBe('Linux');
  });
});
