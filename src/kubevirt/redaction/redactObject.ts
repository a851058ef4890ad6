import { decodeBase64, encodeBase64 } from './base64';
import { isSecretEnvName, isSecretKeyName } from './keyNames';
import { REDACTED } from './marker';
import { redactText } from './redactText';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const CLOUD_INIT_SOURCES = new Set(['cloudInitNoCloud', 'cloudInitConfigDrive']);
const SECRET_TYPE = /^(?:Opaque|kubernetes\.io\/|bootstrap\.kubernetes\.io\/)/;
const HARMLESS_VALUE = /^(?:true|false|yes|no|on|off|null|none|~)?$/i;

type Plain = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Plain =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isSecretObject = (value: Plain, insideSecretList: boolean): boolean =>
  value.kind === 'Secret' ||
  insideSecretList ||
  (typeof value.type === 'string' &&
    SECRET_TYPE.test(value.type) &&
    (isPlainObject(value.data) || isPlainObject(value.stringData)));

/** A scalar that would carry a secret under a secret-looking key (booleans and empties are facts). */
const isSecretScalar = (value: unknown): boolean =>
  typeof value === 'number' ||
  typeof value === 'bigint' ||
  (typeof value === 'string' && !HARMLESS_VALUE.test(value) && value !== REDACTED);

/**
 * A key naming a file (`secret.yaml`, `unattend.xml`, `.env`) holds a document, not one secret:
 * a multi-line document goes through the text rules so its harmless lines stay readable.
 */
const FILE_NAME = /\.(?:ya?ml|json|xml|conf|cfg|ini|env|properties|txt|toml|sh)$|^\.env$/i;
const isDocumentUnderFileName = (key: string, value: unknown): boolean =>
  FILE_NAME.test(key) && typeof value === 'string' && value.includes('\n');

/** `['--token', 'xyz']`: a secret-named flag without `=` makes the next argument its value. */
const FLAG = /^--?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const redactFlagArguments = (items: unknown[]): unknown[] =>
  items.map((item, index) => {
    const previous = items[index - 1];
    return typeof previous === 'string' &&
      FLAG.test(previous) &&
      isSecretKeyName(previous) &&
      isSecretScalar(item)
      ? REDACTED
      : item;
  });

/** RFC 7517/7518 private members of a JSON Web Key (RSA, EC, OKP, symmetric `k`). */
const JWK_PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']);
const isJwk = (value: Plain): boolean => typeof value.kty === 'string';

const replaceValues = (data: Plain): Plain =>
  Object.fromEntries(Object.keys(data).map((key) => [key, REDACTED]));

const redactBase64Text = (encoded: unknown): unknown => {
  if (typeof encoded !== 'string') return encoded;
  const decoded = decodeBase64(encoded);
  // Binary (gzip, MIME archives) cannot be inspected: it goes whole.
  return decoded === null ? REDACTED : encodeBase64(redactText(decoded));
};

interface Walk {
  /** Objects on the current path: a cycle is cut, a shared (acyclic) reference is copied. */
  path: WeakSet<object>;
}

const redactAnnotations = (annotations: Plain, walk: Walk): Plain => {
  const out: Plain = {};
  for (const [key, value] of Object.entries(annotations)) {
    // last-applied-configuration repeats the whole object as first applied, Secrets included.
    if (key === LAST_APPLIED) continue;
    out[key] = isSecretKeyName(key) && isSecretScalar(value) ? REDACTED : redactValue(value, walk);
  }
  return out;
};

const redactCloudInitSource = (source: Plain, walk: Walk): Plain => {
  const out: Plain = {};
  for (const [key, value] of Object.entries(source)) {
    out[key] =
      key === 'userDataBase64' || key === 'networkDataBase64'
        ? redactBase64Text(value)
        : redactValue(value, walk);
  }
  return out;
};

const redactPlainObject = (source: Plain, walk: Walk, insideSecretList: boolean): Plain => {
  const secret = isSecretObject(source, insideSecretList);
  const jwk = isJwk(source);
  const out: Plain = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'managedFields') continue;
    if (jwk && JWK_PRIVATE_MEMBERS.has(key)) {
      out[key] = REDACTED;
      continue;
    }
    if (secret && (key === 'data' || key === 'stringData') && isPlainObject(value)) {
      out[key] = replaceValues(value);
    } else if (key === 'annotations' && isPlainObject(value)) {
      out[key] = redactAnnotations(value, walk);
    } else if (CLOUD_INIT_SOURCES.has(key) && isPlainObject(value)) {
      out[key] = redactCloudInitSource(value, walk);
    } else if (
      isSecretKeyName(key) &&
      isSecretScalar(value) &&
      !isDocumentUnderFileName(key, value)
    ) {
      out[key] = REDACTED;
    } else if (isSecretKeyName(key) && Array.isArray(value) && value.every(isSecretScalar)) {
      out[key] = value.map(() => REDACTED);
    } else {
      out[key] = redactValue(value, walk, key === 'items' && source.kind === 'SecretList');
    }
  }
  // Environment variables and other name/value pairs: `{name: DB_PASSWORD, value: ...}`.
  if (
    typeof source.name === 'string' &&
    isSecretEnvName(source.name) &&
    isSecretScalar(source.value)
  ) {
    out.value = REDACTED;
  }
  return out;
};

// A hoisted declaration: the helpers above recurse through it.
function redactValue(value: unknown, walk: Walk, insideSecretList = false): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (walk.path.has(value)) return '[circular]';
  walk.path.add(value);
  try {
    if (Array.isArray(value)) {
      return redactFlagArguments(value).map((item) => redactValue(item, walk, insideSecretList));
    }
    return redactPlainObject(value as Plain, walk, insideSecretList);
  } finally {
    walk.path.delete(value);
  }
}

/**
 * Returns a redacted deep copy (the input is never mutated): Secret data, managedFields,
 * last-applied-configuration, cloud-init and sysprep secrets, secret env values, and every token,
 * key or password the text rules find in any string.
 */
export const redactObject = <T>(obj: T): T => redactValue(obj, { path: new WeakSet() }) as T;
