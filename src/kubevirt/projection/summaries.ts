import { decodeBase64, redactText } from '../redaction';
import { isPlain } from './shape';

/**
 * What replaces a subtree that never leaves: its size and shape, never its content. Each summary
 * reads a bounded prefix, so a 10 MB user-data blob or 10 000 env vars cost the same as small ones.
 */

const SCAN_CHARS = 256_000;
const MAX_NAMED_KEYS = 12;

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

const lineCount = (text: string): number => {
  let lines = 1;
  const end = Math.min(text.length, SCAN_CHARS);
  for (let i = 0; i < end; i += 1) if (text.charCodeAt(i) === 10) lines += 1;
  return text.endsWith('\n') ? lines - 1 : lines;
};

/** Top-level keys of a cloud-config document: module names (`users`, `write_files`), not values. */
const CLOUD_CONFIG_KEY = /^([a-z][a-z0-9_]{0,39}):/;
const cloudConfigModules = (text: string): string[] => {
  const modules: string[] = [];
  for (const line of text.slice(0, SCAN_CHARS).split('\n')) {
    const match = CLOUD_CONFIG_KEY.exec(line);
    if (match && !modules.includes(match[1])) modules.push(match[1]);
    if (modules.length >= MAX_NAMED_KEYS) break;
  }
  return modules;
};

/** The kind of user data, from its first line (cloud-init's own content-type rules). */
const userDataKind = (text: string): string => {
  const head = text.trimStart().slice(0, 64);
  if (head.startsWith('#cloud-config')) return 'cloud-config';
  if (head.startsWith('## template: jinja')) return 'jinja template';
  if (head.startsWith('#!')) return 'script';
  if (head.startsWith('#include')) return 'include list';
  if (/^Content-Type: multipart/i.test(head) || head.startsWith('MIME-Version'))
    return 'MIME archive';
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON';
  return 'text';
};

/** A derived fact the diagnosis needs (a guest that powers itself off loops under runStrategy Always). */
const STOPS_GUEST =
  /^power_state:|\b(?:shutdown|poweroff|halt)\b|\bsystemctl\s+(?:halt|poweroff)\b|\binit\s+0\b/m;

export const describeUserData = (label: string, text: string, encoded = false): string => {
  const kind = userDataKind(text);
  const modules =
    kind === 'cloud-config' || kind === 'jinja template' ? cloudConfigModules(text) : [];
  const parts = [
    `${label}${encoded ? ' (base64)' : ''}: ${kind}, ${plural(lineCount(text), 'line')}`,
  ];
  if (modules.length > 0) parts.push(`modules ${modules.join(', ')}`);
  if (STOPS_GUEST.test(text.slice(0, SCAN_CHARS))) parts.push('it powers the guest off');
  return `[not sent: ${parts.join('; ')}]`;
};

const describeEncodedUserData = (label: string, encoded: unknown): string => {
  if (typeof encoded !== 'string') return `[not sent: ${label}]`;
  const decoded = decodeBase64(encoded.slice(0, SCAN_CHARS));
  return decoded === null
    ? `[not sent: ${label} (base64, ${plural(encoded.length, 'character')}, binary or not decodable)]`
    : describeUserData(label, decoded, true);
};

const secretReference = (value: unknown): { name: unknown } | undefined =>
  isPlain(value) && typeof value.name === 'string' ? { name: redactText(value.name) } : undefined;

/**
 * cloudInitNoCloud / cloudInitConfigDrive: the Secret *references* stay (a missing Secret is a
 * diagnosis), the user and network data are described, never sent.
 */
export const projectCloudInit = (source: unknown): unknown => {
  if (!isPlain(source)) return undefined;
  const out: Record<string, unknown> = {};
  if (typeof source.userData === 'string')
    out.userData = describeUserData('user data', source.userData);
  if (source.userDataBase64 !== undefined)
    out.userDataBase64 = describeEncodedUserData('user data', source.userDataBase64);
  if (typeof source.networkData === 'string')
    out.networkData = describeUserData('network data', source.networkData);
  if (source.networkDataBase64 !== undefined)
    out.networkDataBase64 = describeEncodedUserData('network data', source.networkDataBase64);
  const userRef = secretReference(source.secretRef);
  if (userRef) out.secretRef = userRef;
  const networkRef = secretReference(source.networkDataSecretRef);
  if (networkRef) out.networkDataSecretRef = networkRef;
  return out;
};

/** sysprep: an unattend.xml / autounattend.xml held in a Secret or ConfigMap; only the reference. */
export const projectSysprep = (source: unknown): unknown => {
  if (!isPlain(source)) return undefined;
  const out: Record<string, unknown> = {};
  const secret = secretReference(source.secret);
  if (secret) out.secret = secret;
  const configMap = secretReference(source.configMap);
  if (configMap) out.configMap = configMap;
  return out;
};

export const describeEnv = (env: unknown): string => {
  if (!Array.isArray(env)) return '[not sent: environment]';
  const fromRefs = env.filter((item) => isPlain(item) && item.valueFrom !== undefined).length;
  const refs = fromRefs > 0 ? `, ${fromRefs} from Secret/ConfigMap/field references` : '';
  return `[not sent: ${plural(env.length, 'environment variable')}${refs} — values not sent]`;
};

export const describeEnvFrom = (envFrom: unknown): string =>
  Array.isArray(envFrom)
    ? `[not sent: ${plural(envFrom.length, 'environment source')}]`
    : '[not sent: environment sources]';

export const describeArguments = (args: unknown): string =>
  Array.isArray(args) ? `[not sent: ${plural(args.length, 'argument')}]` : '[not sent: arguments]';

/** A probe keeps its timing and kind; an exec command or HTTP headers may carry credentials. */
export const projectProbe = (probe: unknown): unknown => {
  if (!isPlain(probe)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of [
    'initialDelaySeconds',
    'periodSeconds',
    'timeoutSeconds',
    'failureThreshold',
    'successThreshold',
  ]) {
    if (typeof probe[key] === 'number') out[key] = probe[key];
  }
  if (probe.exec !== undefined) out.exec = '[not sent: command]';
  if (isPlain(probe.httpGet))
    out.httpGet = { path: safePath(probe.httpGet.path), port: probe.httpGet.port };
  if (isPlain(probe.tcpSocket)) out.tcpSocket = { port: probe.tcpSocket.port };
  if (probe.guestAgentPing !== undefined) out.guestAgentPing = {};
  return out;
};

const safePath = (path: unknown): unknown =>
  typeof path === 'string' ? redactText(path.split('?')[0].slice(0, 256)) : undefined;

/**
 * A source URL keeps scheme, host and path (where an image comes from is a diagnosis); user info,
 * query strings (signed URLs) and fragments never leave.
 */
export const safeSourceUrl = (value: unknown): unknown => {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().slice(0, 2_048);
  const match = /^([a-z][a-z0-9+.-]{0,31}):\/\/([^/?#]*)([^?#]*)/i.exec(text);
  if (!match) return redactText(text.split(/[?#]/)[0]);
  const [, scheme, authority, path] = match;
  // The last `@` ends the user info: passwords may contain `@` themselves.
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const dropped = text.length > match[0].length || authority.includes('@');
  return `${scheme}://${redactText(host)}${redactText(path)}${dropped ? ' [credentials and query not sent]' : ''}`;
};

/** Secret / ConfigMap payloads: key names and count only. */
export const describeData = (data: unknown): string => {
  if (!isPlain(data)) return '[not sent]';
  const keys = Object.keys(data);
  const named = keys.slice(0, MAX_NAMED_KEYS).map((key) => redactText(key));
  const more = keys.length > MAX_NAMED_KEYS ? `, …${keys.length - MAX_NAMED_KEYS} more` : '';
  return `[not sent: ${plural(keys.length, 'key')}${keys.length ? ` (${named.join(', ')}${more})` : ''} — values not sent]`;
};

export const describeCount =
  (what: string) =>
  (value: unknown): string =>
    Array.isArray(value)
      ? `[not sent: ${plural(value.length, what)}]`
      : isPlain(value)
        ? `[not sent: ${plural(Object.keys(value).length, what)}]`
        : `[not sent: ${what}]`;
