import { parse } from 'yaml';
import type { OLSAttachment } from '../types';

/**
 * lightspeed-console's own attachment shape (`Attachment` in its src/types.ts), used by the
 * `ols-open-handler` action. It converts these back to OLS wire attachments when the chat sends them:
 * Events → event, Log → log, anything else → api object (application/yaml).
 */
export interface LightspeedConsoleAttachment {
  attachmentType: 'YAML' | 'Events' | 'Log';
  kind: string;
  name: string;
  namespace: string;
  value: string;
}

interface ObjectRef {
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const refOf = (doc: unknown): ObjectRef | undefined => {
  if (!doc || typeof doc !== 'object') return undefined;
  const record = doc as Record<string, unknown>;
  // A single event: name the object it is about, like kubevirt-plugin's events attachment.
  const regarding = (record.involvedObject ?? record.regarding) as ObjectRef | undefined;
  if (regarding && typeof regarding === 'object') return regarding;
  const metadata = (record.metadata ?? {}) as ObjectRef;
  return { kind: record.kind, name: metadata.name, namespace: metadata.namespace };
};

/** kind / name / namespace of the object a YAML attachment is about, when the YAML says so. */
const describeContent = (content: string): ObjectRef => {
  try {
    const doc: unknown = parse(content);
    if (Array.isArray(doc)) return refOf(doc[0]) ?? {};
    const record = doc as Record<string, unknown> | null;
    if (record && Array.isArray(record.items)) return refOf(record.items[0]) ?? {};
    return refOf(doc) ?? {};
  } catch {
    return {};
  }
};

const consoleTypeOf = (
  attachment: OLSAttachment,
): LightspeedConsoleAttachment['attachmentType'] => {
  switch (attachment.attachment_type) {
    case 'event':
      return 'Events';
    case 'log':
    case 'error message':
    case 'stack trace':
      return 'Log';
    default:
      return 'YAML';
  }
};

/**
 * OLS wire attachments → lightspeed-console attachments. Names must differ: the chat keys attachments
 * by type, kind and name, so two with the same key would overwrite each other.
 */
export const toLightspeedConsoleAttachments = (
  attachments: readonly OLSAttachment[] = [],
): LightspeedConsoleAttachment[] => {
  const seen = new Set<string>();
  return attachments.map((attachment, index) => {
    const attachmentType = consoleTypeOf(attachment);
    const isYaml =
      attachment.content_type === 'application/yaml' ||
      attachment.content_type === 'application/json';
    const ref = isYaml ? describeContent(attachment.content) : {};
    const kind = str(ref.kind) || (attachmentType === 'Events' ? 'Event' : attachmentType);
    let name = str(ref.name) || `attachment-${index + 1}`;
    const key = `${attachmentType}_${kind}_${name}`;
    if (seen.has(key)) name = `${name}-${index + 1}`;
    seen.add(`${attachmentType}_${kind}_${name}`);
    return { attachmentType, kind, name, namespace: str(ref.namespace), value: attachment.content };
  });
};
