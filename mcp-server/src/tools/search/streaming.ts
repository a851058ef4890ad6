/**
 * What the streaming search keeps while the list pages go by: the first `limit` matches in
 * namespace/name order (a bounded sorted array, never all matches) and, when matching needs VMIs,
 * a compact projection of each VMI holding only the fields the matcher, the health verdict, the OS
 * and the size read (src/kubevirt/search, health, diagnosis rules, vm).
 */
import type { VirtualMachineInstance } from '../../../../src/kubevirt/types';

/** Same order as `a.localeCompare(b)` (ECMA-402: localeCompare without arguments uses it), faster. */
const collator = new Intl.Collator();

export const entryKey = (obj: { metadata?: { namespace?: string; name?: string } }): string =>
  `${obj.metadata?.namespace}/${obj.metadata?.name}`;

/** The first `limit` offered values by key (namespace/name, localeCompare order). */
export class TopMatches<T> {
  private readonly keys: string[] = [];
  private readonly values: T[] = [];

  constructor(private readonly limit: number) {}

  /** Keeps `value` when it is among the first `limit` keys so far; O(log limit) when it is not. */
  offer(key: string, value: T): void {
    const { keys, values, limit } = this;
    const size = keys.length;
    if (size === limit && collator.compare(key, keys[size - 1]) >= 0) return;
    let low = 0;
    let high = size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      // Equal keys keep the order they came in (a stable sort does the same).
      if (collator.compare(keys[mid], key) <= 0) low = mid + 1;
      else high = mid;
    }
    keys.splice(low, 0, key);
    values.splice(low, 0, value);
    if (keys.length > limit) {
      keys.pop();
      values.pop();
    }
  }

  get size(): number {
    return this.values.length;
  }

  toArray(): T[] {
    return [...this.values];
  }
}

const pick = <T extends object>(obj: T | undefined, keys: readonly (keyof T)[]): Partial<T> => {
  const out: Partial<T> = {};
  if (!obj) return out;
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
};

/** Labels of a VMI that anything downstream reads (the OS from the preference, src/kubevirt/vm/os). */
const VMI_LABELS = ['kubevirt.io/preference-name', 'kubevirt.io/cluster-preference-name'];

type Loose = Record<string, unknown>;

/**
 * The fields of a VMI that search matching and a row read: identity and timestamps (evidence,
 * migrations), preference labels (OS), status phase/reason/node/conditions/migration state/guest
 * OS/current topology and memory (health, node, OS, size), and the domain's CPU and memory plus the
 * placement fields (size, scheduling rules). Everything else (interfaces, volume status, devices,
 * annotations, managed fields) is dropped, so a fleet of VMIs costs a fraction of its JSON.
 */
export const compactVmi = (vmi: VirtualMachineInstance): VirtualMachineInstance => {
  const metadata = (vmi.metadata ?? {}) as Loose;
  const labels = metadata.labels as Record<string, string> | undefined;
  const keptLabels = labels
    ? Object.fromEntries(
        VMI_LABELS.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]]),
      )
    : undefined;
  const spec = (vmi.spec ?? undefined) as Loose | undefined;
  const domain = spec?.domain as Loose | undefined;
  const status = (vmi.status ?? undefined) as Loose | undefined;
  const guestOSInfo = status?.guestOSInfo as Loose | undefined;
  const memory = status?.memory as Loose | undefined;
  return {
    apiVersion: vmi.apiVersion,
    kind: vmi.kind,
    metadata: {
      ...pick(metadata, ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp']),
      ...(keptLabels && Object.keys(keptLabels).length ? { labels: keptLabels } : {}),
    },
    ...(spec
      ? {
          spec: {
            ...pick(spec, ['nodeSelector', 'affinity', 'tolerations']),
            ...(domain ? { domain: pick(domain, ['cpu', 'memory', 'resources']) } : {}),
          },
        }
      : {}),
    ...(status
      ? {
          status: {
            ...pick(status, [
              'phase',
              'reason',
              'nodeName',
              'conditions',
              'migrationState',
              'currentCPUTopology',
            ]),
            ...(guestOSInfo ? { guestOSInfo: pick(guestOSInfo, ['id', 'version']) } : {}),
            ...(memory ? { memory: pick(memory, ['guestCurrent']) } : {}),
          },
        }
      : {}),
  } as VirtualMachineInstance;
};
