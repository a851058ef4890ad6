/**
 * Label and field selectors with the real API server's grammar and semantics:
 * `!=` and `notin` also match objects that lack the label, unknown field labels are rejected.
 */
import { badRequest } from './status';

export type LabelRequirement =
  | { key: string; op: 'exists' | 'doesNotExist' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type Labels = Record<string, string> | undefined;

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Split on commas that are not inside `( … )`. */
const splitTopLevel = (text: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim());
};

const invalid = (detail: string) => badRequest(`unable to parse requirement: ${detail}`);

const checkKey = (key: string): string => {
  if (!KEY.test(key) || key.length > 317) throw invalid(`invalid label key "${key}"`);
  return key;
};

const checkValue = (value: string): string => {
  if (!VALUE.test(value) || value.length > 63) throw invalid(`invalid label value: "${value}"`);
  return value;
};

const parseRequirement = (text: string): LabelRequirement => {
  let m = /^!\s*(\S+)$/.exec(text);
  if (m) return { key: checkKey(m[1]), op: 'doesNotExist' };
  m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (m) {
    const values = m[3].split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(m[1]), op: m[2] as 'in' | 'notin', values };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (m) {
    const key = checkKey(m[1]);
    const raw = m[3].trim();
    if (m[2] === '<' || m[2] === '>') {
      if (!/^-?\d+$/.test(raw))
        throw invalid(`for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, op: m[2] === '>' ? 'gt' : 'lt', value: Number(raw) };
    }
    return { key, op: m[2] === '!=' ? 'notin' : 'in', values: [checkValue(raw)] };
  }
  if (/^\S+$/.test(text)) return { key: checkKey(text), op: 'exists' };
  throw invalid(`found '${text}', expected: ',' or 'end of string'`);
};

export const parseLabelSelector = (selector: string | undefined): LabelRequirement[] => {
  if (!selector || !selector.trim()) return [];
  return splitTopLevel(selector).map((part) => {
    if (!part) throw invalid(`found '', expected: !, identifier, or 'end of string'`);
    return parseRequirement(part);
  });
};

export const matchesLabels = (labels: Labels, requirements: LabelRequirement[]): boolean =>
  requirements.every((req) => {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? labels[req.key] : undefined;
    switch (req.op) {
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      case 'in':
        return has && req.values.includes(value as string);
      case 'notin':
        return !has || !req.values.includes(value as string);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value as string)) return false;
        const n = Number(value);
        return req.op === 'gt' ? n > req.value : n < req.value;
      }
    }
  });

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

/**
 * Parse `a=b,c!=d`. Every field must be `metadata.name`, `metadata.namespace` or one of the
 * resource's selectable fields, otherwise 400 like the real server.
 */
export const parseFieldSelector = (
  selector: string | undefined,
  selectableFields: readonly string[],
): FieldRequirement[] => {
  if (!selector || !selector.trim()) return [];
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...selectableFields]);
  return selector.split(',').map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    if (!allowed.has(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], value: m[3], negate: m[2] === '!=' };
  });
};

/** Read a dotted field path as the string the API server compares against. */
export const fieldValue = (obj: unknown, path: string): string => {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  if (path === 'source' && typeof current === 'object') {
    return String((current as { component?: string }).component ?? '');
  }
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
};

export const matchesFields = (obj: unknown, requirements: FieldRequirement[]): boolean =>
  requirements.every((req) => (fieldValue(obj, req.field) === req.value) !== req.negate);
