import { redactCloudConfig } from './cloudConfig';
import { REDACTED } from './marker';
import { redactObject } from './redactObject';
import { redactTextRules as applyTextRules } from './textRules';

/** Texts larger than this are not parsed as JSON/YAML documents; the text rules still apply. */
const MAX_STRUCTURED_CHARS = 2_000_000;
/** YAML parsing is much slower than JSON: larger cloud-config (unusual) gets the text rules. */
const MAX_CLOUD_CONFIG_CHARS = 128_000;

const SECRET_KIND_LINE = /^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const DATA_BLOCK = /^([ \t]*)(data|stringData):[ \t]*(\{.*)?$/;

/**
 * Fallback for chpasswd lists the YAML parser could not read (broken YAML, JSON-escaped or cut
 * text): in a text mentioning chpasswd, a line that is only `user:password` loses the password.
 */
const CHPASSWD_ENTRY =
  /(^|\n|\\n)([ \t]*-?[ \t]*["']?)([A-Za-z_][A-Za-z0-9_.-]{0,31}):([^\s:"'\\<]{1,256})(?=["']?[ \t]*(?:$|\r|\n|\\n))/g;
const redactChpasswdEntries = (text: string): string =>
  text.includes('chpasswd') ? text.replace(CHPASSWD_ENTRY, `$1$2$3:${REDACTED}`) : text;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * A Secret written as YAML text (a log line, a ConfigMap holding manifests): every line under its
 * `data:`/`stringData:` blocks keeps the key and loses the value. Line-based, so it also works on
 * YAML the parser would reject.
 */
const redactSecretYamlBlocks = (text: string): string => {
  const lines = text.split('\n');
  let blockIndent = -1;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (blockIndent >= 0) {
      if (line.trim() === '' || indentOf(line) > blockIndent) {
        if (line.trim() === '') continue;
        const colon = line.indexOf(':');
        const head = colon < 0 ? line.slice(0, indentOf(line)) : line.slice(0, colon + 1);
        lines[index] = colon < 0 ? `${head}${REDACTED}` : `${head} ${REDACTED}`;
        continue;
      }
      blockIndent = -1;
    }
    const block = DATA_BLOCK.exec(line);
    if (block) {
      if (block[3]) lines[index] = `${block[1]}${block[2]}: {${REDACTED}}`;
      else blockIndent = block[1].length;
    }
  }
  return lines.join('\n');
};

const redactJsonDocument = (text: string): string | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  // A JSON string literal (a document serialized twice): redact what it holds.
  if (typeof parsed === 'string') return JSON.stringify(redactText(parsed));
  if (parsed === null || typeof parsed !== 'object') return null;
  const redacted = redactObject(parsed);
  // Nothing to remove: keep the text exactly as written.
  if (JSON.stringify(redacted) === JSON.stringify(parsed)) return text;
  const indentMatch = /\n([ \t]+)\S/.exec(text.slice(0, 200));
  return JSON.stringify(redacted, null, indentMatch ? indentMatch[1] : undefined);
};

/** End index (exclusive) of the balanced JSON object starting at `start`, honouring strings. */
const jsonObjectEnd = (text: string, start: number, limit: number): number => {
  let depth = 0;
  let inString = false;
  const end = Math.min(text.length, start + limit);
  for (let i = start; i < end; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && (depth -= 1) === 0) return i + 1;
  }
  return -1;
};

/** How many embedded-object candidates one text may try: keeps the scan linear on hostile input. */
const MAX_EMBEDDED_CANDIDATES = 32;
const EMBEDDED_OBJECT_START = /\{\s*"/g;

/**
 * JSON objects quoted inside a sentence ("apply failed: {\"kind\":\"Secret\",...}") are redacted by
 * structure, like whole JSON documents, so a Secret's data is recognised wherever it is quoted.
 */
const redactEmbeddedJson = (text: string): string => {
  if (!text.includes('{')) return text;
  let out = '';
  let copied = 0;
  let candidates = 0;
  EMBEDDED_OBJECT_START.lastIndex = 0;
  for (let m = EMBEDDED_OBJECT_START.exec(text); m; m = EMBEDDED_OBJECT_START.exec(text)) {
    if ((candidates += 1) > MAX_EMBEDDED_CANDIDATES) break;
    const end = jsonObjectEnd(text, m.index, MAX_STRUCTURED_CHARS);
    if (end < 0) break;
    const redacted = redactJsonDocument(text.slice(m.index, end));
    if (redacted === null) continue;
    out += text.slice(copied, m.index) + redacted;
    copied = end;
    EMBEDDED_OBJECT_START.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
};

/**
 * Removes secrets from free text: event messages, log lines, condition messages, error text,
 * embedded JSON/YAML documents, cloud-init user data, unattend XML. Linear in the input length.
 */
export const redactText = (text: string): string => {
  if (typeof text !== 'string' || text.length === 0) return text;
  const head = text.trimStart();
  if (text.length <= MAX_STRUCTURED_CHARS) {
    if (head.startsWith('{') || head.startsWith('[') || head.startsWith('"')) {
      const json = redactJsonDocument(text);
      if (json !== null) return json;
    }
    if (head.startsWith('#cloud-config') && text.length <= MAX_CLOUD_CONFIG_CHARS) {
      const cloudConfig = redactCloudConfig(text, redactText);
      if (cloudConfig !== null) return cloudConfig;
    }
  }
  const withoutSecretData = SECRET_KIND_LINE.test(text) ? redactSecretYamlBlocks(text) : text;
  return applyTextRules(redactChpasswdEntries(redactEmbeddedJson(withoutSecretData)));
};
