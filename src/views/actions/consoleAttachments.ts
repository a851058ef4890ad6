import type { OLSAttachment } from '../../lightspeed/types';

/** lightspeed-console's `Attachment` (src/types.ts); its reducer keys them by `id`. */
export interface ConsoleAttachment {
  attachmentType: string;
  id?: string;
  isEditable?: boolean;
  kind: string;
  name: string;
  namespace: string;
  originalValue?: string;
  ownerName?: string;
  value: string;
}

/** lightspeed-console maps these back to OLS types: Events → event, Log → log, YAML → api object. */
const consoleTypeFor = (attachment: OLSAttachment): string => {
  switch (attachment.attachment_type) {
    case 'event':
      return 'Events';
    case 'log':
      return 'Log';
    default:
      return 'YAML';
  }
};

/** The object an attachment's YAML describes, read from its `kind:`/`name:` lines when present. */
const describedObject = (content: string): { kind?: string; name?: string; namespace?: string } => {
  const field = (re: RegExp) =>
    re
      .exec(content)?.[1]
      ?.trim()
      .replace(/^["']|["']$/g, '');
  return {
    kind: field(/^kind:\s*(\S+)/m),
    name: field(/^ {2}name:\s*(\S+)/m),
    namespace: field(/^ {2}namespace:\s*(\S+)/m),
  };
};

/**
 * Converts the (already redacted) OLS attachments a prompt builder produced into the shape
 * lightspeed-console's chat accepts. Unique ids keep several events/YAMLs of one VM apart.
 */
export const toConsoleAttachments = (
  attachments: OLSAttachment[] | undefined,
  owner: { kind: string; name: string; namespace: string },
): ConsoleAttachment[] =>
  (attachments ?? []).map((attachment, index) => {
    const attachmentType = consoleTypeFor(attachment);
    const described = attachmentType === 'YAML' ? describedObject(attachment.content) : {};
    const kind = described.kind ?? owner.kind;
    const name = described.name ?? owner.name;
    return {
      attachmentType,
      id: `kv-ls-${index}-${attachmentType}-${kind}-${name}`,
      isEditable: false,
      kind,
      name,
      namespace: described.namespace ?? owner.namespace,
      ownerName: owner.name,
      value: attachment.content,
    };
  });
