/**
 * Reversible name masking for admins who must not send object names to the model
 * (`ai.anonymizeNames` in the chart): names and namespaces of the objects a prompt is built from
 * are replaced by placeholders such as `VM_1` or `NAMESPACE_2` in the query and every attachment,
 * and the answer is shown with the real names put back. The placeholders are upper case with an
 * underscore, which no Kubernetes name can be, so they never collide with a real name.
 */
import type { LightspeedRequest } from '../types';

export type MaskedKind = 'VM' | 'NAMESPACE' | 'NODE' | 'NAME';

export interface MaskedName {
  kind: MaskedKind;
  name: string;
  placeholder: string;
}

export interface NameMasker {
  /** Longest names first, as they are replaced. */
  readonly names: readonly MaskedName[];
  mask: (text: string) => string;
  /** Puts the real names back, whatever case the model wrote the placeholder in. */
  restore: (text: string) => string;
}

/** Names that identify nothing of the user's and that answers need verbatim. */
const isSystemNamespace = (name: string) =>
  name === 'default' || /^(kube|openshift)(-|$)/.test(name);

/** DNS subdomain names (objects, nodes); label values of 63 characters and less are covered. */
const NAME_SHAPE = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Keys whose string value names an object. */
const NAME_VALUED_KEYS: Record<string, MaskedKind> = {
  namespace: 'NAMESPACE',
  nodeName: 'NODE',
  sourceNode: 'NODE',
  targetNode: 'NODE',
  claimName: 'NAME',
  secretName: 'NAME',
  serviceAccountName: 'NAME',
};

/** Objects whose `name` (and `namespace`) field is a reference to another object. */
const REFERENCE_KEYS = new Set([
  'metadata',
  'involvedObject',
  'regarding',
  'related',
  'ownerReferences',
  'secretRef',
  'userDataSecretRef',
  'networkDataSecretRef',
  'configMap',
  'configMapRef',
  'secret',
  'dataVolume',
  'persistentVolumeClaim',
  'pvc',
  'sourceRef',
  'instancetype',
  'preference',
  'multus',
]);

const MAX_DEPTH = 12;
const MAX_NODES = 50_000;

/**
 * The names to mask in the objects a prompt is built from: object and namespace names, owner and
 * volume references, nodes. Volume, disk and interface names (`rootdisk`, `default`) are local
 * to the VM and stay. Bounded: at most MAX_NODES values are visited.
 */
export const collectNames = (input: unknown): Map<string, MaskedKind> => {
  const names = new Map<string, MaskedKind>();
  let visited = 0;
  const add = (value: unknown, kind: MaskedKind) => {
    if (typeof value !== 'string') return;
    // Multus references read `namespace/name`.
    for (const part of value.split('/')) {
      if (!NAME_SHAPE.test(part)) continue;
      if (kind === 'NAMESPACE' && isSystemNamespace(part)) continue;
      // A name seen as a VM or a namespace keeps that kind.
      if (!names.has(part) || names.get(part) === 'NAME') names.set(part, kind);
    }
  };
  const walk = (value: unknown, key: string | undefined, depth: number) => {
    if (visited++ > MAX_NODES || depth > MAX_DEPTH || typeof value !== 'object' || !value) return;
    if (Array.isArray(value)) {
      // Search criteria list namespaces (and node names) as plain strings.
      const kind = key === 'namespaces' ? 'NAMESPACE' : key === 'nodes' ? 'NODE' : undefined;
      for (const item of value) {
        if (kind) add(item, kind);
        else walk(item, key, depth + 1);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    if (key && REFERENCE_KEYS.has(key)) add(record.name, 'NAME');
    if (key === 'multus') add(record.networkName, 'NAME');
    for (const [child, childValue] of Object.entries(record)) {
      if (typeof childValue !== 'string') walk(childValue, child, depth + 1);
      else if (NAME_VALUED_KEYS[child]) add(childValue, NAME_VALUED_KEYS[child]);
    }
  };
  walk(input, undefined, 0);
  return names;
};

/** Names in a prompt input (`{ vm, vmi, pod, events, namespace, … }`); the `vm`'s own name is a VM. */
export const collectPromptNames = (input: Record<string, unknown>): Map<string, MaskedKind> => {
  const names = new Map<string, MaskedKind>();
  const vmName = (input.vm as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  if (typeof vmName === 'string' && NAME_SHAPE.test(vmName)) names.set(vmName, 'VM');
  for (const [name, kind] of collectNames(input)) if (!names.has(name)) names.set(name, kind);
  return names;
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** No letter, digit, `_`, `-` or `.` on the left; no letter, digit, `_` or `-` on the right (a name may end a sentence). */
const nameRegExp = (names: readonly string[]) =>
  new RegExp(`(?<![A-Za-z0-9_.-])(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])`, 'g');

const PLACEHOLDER = /(?<![A-Za-z0-9_])(VM|NAMESPACE|NODE|NAME)_([A-Z]*)(\d+)(?![A-Za-z0-9_])/gi;

/**
 * A masker for these names. `texts` are what will be masked: when one already contains something
 * shaped like a placeholder (hostile or unlucky text), placeholders get a letter infix (`VM_A1`)
 * that none of them contains, so restoring never turns the user's text into a name.
 */
export const createNameMasker = (
  names: ReadonlyMap<string, MaskedKind>,
  texts: readonly string[] = [],
): NameMasker => {
  const infixes = new Set<string>();
  for (const text of texts)
    for (const match of text.matchAll(PLACEHOLDER)) infixes.add(match[2].toUpperCase());
  let infix = '';
  for (let code = 65; infixes.has(infix) && code <= 90; code += 1)
    infix = String.fromCharCode(code);
  const counters: Record<MaskedKind, number> = { VM: 0, NAMESPACE: 0, NODE: 0, NAME: 0 };
  const entries: MaskedName[] = [...names.entries()].map(([name, kind]) => ({
    kind,
    name,
    placeholder: `${kind}_${infix}${(counters[kind] += 1)}`,
  }));
  entries.sort((a, b) => b.name.length - a.name.length || a.name.localeCompare(b.name));
  const byName = new Map(entries.map((entry) => [entry.name, entry.placeholder]));
  const byPlaceholder = new Map(entries.map((entry) => [entry.placeholder, entry.name]));
  const pattern = entries.length ? nameRegExp(entries.map((entry) => entry.name)) : undefined;
  return {
    names: entries,
    mask: (text) => (pattern ? text.replace(pattern, (name) => byName.get(name) ?? name) : text),
    restore: (text) =>
      text.replace(PLACEHOLDER, (whole, kind: string, letters: string, digits: string) => {
        const real = byPlaceholder.get(`${kind.toUpperCase()}_${letters.toUpperCase()}${digits}`);
        return real ?? whole;
      }),
  };
};

/** The request as it leaves: query and every attachment masked. `question` is shown, never sent. */
export const maskRequest = (request: LightspeedRequest, masker: NameMasker): LightspeedRequest => ({
  ...request,
  query: masker.mask(request.query),
  ...(request.attachments
    ? {
        attachments: request.attachments.map((attachment) => ({
          ...attachment,
          content: masker.mask(attachment.content),
        })),
      }
    : {}),
});

/** Masks a request built from `input` (a prompt input); the masker restores the answer. */
export const anonymizeRequest = (
  request: LightspeedRequest,
  input: Record<string, unknown>,
): { request: LightspeedRequest; masker: NameMasker } => {
  const texts = [request.query, ...(request.attachments ?? []).map((a) => a.content)];
  const masker = createNameMasker(collectPromptNames(input), texts);
  return { request: maskRequest(request, masker), masker };
};
