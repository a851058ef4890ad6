import type { VirtualMachine } from '../../kubevirt/types';

/**
 * The OS kubevirt-plugin's VM list files a VM under, read exactly as its filter reads it
 * (kubevirt-ui/kubevirt-plugin release-4.22 `list/utils/filters/getOSFilter.ts` and
 * `utils/resources/vm/utils/operation-system/operationSystem.ts`): the first of its OS names
 * (CentOS, Fedora, Other, RHEL, Windows; Windows as `win`) that the template's `vm.kubevirt.io/os`
 * annotation, the VM's OS name (its `name.os.template.kubevirt.io/<os>` annotation, else the
 * `os.template.kubevirt.io/<os>` label suffix, else its own `vm.kubevirt.io/os` annotation) or the
 * preference name starts with, case-insensitively. Template names and the guest agent, which our
 * search also reads, are not among them.
 */
const KUBEVIRT_OS_NAMES = ['CentOS', 'Fedora', 'Other', 'RHEL', 'Windows'] as const;
export type KubevirtListOsName = (typeof KUBEVIRT_OS_NAMES)[number];

const OS_TEMPLATE_LABEL = 'os.template.kubevirt.io';
const NAME_OS_TEMPLATE_ANNOTATION = 'name.os.template.kubevirt.io';
const VM_OS_ANNOTATION = 'vm.kubevirt.io/os';

const keyWithPrefix = (map: Record<string, string> | undefined, prefix: string) =>
  Object.keys(map ?? {}).find((key) => key.startsWith(prefix));

const suffixAfterSlash = (key: string | undefined) => {
  const index = key ? key.lastIndexOf('/') : -1;
  return key && index > 0 ? key.substring(index + 1) : undefined;
};

const operatingSystem = (vm: VirtualMachine): string | undefined =>
  suffixAfterSlash(keyWithPrefix(vm.metadata?.labels, OS_TEMPLATE_LABEL)) ||
  vm.metadata?.annotations?.[VM_OS_ANNOTATION];

const operatingSystemName = (vm: VirtualMachine): string | undefined => {
  const annotations = vm.metadata?.annotations;
  const key = keyWithPrefix(annotations, `${NAME_OS_TEMPLATE_ANNOTATION}/${operatingSystem(vm)}`);
  return key ? annotations?.[key] : undefined;
};

export const kubevirtListOsName = (vm: VirtualMachine): KubevirtListOsName | undefined => {
  const terms = [
    vm.spec?.template?.metadata?.annotations?.[VM_OS_ANNOTATION],
    operatingSystemName(vm) || operatingSystem(vm),
    vm.spec?.preference?.name,
  ].map((term) => term?.toLowerCase());
  return KUBEVIRT_OS_NAMES.find((name) => {
    const prefix = (name === 'Windows' ? 'win' : name).toLowerCase();
    return terms.some((term) => term?.startsWith(prefix));
  });
};
