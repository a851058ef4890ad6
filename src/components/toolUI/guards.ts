/** Narrowing helpers: tool output comes from a model's tool call and is never trusted. */
export type Json = Record<string, unknown>;

export const asRecord = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

export const asBoolean = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

export const asStringArray = (value: unknown): string[] =>
  asArray(value)
    .map(asString)
    .filter((item): item is string => item !== undefined);

/** The first array among the given fields of `record` (tools may name lists differently). */
export const firstArray = (record: Json | undefined, ...fields: string[]): unknown[] => {
  for (const field of fields) {
    if (Array.isArray(record?.[field])) return record[field] as unknown[];
  }
  return [];
};
