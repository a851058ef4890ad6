/**
 * `GET /apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachines/{name}/expand-spec`, which
 * kubevirt-plugin calls for every VM with an instancetype or preference
 * (kubevirt-ui/kubevirt-plugin release-4.22 `useInstanceTypeExpandSpec.ts`; KubeVirt
 * `pkg/virt-api/rest/expand-spec.go`): the VM with the instancetype's guest CPU and memory (and the
 * preference's firmware/devices where set) written into `spec.template.spec.domain`, and the
 * matchers removed. A referenced instancetype that does not exist is a 400 from virt-api.
 */
import { badRequest } from './status';

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

export interface Matcher {
  kind: string;
  name: string;
}

/** The instancetype and preference a VM references; cluster kinds are KubeVirt's default. */
export const vmMatchers = (vm: Json): { instancetype?: Matcher; preference?: Matcher } => {
  const spec = record(vm.spec);
  const pick = (value: unknown, clusterKind: string): Matcher | undefined => {
    const matcher = record(value);
    if (typeof matcher.name !== 'string') return undefined;
    return {
      kind: typeof matcher.kind === 'string' ? matcher.kind : clusterKind,
      name: matcher.name,
    };
  };
  return {
    instancetype: pick(spec.instancetype, 'VirtualMachineClusterInstancetype'),
    preference: pick(spec.preference, 'VirtualMachineClusterPreference'),
  };
};

export const expandVmSpec = (
  vm: Json,
  instancetype: Json | undefined,
  preference: Json | undefined,
): Json => {
  const { instancetype: wanted } = vmMatchers(vm);
  if (wanted && !instancetype) {
    throw badRequest(
      `failed to find instancetype: ${wanted.kind.toLowerCase().replace(/s?$/, 's')}.instancetype.kubevirt.io "${wanted.name}" not found`,
    );
  }
  const copy = JSON.parse(JSON.stringify(vm)) as Json;
  const spec = record(copy.spec);
  const template = record(spec.template);
  const podSpec = record(template.spec);
  const domain = record(podSpec.domain);
  const typeSpec = record(instancetype?.spec);
  const cpu = record(typeSpec.cpu);
  const memory = record(typeSpec.memory);
  if (typeof cpu.guest === 'number') {
    domain.cpu = { ...record(domain.cpu), sockets: cpu.guest, cores: 1, threads: 1 };
  }
  if (typeof memory.guest === 'string')
    domain.memory = { ...record(domain.memory), guest: memory.guest };
  const preferenceSpec = record(preference?.spec);
  if (preferenceSpec.firmware && !domain.firmware) domain.firmware = preferenceSpec.firmware;
  podSpec.domain = domain;
  template.spec = podSpec;
  spec.template = template;
  delete spec.instancetype;
  delete spec.preference;
  copy.spec = spec;
  return copy;
};
