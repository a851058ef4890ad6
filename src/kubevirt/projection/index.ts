import { GENERIC_SHAPE, KIND_SHAPES } from './kinds';
import { LIMITS, isPlain, project } from './shape';

export { describeUserData, safeSourceUrl } from './summaries';

/** The shape for one object: by `kind`, with events recognised by their fields when kind is absent. */
const shapeFor = (obj: Record<string, unknown>) => {
  const kind = typeof obj.kind === 'string' ? obj.kind : undefined;
  if (kind && KIND_SHAPES[kind]) return KIND_SHAPES[kind];
  if (!kind && (isPlain(obj.involvedObject) || isPlain(obj.regarding))) return KIND_SHAPES.Event;
  return GENERIC_SHAPE;
};

const projectOne = (obj: unknown): unknown => {
  if (!isPlain(obj)) return typeof obj === 'string' ? project(obj, 'value') : obj;
  // `VirtualMachineList`, `PodList`, a List of mixed kinds.
  if (Array.isArray(obj.items) && (typeof obj.kind !== 'string' || obj.kind.endsWith('List'))) {
    return { apiVersion: obj.apiVersion, kind: obj.kind, items: projectForAI(obj.items) };
  }
  return project(obj, shapeFor(obj));
};

/**
 * What of a Kubernetes object may leave the plugin or the MCP server (prompt, attachment, tool
 * output): an allow-list per kind, with what was left out described ("user data: cloud-config,
 * 42 lines; modules users, write_files — not sent"). Strings that stay still pass the free-text
 * redactor. Arrays of objects are projected item by item.
 */
export const projectForAI = (obj: unknown): unknown => {
  if (!Array.isArray(obj)) return projectOne(obj);
  const out = obj.slice(0, LIMITS.items).map(projectOne);
  if (obj.length > LIMITS.items) out.push(`[${obj.length - LIMITS.items} more not sent]`);
  return out;
};

/** Whether a value is shaped like a Kubernetes object (so tool outputs can project it). */
export const isKubernetesObject = (value: unknown): value is Record<string, unknown> =>
  isPlain(value) && typeof value.kind === 'string' && isPlain(value.metadata);

/**
 * A tool result or any other structure that may quote whole objects: each embedded Kubernetes
 * object is replaced by its projection; the rest is copied (its strings redacted by the caller).
 */
export const projectEmbeddedObjects = (value: unknown, depth = 0): unknown => {
  if (depth > LIMITS.depth * 2) return '[not sent: nested too deeply]';
  if (isKubernetesObject(value)) return projectForAI(value);
  if (Array.isArray(value)) return value.map((item) => projectEmbeddedObjects(item, depth + 1));
  if (!isPlain(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, projectEmbeddedObjects(item, depth + 1)]),
  );
};
