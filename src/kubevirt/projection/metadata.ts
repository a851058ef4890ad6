import { REDACTED, redactText } from '../redaction';
import { LIMITS, isPlain, items, values } from './shape';
import type { Shape } from './shape';

/**
 * Label and annotation keys whose values describe the VM to KubeVirt, CDI or the scheduler; the
 * diagnosis and the explanation read them. Every other annotation stays home (annotations hold
 * whole documents: last-applied-configuration, tool state, credentials in operator annotations).
 */
const ALLOWED_PREFIXES = [
  'kubevirt.io/',
  'vm.kubevirt.io/',
  'vmi.kubevirt.io/',
  'os.template.kubevirt.io/',
  'flavor.template.kubevirt.io/',
  'workload.template.kubevirt.io/',
  'name.os.template.kubevirt.io/',
  'instancetype.kubevirt.io/',
  'template.kubevirt.io/',
  'cdi.kubevirt.io/',
  'kubernetes.io/',
  'node-role.kubernetes.io/',
  'topology.kubernetes.io/',
  'node.kubernetes.io/',
  'feature.node.kubernetes.io/',
  'cpu-model.node.kubevirt.io/',
  'cpu-feature.node.kubevirt.io/',
  'cpu-vendor.node.kubevirt.io/',
  'host-model-cpu.node.kubevirt.io/',
  'scheduling.node.kubevirt.io/',
  'machine-type.node.kubevirt.io/',
  'app.kubernetes.io/',
  'k8s.v1.cni.cncf.io/',
  'openshift.io/',
  'volume.kubernetes.io/',
  'volume.beta.kubernetes.io/',
  'pv.kubernetes.io/',
  'storage.kubernetes.io/',
];
const ALLOWED_KEYS = new Set([
  'app',
  'description',
  'name.os.template.kubevirt.io',
  'vm.kubevirt.io/template',
]);
/** Of the allowed annotations, these still hold documents or endpoints with credentials. */
const DOCUMENT_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubevirt.io/latest-observed-api-version',
  'cdi.kubevirt.io/storage.import.secretName',
]);
const URL_ANNOTATIONS = /(?:endpoint|url|source)$/i;

const isAllowedKey = (key: string): boolean =>
  ALLOWED_KEYS.has(key) || ALLOWED_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Label values are short by the API's rules; a value shaped like a token still goes. */
const TOKEN_SHAPED = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{24,}$/;

const projectLabels = (labels: unknown): unknown => {
  if (!isPlain(labels)) return undefined;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(labels);
  for (const key of keys.slice(0, LIMITS.entries)) {
    const value = labels[key];
    if (typeof value !== 'string') continue;
    const text = value.slice(0, 256);
    // Labels are selectors (search, scheduling): every key is kept, values unless token-shaped.
    out[redactText(key.slice(0, 256))] =
      isAllowedKey(key) || !TOKEN_SHAPED.test(text) ? redactText(text) : REDACTED;
  }
  if (keys.length > LIMITS.entries)
    out['…'] = `[${keys.length - LIMITS.entries} more labels not sent]`;
  return out;
};

const projectAnnotations = (annotations: unknown): unknown => {
  if (!isPlain(annotations)) return undefined;
  const out: Record<string, unknown> = {};
  let dropped = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!isAllowedKey(key) || DOCUMENT_ANNOTATIONS.has(key) || typeof value !== 'string') {
      dropped += 1;
      continue;
    }
    if (Object.keys(out).length >= LIMITS.entries) {
      dropped += 1;
      continue;
    }
    const text = value.slice(0, 1_024);
    out[key] = URL_ANNOTATIONS.test(key) ? redactText(text.split(/[?#]/)[0]) : redactText(text);
  }
  if (dropped > 0) out['…'] = `[not sent: ${dropped} other annotation${dropped === 1 ? '' : 's'}]`;
  return out;
};

export const ownerReferences: Shape = items({
  fields: values('apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'),
});

export const metadata: Shape = {
  fields: {
    ...values(
      'name',
      'generateName',
      'namespace',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ),
    labels: { custom: projectLabels },
    annotations: { custom: projectAnnotations },
    ownerReferences,
    finalizers: items('value'),
  },
};

/** Nested template metadata (VM template, DataVolume templates): labels and annotations only. */
export const templateMetadata: Shape = {
  fields: {
    ...values('name', 'namespace'),
    labels: { custom: projectLabels },
    annotations: { custom: projectAnnotations },
  },
};
