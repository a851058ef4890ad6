import { redactText } from '../../kubevirt/redaction';

/** Longest user text a search prompt carries. */
export const MAX_USER_TEXT_CHARS = 1000;

// C0/C1 controls except tab and newline; Unicode bidi embeddings, overrides and isolates; BOM.
/* eslint-disable no-control-regex -- matching control characters is the point. */
const INVISIBLE_CONTROL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

const visibleEscape = (char: string): string =>
  `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/**
 * Cluster data keeps every character, but those that could reorder or hide text (direction
 * overrides, control characters) are written as visible `\uXXXX` escapes; lone carriage returns
 * become newlines so what the model reads is what the fence parser sees.
 */
export const sanitizeData = (text: string): string =>
  text.replace(/\r\n?/g, '\n').replace(INVISIBLE_CONTROL, visibleEscape);

export const truncationMarker = (removed: number): string => `…[truncated ${removed} characters]`;

/** Cuts `text` to at most `max` characters, the end replaced by a visible marker. */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const marker = truncationMarker(text.length);
  const keep = Math.max(0, max - marker.length - 1);
  return `${text.slice(0, keep)}\n${truncationMarker(text.length - keep)}`.slice(
    0,
    Math.max(max, 0),
  );
};

/**
 * Above this size a text is cut before redaction (bounding the cost). Below it, redaction sees the
 * whole text, so an embedded JSON/YAML document is still parsed and redacted by structure.
 */
export const MAX_REDACTION_INPUT_CHARS = 1_000_000;

/** Redacted, then capped, then made visible: the one way any string enters a prompt. */
export const prepareData = (redacted: string, max: number): string =>
  sanitizeData(truncate(redacted, max));

/** User text: trimmed, control characters removed, whitespace runs collapsed, capped, redacted. */
export const cleanUserText = (text: string, max = MAX_USER_TEXT_CHARS): string =>
  // Redacted whole first: a pasted JSON/YAML document is still recognised as one.
  redactText(truncate(text, MAX_REDACTION_INPUT_CHARS))
    .replace(INVISIBLE_CONTROL, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
