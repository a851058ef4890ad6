import { stringify } from 'yaml';
import { redactObject } from './redactObject';

/**
 * Redacted YAML for attachments and tool outputs. Stable: the same object always gives the same
 * text (key order kept, no line folding, no anchors/aliases).
 */
export const toRedactedYaml = (obj: unknown): string =>
  stringify(redactObject(obj), { lineWidth: 0, aliasDuplicateObjects: false });
