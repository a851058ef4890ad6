/**
 * Puts every entry of the redaction corpus into a simulated cluster, each in its own namespace with
 * a VirtualMachine that carries or references it, so the MCP tools read it the way they read real
 * objects: VMs as themselves, Secrets/ConfigMaps as cloud-init, sysprep or disk sources, DataVolumes
 * as disks, launcher Pods and Events by their VM, text entries as event messages and annotations.
 */
import {
  REDACTION_CORPUS,
  type RedactionCorpusEntry,
} from '../../../src/kubevirt/testing/redactionCorpus';

type Obj = Record<string, unknown> & {
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown>;
};

export interface SecretCase {
  entry: RedactionCorpusEntry;
  namespace: string;
  /** The VM whose tools must read the entry. */
  vm: string;
  objects: Obj[];
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const inNamespace = (obj: Obj, namespace: string, fallbackName: string): Obj => {
  const copy = clone(obj);
  copy.metadata = {
    ...(copy.metadata ?? {}),
    namespace,
    name: (copy.metadata?.name as string | undefined) ?? fallbackName,
  };
  return copy;
};

const carrierVm = (
  namespace: string,
  name: string,
  volumes: Record<string, unknown>[] = [],
  annotations: Record<string, string> = {},
): Obj => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace, uid: `uid-${namespace}-${name}`, annotations },
  spec: {
    runStrategy: 'Always',
    template: {
      metadata: { labels: { 'kubevirt.io/domain': name } },
      spec: {
        domain: {
          devices: { disks: volumes.map((v) => ({ name: v.name, disk: { bus: 'virtio' } })) },
        },
        volumes,
      },
    },
  },
  status: { printableStatus: 'Starting', conditions: [] },
});

const event = (namespace: string, vm: string, message: string, index: number): Obj => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${vm}.leak${index}`, namespace },
  involvedObject: { kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1', name: vm, namespace },
  reason: 'FailedCreate',
  type: 'Warning',
  message,
  count: 1,
  lastTimestamp: new Date().toISOString(),
});

const nameOf = (obj: Obj): string => String(obj.metadata?.name ?? 'unnamed');

/** How the carrier VM refers to an object of this kind. */
const referenceVolume = (obj: Obj): Record<string, unknown> | undefined => {
  const name = nameOf(obj);
  switch (obj.kind) {
    case 'Secret':
      return { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name } } };
    case 'ConfigMap':
      return { name: 'config', configMap: { name } };
    case 'DataVolume':
      return { name: 'data', dataVolume: { name } };
    default:
      return undefined;
  }
};

/** Objects for one corpus entry in `namespace`, and the VM whose tools read them. */
const placeEntry = (entry: RedactionCorpusEntry, namespace: string, index: number): SecretCase => {
  const input = entry.input;
  const carrier = 'carrier-vm';
  if (typeof input === 'string') {
    return {
      entry,
      namespace,
      vm: carrier,
      objects: [
        carrierVm(namespace, carrier, [], { description: input }),
        event(namespace, carrier, input, index),
      ],
    };
  }
  const obj = input as Obj;
  const items: Obj[] =
    obj.kind === 'SecretList'
      ? ((obj.items as Obj[]) ?? []).map((item) => ({ apiVersion: 'v1', kind: 'Secret', ...item }))
      : obj.kind === 'Template'
        ? ((obj.objects as Obj[]) ?? []).map((o, i) => ({
            ...o,
            metadata: { ...(o.metadata ?? {}), name: `template-vm-${i}` },
          }))
        : [obj];
  const placed = items.map((item, i) => inNamespace(item, namespace, `item-${i}`));
  const vm = placed.find((o) => o.kind === 'VirtualMachine');
  if (vm) return { entry, namespace, vm: nameOf(vm), objects: placed };

  const vmi = placed.find((o) => o.kind === 'VirtualMachineInstance');
  if (vmi)
    return {
      entry,
      namespace,
      vm: nameOf(vmi),
      objects: [carrierVm(namespace, nameOf(vmi)), ...placed],
    };

  const volumes = placed.map(referenceVolume).filter((v): v is Record<string, unknown> => !!v);
  for (const o of placed) {
    if (o.kind === 'Pod') {
      o.metadata = {
        ...o.metadata,
        labels: {
          ...((o.metadata?.labels as Record<string, string>) ?? {}),
          kubevirt: 'virt-launcher',
          'kubevirt.io': 'virt-launcher',
          'vm.kubevirt.io/name': carrier,
          'kubevirt.io/vmi-name': carrier,
        },
      };
    }
    if (o.kind === 'Event') {
      o.involvedObject = {
        kind: 'VirtualMachine',
        apiVersion: 'kubevirt.io/v1',
        name: carrier,
        namespace,
      };
    }
  }
  return {
    entry,
    namespace,
    vm: carrier,
    objects: [carrierVm(namespace, carrier, volumes), ...placed],
  };
};

export const buildSecretCases = (): SecretCase[] =>
  REDACTION_CORPUS.map((entry, i) => placeEntry(entry, `leak-${String(i).padStart(2, '0')}`, i));

export const namespaceObject = (name: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, uid: `uid-ns-${name}` },
});
