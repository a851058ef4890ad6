/**
 * The three PATCH formats kube-apiserver takes, over plain JSON: RFC 6902 JSON patch (all ops;
 * a failed `test` refuses the whole patch), RFC 7386 merge patch, and strategic merge patch for
 * the shapes our clients send (maps and whole-list replacement; `$patch` directives are not read).
 */
import { patchFailed, unsupportedMediaType } from './status';

type Json = unknown;
type Container = Record<string, Json> | Json[];

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pointer = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw patchFailed(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
};

const parentOf = (doc: Json, tokens: string[], path: string): Container => {
  let node = doc;
  for (const t of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(t)] : isObject(node) ? node[t] : undefined;
    if (node === undefined) throw patchFailed(`doc is missing path: "${path}"`);
  }
  if (!isObject(node) && !Array.isArray(node)) throw patchFailed(`doc is missing path: "${path}"`);
  return node;
};

const valueAt = (doc: Json, path: string): Json => {
  let node = doc;
  for (const t of pointer(path)) {
    node = Array.isArray(node) ? node[Number(t)] : isObject(node) ? node[t] : undefined;
    if (node === undefined) throw patchFailed(`doc is missing path: "${path}"`);
  }
  return node;
};

const deepEqual = (a: Json, b: Json): boolean =>
  JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
const sortKeys = (v: Json): Json =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys(v[k])]),
        )
      : v;

const arrayIndex = (arr: Json[], token: string, path: string, insert: boolean): number => {
  if (insert && token === '-') return arr.length;
  const i = Number(token);
  if (!/^\d+$/.test(token) || i > arr.length || (!insert && i === arr.length))
    throw patchFailed(`unable to access invalid index: ${token} (path "${path}")`);
  return i;
};

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

const add = (doc: Json, path: string, value: Json): Json => {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, true), 0, value);
  else parent[last] = value;
  return doc;
};

const remove = (doc: Json, path: string): Json => {
  const tokens = pointer(path);
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, false), 1);
  else if (last in parent) delete parent[last];
  else throw patchFailed(`unable to remove nonexistent key: ${last}: missing value`);
  return doc;
};

/** Applies a JSON patch to a copy of `doc`; throws a 422 Status without touching `doc`. */
export const applyJsonPatch = (doc: Json, ops: unknown): Json => {
  if (!Array.isArray(ops))
    throw patchFailed('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops as JsonPatchOperation[]) {
    const { op, path } = raw;
    if (typeof path !== 'string') throw patchFailed(`missing path in ${op} operation`);
    switch (op) {
      case 'add':
        out = add(out, path, structuredClone(raw.value));
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        valueAt(out, path);
        out = add(remove(out, path), path, structuredClone(raw.value));
        break;
      case 'move': {
        const v = valueAt(out, raw.from ?? '');
        out = add(remove(out, raw.from ?? ''), path, v);
        break;
      }
      case 'copy':
        out = add(out, path, structuredClone(valueAt(out, raw.from ?? '')));
        break;
      case 'test': {
        let actual: Json;
        try {
          actual = valueAt(out, path);
        } catch {
          actual = undefined;
        }
        if (!deepEqual(actual, raw.value ?? null))
          throw patchFailed(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw patchFailed(`Unexpected kind: ${String(op)}`);
    }
  }
  return out;
};

/** RFC 7386: null deletes, objects merge, anything else replaces. */
export const applyMergePatch = (doc: Json, patch: Json): Json => {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObject(doc) ? structuredClone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
};

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

/** The patched document for a PATCH with this Content-Type. */
export const applyPatch = (doc: Json, contentType: string | undefined, body: Json): Json => {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === JSON_PATCH) return applyJsonPatch(doc, body);
  // Strategic merge over the shapes used here (maps, scalars, whole lists) equals a merge patch.
  if (type === MERGE_PATCH || type === STRATEGIC_MERGE_PATCH) return applyMergePatch(doc, body);
  throw unsupportedMediaType(type);
};
