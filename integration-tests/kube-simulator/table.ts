/**
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` answers (kubectl get, and
 * kubernetes-mcp-server's default `list_output = "table"`): a meta.k8s.io/v1 Table whose rows carry
 * the object's metadata (the server's default includeObject=Metadata). Columns: Name and Age for
 * every kind (the server's default table convertor), plus the printer columns KubeVirt's CRDs
 * declare for VirtualMachines and VirtualMachineInstances, and the pod columns kubectl shows.
 */
import type { ResourceType } from './resources';
import type { StoredObject } from './store';

type Json = Record<string, unknown>;

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  cell: (obj: Json) => string | number | null;
}

const get = (obj: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Json)[key] : undefined),
    obj,
  );

const conditionStatus = (obj: Json, type: string): string | null => {
  const conditions = get(obj, 'status', 'conditions');
  if (!Array.isArray(conditions)) return null;
  const found = conditions.find((c) => (c as Json)?.type === type) as Json | undefined;
  return typeof found?.status === 'string' ? found.status : null;
};

/** kubectl's HumanDuration, to the precision it prints. */
export const humanAge = (created: unknown, now = Date.now()): string => {
  const at = typeof created === 'string' ? Date.parse(created) : NaN;
  if (Number.isNaN(at)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => str(get(o, 'metadata', 'name')),
};
const AGE: Column = {
  name: 'Age',
  type: 'date',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o) => humanAge(get(o, 'metadata', 'creationTimestamp')),
};

const podReady = (o: Json): string => {
  const statuses = get(o, 'status', 'containerStatuses');
  const containers = get(o, 'spec', 'containers');
  const total = Array.isArray(containers) ? containers.length : 0;
  const ready = Array.isArray(statuses) ? statuses.filter((c) => (c as Json)?.ready).length : 0;
  return `${ready}/${total}`;
};

const podRestarts = (o: Json): number => {
  const statuses = get(o, 'status', 'containerStatuses');
  return Array.isArray(statuses)
    ? statuses.reduce((n: number, c) => n + (Number((c as Json)?.restartCount) || 0), 0)
    : 0;
};

const EXTRA_COLUMNS: Record<string, Column[]> = {
  'kubevirt.io/VirtualMachine': [
    AGE,
    {
      name: 'Status',
      type: 'string',
      description: 'Human Readable Status',
      cell: (o) => str(get(o, 'status', 'printableStatus')),
    },
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready',
      cell: (o) => conditionStatus(o, 'Ready'),
    },
  ],
  'kubevirt.io/VirtualMachineInstance': [
    AGE,
    {
      name: 'Phase',
      type: 'string',
      description: 'Phase',
      cell: (o) => str(get(o, 'status', 'phase')),
    },
    {
      name: 'IP',
      type: 'string',
      description: 'IP address',
      cell: (o) =>
        str(get((get(o, 'status', 'interfaces') as unknown[] | undefined)?.[0], 'ipAddress')),
    },
    {
      name: 'NodeName',
      type: 'string',
      description: 'NodeName',
      cell: (o) => str(get(o, 'status', 'nodeName')),
    },
    {
      name: 'Ready',
      type: 'string',
      description: 'Ready',
      cell: (o) => conditionStatus(o, 'Ready'),
    },
  ],
  '/Pod': [
    {
      name: 'Ready',
      type: 'string',
      description: 'The aggregate readiness state of this pod for accepting traffic.',
      cell: podReady,
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      cell: (o) => str(get(o, 'status', 'phase')),
    },
    {
      name: 'Restarts',
      type: 'integer',
      description: 'The number of times the containers in this pod have been restarted.',
      cell: podRestarts,
    },
    AGE,
  ],
};

const columnsOf = (type: ResourceType): Column[] => [
  NAME,
  ...(EXTRA_COLUMNS[`${type.group}/${type.kind}`] ?? [AGE]),
];

const row = (columns: Column[], obj: StoredObject) => ({
  cells: columns.map((c) => c.cell(obj as unknown as Json)),
  object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
});

const table = (type: ResourceType, items: StoredObject[], metadata: Json) => {
  const columns = columnsOf(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columns.map(({ name, type: t, format, description }) => ({
      name,
      type: t === 'date' ? 'string' : t,
      format: t === 'date' ? 'date' : (format ?? ''),
      description,
      priority: 0,
    })),
    rows: items.map((o) => row(columns, o)),
  };
};

export const objectTable = (type: ResourceType, obj: StoredObject) =>
  table(type, [obj], {
    resourceVersion: (obj.metadata as Json | undefined)?.resourceVersion ?? '',
  });

export const listTable = (
  type: ResourceType,
  list: { metadata: Record<string, unknown>; items: StoredObject[] },
) => table(type, list.items, list.metadata);
