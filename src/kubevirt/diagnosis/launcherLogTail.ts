/**
 * The bounding and redaction every launcher log tail goes through before a rule sees it. Apart
 * from launcherLog.ts because it needs the full redaction (YAML included): the clients that read
 * logs import it directly (the plugin lazily), so pages that only diagnose do not carry it.
 */
import { redactText } from '../redaction';
import { LAUNCHER_LOG_LIMITS } from './launcherLog';
import type { LauncherLog } from './model';

/** UTF-8 length of one UTF-16 code unit run, counted from the end; surrogate pairs are 4 bytes. */
const utf8Bytes = (code: number): number => {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 2; // half of a 4-byte pair
  return 3;
};

/** The last `maxBytes` UTF-8 bytes of a text, cut at a character boundary; O(maxBytes). */
const tailBytes = (text: string, maxBytes: number): { text: string; cut: boolean } => {
  let bytes = 0;
  let i = text.length;
  while (i > 0) {
    const next = bytes + utf8Bytes(text.charCodeAt(i - 1));
    if (next > maxBytes) break;
    bytes = next;
    i -= 1;
  }
  // Never start on the low half of a pair.
  if (i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i])) i += 1;
  return { text: i === 0 ? text : text.slice(i), cut: i > 0 };
};

const decodeUtf8 = (bytes: Uint8Array): string =>
  // Invalid sequences become U+FFFD (fatal: false), as a browser's response.text() does.
  new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/* eslint-disable no-control-regex -- stripping control characters is the point. */
// Terminal escapes (colour codes in launcher output), then C0/C1 controls but tab, DEL, lone
// surrogates, and invisible format characters (bidi overrides, zero-width) that can disguise text.
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;
const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BINARY_MARK = /[\u0000-\u0008\u000e-\u001f\ufffd]/g;
/* eslint-enable no-control-regex */

/** One raw line as printable text, or a marker when it is mostly binary. */
const cleanLine = (line: string): string => {
  const suspicious = line.length >= 8 ? (line.match(BINARY_MARK)?.length ?? 0) : 0;
  if (suspicious * 10 > line.length * 3) return `[binary data, ${line.length} characters]`;
  return line
    .replace(ANSI_ESCAPE, '')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\t/g, ' ');
};

const cutLine = (line: string, max: number): { line: string; cut: boolean } => {
  if (line.length <= max) return { line, cut: false };
  let end = max;
  if (/[\uD800-\uDBFF]/.test(line[end - 1])) end -= 1;
  return { line: `${line.slice(0, end)}…`, cut: true };
};

/**
 * A log tail as the rules may read it, in time linear in the input's kept part: at most 64 KiB
 * (the end of the text, starting at a whole line), at most 200 lines, each at most 2 KiB; invalid
 * UTF-8 replaced, binary lines replaced by a marker, control characters stripped; then redacted,
 * line by line and as a whole (so a PEM block or a YAML Secret over several lines is recognised).
 */
export const boundLauncherLog = (
  pod: string,
  container: string,
  raw: string | Uint8Array,
): LauncherLog => {
  const { lines: maxLines, bytes: maxBytes, lineChars } = LAUNCHER_LOG_LIMITS;
  let truncated = false;
  let text: string;
  if (typeof raw === 'string') {
    const tail = tailBytes(raw, maxBytes);
    ({ text } = tail);
    truncated = tail.cut;
  } else {
    truncated = raw.length > maxBytes;
    text = decodeUtf8(truncated ? raw.subarray(raw.length - maxBytes) : raw);
  }
  if (truncated) {
    // The first line was cut at its start: drop it, unless it is the only one.
    const newline = text.indexOf('\n');
    if (newline >= 0 && newline < text.length - 1) text = text.slice(newline + 1);
  }
  let rawLines = text.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  if (rawLines.length > maxLines) {
    rawLines = rawLines.slice(rawLines.length - maxLines);
    truncated = true;
  }
  // Each line on its own first (a JSON log line is redacted by structure, whatever the others
  // hold), then the whole tail (a PEM block or a Secret's YAML spans lines).
  const redacted = redactText(
    rawLines.map((l) => redactText(cleanLine(l.replace(/\r$/, '')))).join('\n'),
  );
  const lines = redacted.split('\n').map((l) => {
    const cut = cutLine(l, lineChars);
    if (cut.cut) truncated = true;
    return cut.line;
  });
  return { pod, container, lines, ...(truncated ? { truncated } : {}) };
};
