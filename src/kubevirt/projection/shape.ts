import { redactText } from '../redaction';

/**
 * An allow-list of the fields one object may send out. Anything a shape does not name is dropped;
 * a `summary` shape replaces a whole subtree by a short description of what it held, so the model
 * knows it exists without seeing it.
 */
export type Shape =
  /** A scalar: numbers and booleans as they are, strings through the free-text redactor. */
  | 'value'
  | { fields: Record<string, Shape>; note?: string }
  | { items: Shape }
  | { entries: Shape }
  | { summary: (value: unknown) => string }
  | { select: (value: unknown) => Shape }
  | { custom: (value: unknown, walk: Walk) => unknown };

export interface Walk {
  depth: number;
}

/** Bounds that keep a 10 MB object, 10 000 env vars or deep nesting cheap to project. */
export const LIMITS = {
  depth: 24,
  items: 100,
  entries: 64,
  stringChars: 4_000,
} as const;

type Plain = Record<string, unknown>;

export const isPlain = (value: unknown): value is Plain =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const scalar = (value: unknown): unknown => {
  if (typeof value === 'string') {
    const text =
      value.length > LIMITS.stringChars
        ? `${value.slice(0, LIMITS.stringChars)}…[${value.length - LIMITS.stringChars} characters not sent]`
        : value;
    return redactText(text);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  // An object where a scalar belongs is not ours to read.
  return value === undefined ? undefined : '[not sent: unexpected structure]';
};

const projectFields = (value: Plain, fields: Record<string, Shape>, walk: Walk): Plain => {
  const out: Plain = {};
  for (const [key, shape] of Object.entries(fields)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const projected = project(value[key], shape, walk);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
};

const projectItems = (value: unknown[], shape: Shape, walk: Walk): unknown[] => {
  const out = value.slice(0, LIMITS.items).map((item) => project(item, shape, walk));
  if (value.length > LIMITS.items) out.push(`[${value.length - LIMITS.items} more not sent]`);
  return out;
};

const projectEntries = (value: Plain, shape: Shape, walk: Walk): Plain => {
  const keys = Object.keys(value);
  const out: Plain = {};
  // Map keys are user data too (label keys, resource names): they go through the text rules.
  for (const key of keys.slice(0, LIMITS.entries))
    out[redactText(key)] = project(value[key], shape, walk);
  if (keys.length > LIMITS.entries) out['…'] = `[${keys.length - LIMITS.entries} more not sent]`;
  return out;
};

/** Projects `value` through `shape`; undefined when nothing of it may leave. */
export function project(value: unknown, shape: Shape, walk: Walk = { depth: 0 }): unknown {
  if (value === undefined) return undefined;
  if (walk.depth > LIMITS.depth) return '[not sent: nested too deeply]';
  const inner: Walk = { depth: walk.depth + 1 };
  if (shape === 'value') return scalar(value);
  if ('summary' in shape) return shape.summary(value);
  if ('select' in shape) return project(value, shape.select(value), walk);
  if ('custom' in shape) return shape.custom(value, inner);
  if ('items' in shape) {
    return Array.isArray(value) ? projectItems(value, shape.items, inner) : undefined;
  }
  if ('entries' in shape)
    return isPlain(value) ? projectEntries(value, shape.entries, inner) : undefined;
  return isPlain(value) ? projectFields(value, shape.fields, inner) : undefined;
}

/** Shorthands for writing shapes. */
export const fields = (shape: Record<string, Shape>): Shape => ({ fields: shape });
export const items = (shape: Shape): Shape => ({ items: shape });
export const entries = (shape: Shape = 'value'): Shape => ({ entries: shape });
export const values = (...names: string[]): Record<string, Shape> =>
  Object.fromEntries(names.map((name) => [name, 'value' as Shape]));
/** An object whose whole content is kept (each string still through the text rules). */
export const anything: Shape = {
  custom: (value, walk) => keepAll(value, walk),
};

function keepAll(value: unknown, walk: Walk): unknown {
  if (walk.depth > LIMITS.depth) return '[not sent: nested too deeply]';
  const inner = { depth: walk.depth + 1 };
  if (Array.isArray(value)) return projectItems(value, anything, inner);
  if (isPlain(value)) return projectEntries(value, anything, inner);
  return scalar(value);
}
