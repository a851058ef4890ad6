import type { VirtualMachine, VirtualMachineInstance } from '../types';

export const OS_FAMILIES = [
  'windows',
  'rhel',
  'fedora',
  'centos',
  'ubuntu',
  'debian',
  'opensuse',
  'sles',
  'cirros',
] as const;

export type OsFamily = (typeof OS_FAMILIES)[number];

export interface VmOperatingSystem {
  family: OsFamily;
  /** Dotted version as users say it: `9`, `9.2`, `22.04`, `2022`, `11`. */
  version?: string;
  /** The identifier it was read from (`rhel9.2`, `windows.2k22`, ...). */
  source: string;
}

/** Windows short ids use `2k22` for Server 2022, `2k12r2` for Server 2012 R2. */
const windowsVersion = (raw: string | undefined): string | undefined => {
  if (!raw) return undefined;
  const server = /^2k(\d\d)(r2)?$/.exec(raw);
  if (server) return `20${server[1]}${server[2] ?? ''}`;
  return raw;
};

// Each pattern is anchored and has no nested quantifiers; inputs are short label values.
const OS_ID_PATTERNS: {
  family: OsFamily;
  pattern: RegExp;
  version?: (raw?: string) => string | undefined;
}[] = [
  {
    family: 'windows',
    pattern: /^(?:ms)?win(?:dows)?(?:[-._ ]?server)?[-._ ]?(2k\d\d(?:r2)?|\d+(?:\.\d+)?)?$/,
    version: windowsVersion,
  },
  {
    family: 'rhel',
    pattern: /^(?:rhel|red[-_ ]?hat(?:[-_ ]enterprise[-_ ]linux)?)[-._ ]?(\d+(?:\.\d+)?)?$/,
  },
  { family: 'centos', pattern: /^centos[-._ ]?(?:stream[-._ ]?)?(\d+(?:\.\d+)?)?$/ },
  { family: 'fedora', pattern: /^fedora[-._ ]?(\d+)?$/ },
  { family: 'ubuntu', pattern: /^ubuntu[-._ ]?(\d+(?:\.\d+)?)?$/ },
  { family: 'debian', pattern: /^debian[-._ ]?(\d+(?:\.\d+)?)?$/ },
  {
    family: 'opensuse',
    pattern: /^opensuse(?:[-._ ]?(?:leap|tumbleweed))?[-._ ]?(\d+(?:\.\d+)?)?$/,
  },
  { family: 'sles', pattern: /^sles[-._ ]?(\d+(?:\.\d+)?)?$/ },
  { family: 'cirros', pattern: /^cirros[-._ ]?(\d+(?:\.\d+)*)?$/ },
];

/**
 * Reads one OS identifier as KubeVirt and its templates write them: libosinfo short ids
 * (`rhel9.2`, `win2k22`, `centos-stream9`, `ubuntu22.04`), preference names (`rhel.9`,
 * `windows.2k22`, `centos.stream9`), or what a user types (`RHEL 9`, `windows server 2019`).
 */
export const parseOsIdentifier = (id: string | undefined): VmOperatingSystem | undefined => {
  if (typeof id !== 'string') return undefined;
  const normalised = id.trim().toLowerCase();
  if (normalised.length === 0 || normalised.length > 64) return undefined;
  for (const { family, pattern, version } of OS_ID_PATTERNS) {
    const match = pattern.exec(normalised);
    if (match) {
      const parsedVersion = version ? version(match[1]) : match[1];
      return parsedVersion
        ? { family, version: parsedVersion, source: id }
        : { family, source: id };
    }
  }
  return undefined;
};

/** Template names look like `rhel9-server-small` or `windows2k22-server-medium`. */
const osFromTemplateName = (name: string | undefined): VmOperatingSystem | undefined => {
  if (!name) return undefined;
  const [first, second] = name.toLowerCase().split('-');
  return (
    (second && parseOsIdentifier(`${first}-${second}`)) || parseOsIdentifier(first) || undefined
  );
};

const OS_TEMPLATE_LABEL_PREFIX = 'os.template.kubevirt.io/';

const osFromOsTemplateLabels = (
  labels: Record<string, string> | undefined,
): VmOperatingSystem | undefined => {
  if (!labels) return undefined;
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(OS_TEMPLATE_LABEL_PREFIX) && value === 'true') {
      const os = parseOsIdentifier(key.slice(OS_TEMPLATE_LABEL_PREFIX.length));
      if (os) return os;
    }
  }
  return undefined;
};

/**
 * The guest agent knows the exact version (`9.4`) where labels say only `rhel.9` or `fedora`; it
 * refines, never contradicts, what the VM's own labels state.
 */
const refineWithGuestAgent = (
  os: VmOperatingSystem,
  vmi: VirtualMachineInstance | undefined,
): VmOperatingSystem => {
  const agentVersion = vmi?.status?.guestOSInfo?.version;
  const agentOs = parseOsIdentifier(vmi?.status?.guestOSInfo?.id);
  if (!agentVersion || agentOs?.family !== os.family || agentVersion === os.version) return os;
  if (os.version && !agentVersion.startsWith(`${os.version}.`)) return os;
  return { ...os, version: agentVersion };
};

/**
 * The guest OS of a VM, from the most specific hint to the least:
 * 1. `vm.kubevirt.io/os` annotation (templates put it on the VMI template and sometimes the VM),
 * 2. `os.template.kubevirt.io/<id>: "true"` labels,
 * 3. the legacy `kubevirt.io/os` label,
 * 4. the preference (`spec.preference.name`, or the preference labels KubeVirt puts on the VMI),
 * 5. the template name label `vm.kubevirt.io/template`,
 * 6. what the guest agent reports on a running VMI (`status.guestOSInfo`).
 */
export const vmOS = (
  vm: VirtualMachine | undefined,
  vmi?: VirtualMachineInstance,
): VmOperatingSystem | undefined => {
  const meta = vm?.metadata;
  const templateMeta = vm?.spec?.template?.metadata;
  const vmiLabels = vmi?.metadata?.labels;
  const candidates: (() => VmOperatingSystem | undefined)[] = [
    () => parseOsIdentifier(templateMeta?.annotations?.['vm.kubevirt.io/os']),
    () => parseOsIdentifier(meta?.annotations?.['vm.kubevirt.io/os']),
    () => osFromOsTemplateLabels(meta?.labels),
    () => osFromOsTemplateLabels(templateMeta?.labels),
    () => parseOsIdentifier(meta?.labels?.['kubevirt.io/os']),
    () => parseOsIdentifier(templateMeta?.labels?.['kubevirt.io/os']),
    () => parseOsIdentifier(vm?.spec?.preference?.name),
    () => parseOsIdentifier(meta?.labels?.['instancetype.kubevirt.io/default-preference']),
    () => parseOsIdentifier(vmiLabels?.['kubevirt.io/preference-name']),
    () => parseOsIdentifier(vmiLabels?.['kubevirt.io/cluster-preference-name']),
    () => osFromTemplateName(meta?.labels?.['vm.kubevirt.io/template']),
    () => parseOsIdentifier(vmi?.status?.guestOSInfo?.id),
  ];
  for (const candidate of candidates) {
    const os = candidate();
    if (os) {
      return refineWithGuestAgent(os, vmi);
    }
  }
  return undefined;
};

const OS_FAMILY_NAMES: Record<OsFamily, string> = {
  windows: 'Windows',
  rhel: 'RHEL',
  fedora: 'Fedora',
  centos: 'CentOS',
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  opensuse: 'openSUSE',
  sles: 'SLES',
  cirros: 'CirrOS',
};

/** Short display name: `RHEL 9.2`, `Windows 2022`, `Fedora`. */
export const formatOS = (os: { family: OsFamily | 'linux'; version?: string }): string => {
  const name = os.family === 'linux' ? 'Linux' : OS_FAMILY_NAMES[os.family];
  return os.version ? `${name} ${os.version}` : name;
};
