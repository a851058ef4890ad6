import { isSecretEnvName, isSecretKeyName } from './keyNames';
import { REDACTED } from './marker';

/**
 * `password=...`, `"apiKey": "..."`, `token: ...`, `--password=...`, `--token xyz`, `\"auth\":\"...\"`
 * in free text (event messages, logs, embedded JSON/YAML/INI/URLs). Candidate keys are found from a
 * secret word, widened to the surrounding key characters (at most 64 each way), then the separator
 * and value are read by hand: every character is visited a bounded number of times.
 */

const ANCHOR =
  /pass|pwd|pw|psk|secret|token|credential|creds|key|auth|cookie|bearer|signature|sig/gi;
/** `MYSQL_PWD=`, `export DB_PASS = x`, `set ADMIN_PASSWORD=`: environment-style names, split into words. */
const ENV_STYLE = /^[A-Z][A-Z0-9_]*$/;
/** Words that name a credential in any key (`root_pw`, `adminPass`, `db-pwd`), split like env names. */
const SECRET_KEY_WORDS = new Set(['pass', 'pwd', 'pw', 'passwd', 'psk', 'creds']);
const keyWords = (key: string): string[] =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
/** `PASSWORD_FILE`, `pw_path`, `pass_ref` point at a secret; they do not hold one. */
const REFERENCE_WORDS = new Set([
  'file',
  'path',
  'dir',
  'name',
  'url',
  'ref',
  'mount',
  'policy',
  'length',
  'through',
]);
const hasSecretWord = (key: string): boolean => {
  const words = keyWords(key);
  return (
    !REFERENCE_WORDS.has(words[words.length - 1]) &&
    words.some((word) => SECRET_KEY_WORDS.has(word))
  );
};
const isSecretName = (key: string): boolean =>
  isSecretKeyName(key) || (ENV_STYLE.test(key) && isSecretEnvName(key)) || hasSecretWord(key);
const MAX_KEY_SPREAD = 64;
const MAX_SPACES = 8;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token)(?:[ \t]+<redacted>)?$/i;
const HARMLESS_VALUE = /^(?:true|false|yes|no|on|off|null|none|nil|~)$/i;

const isKeyChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || // 0-9
  (code >= 65 && code <= 90) || // A-Z
  (code >= 97 && code <= 122) || // a-z
  code === 95 || // _
  code === 46 || // .
  code === 45; // -

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

interface ValueSpan {
  start: number;
  end: number;
  replacement: string;
}

/** Reads a quoted value starting at `start` (the opening quote); stops at the end of the line. */
const readQuoted = (text: string, start: number, quote: '"' | "'" | '\\"'): ValueSpan => {
  let i = start + quote.length;
  const contentStart = i;
  let contentEnd = -1;
  while (i < text.length) {
    const char = text[i];
    if (char === '\n' || char === '\r') break;
    if (quote === '\\"' && char === '\\' && text[i + 1] === '"') {
      contentEnd = i;
      break;
    }
    if (quote !== '\\"' && char === quote) {
      contentEnd = i;
      break;
    }
    i += char === '\\' && quote !== "'" ? 2 : 1;
  }
  const content = text.slice(contentStart, contentEnd < 0 ? Math.min(i, text.length) : contentEnd);
  if (HARMLESS_VALUE.test(content) || content === REDACTED || content.length === 0) {
    return { start, end: start, replacement: '' };
  }
  const end = contentEnd < 0 ? Math.min(i, text.length) : contentEnd + quote.length;
  return { start, end, replacement: `${quote}${REDACTED}${contentEnd < 0 ? '' : quote}` };
};

const UNQUOTED_STOP_WORD = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  '"',
  "'",
  '&',
  ',',
  ';',
  '\\',
  '<',
  '>',
  ')',
  ']',
  '}',
]);
const UNQUOTED_STOP_LINE = new Set(['\n', '\r', '"', "'", '\\', ',', ']', '}']);
const UNQUOTED_FIRST_BLOCKED = new Set([
  '{',
  '[',
  '|',
  '>',
  '&',
  '*',
  '!',
  '<',
  ' ',
  '\t',
  '\n',
  '\r',
]);

const readUnquoted = (text: string, start: number, wholeLine: boolean): ValueSpan | null => {
  if (UNQUOTED_FIRST_BLOCKED.has(text[start])) return null;
  const stops = wholeLine ? UNQUOTED_STOP_LINE : UNQUOTED_STOP_WORD;
  let end = start;
  while (end < text.length && !stops.has(text[end])) end += 1;
  while (end > start && isBlank(text[end - 1])) end -= 1;
  const value = text.slice(start, end);
  // `Bearer <redacted>`: the token rules already did this one.
  if (!value || HARMLESS_VALUE.test(value) || AUTH_SCHEME.test(value)) return null;
  // `sha256~<redacted>` and the like: swallow the earlier marker instead of doubling it.
  if (text.startsWith(REDACTED, end)) end += REDACTED.length;
  return { start, end, replacement: REDACTED };
};

// `token:` or `--secret`; not `name=`, which ends many a base64 password.
const NEXT_KEY = /^(?:--?[A-Za-z][\w.-]*|[A-Za-z][\w.-]*:)$/;
const isNextKey = (value: string): boolean =>
  value.length <= MAX_KEY_SPREAD + 2 &&
  NEXT_KEY.test(value) &&
  isSecretName(value.replace(/^-+|:$/g, ''));

/** After a secret key ending at `keyEnd`: separator, then the value span to replace. */
/**
 * A key that opens its line (YAML, INI, kubeconfig) owns the rest of that line; inside a sentence a
 * value ends at the next blank so the rest of the message survives.
 */
const startsLine = (text: string, keyStart: number): boolean => {
  let i = keyStart - 1;
  const floor = Math.max(0, keyStart - MAX_KEY_SPREAD);
  while (
    i >= floor &&
    (isBlank(text[i]) || text[i] === '-' || text[i] === '"' || text[i] === "'")
  ) {
    i -= 1;
  }
  return i < 0 || text[i] === '\n' || text[i] === '\r';
};

const readSecretValue = (
  text: string,
  keyStart: number,
  keyEnd: number,
  isFlag: boolean,
): ValueSpan | null => {
  let i = keyEnd;
  if (text[i] === '\\' && text[i + 1] === '"') i += 2;
  else if (text[i] === '"' || text[i] === "'") i += 1;
  const afterKey = i;
  while (i < afterKey + MAX_SPACES && isBlank(text[i])) i += 1;
  let wholeLine = false;
  if (text[i] === ':' || text[i] === '=') {
    if (text[i] === ':' && text[i + 1] === '/' && text[i + 2] === '/') return null; // a URL scheme
    wholeLine = text[i] === ':' && startsLine(text, keyStart);
    i += 1;
    const afterSeparator = i;
    while (i < afterSeparator + MAX_SPACES && isBlank(text[i])) i += 1;
  } else if (!(isFlag && i > afterKey)) {
    return null;
  }
  if (i >= text.length) return null;
  if (text[i] === '\\' && text[i + 1] === '"') return readQuoted(text, i, '\\"');
  if (text[i] === '"' || text[i] === "'") return readQuoted(text, i, text[i] as '"' | "'");
  if (isFlag && text[i] === '-') return null;
  const value = readUnquoted(text, i, wholeLine);
  // `pw= token: X`: an empty value followed by another secret key (`token:`, `--secret`), whose own
  // value is the secret: leave it to that key.
  return value && isNextKey(text.slice(value.start, value.end)) ? null : value;
};

export const redactSecretKeyValues = (text: string): string => {
  let out = '';
  let copied = 0;
  ANCHOR.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ANCHOR.exec(text))) {
    let keyStart = match.index;
    const floor = Math.max(copied, match.index - MAX_KEY_SPREAD);
    while (keyStart > floor && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart -= 1;
    let keyEnd = match.index + match[0].length;
    const ceiling = Math.min(text.length, keyEnd + MAX_KEY_SPREAD);
    while (keyEnd < ceiling && isKeyChar(text.charCodeAt(keyEnd))) keyEnd += 1;
    ANCHOR.lastIndex = keyEnd;
    const key = text.slice(keyStart, keyEnd);
    if (!isSecretName(key)) continue;
    const value = readSecretValue(text, keyStart, keyEnd, key.startsWith('-'));
    if (!value || value.end === value.start) continue;
    out += text.slice(copied, value.start) + value.replacement;
    copied = value.end;
    ANCHOR.lastIndex = value.end;
  }
  return out + text.slice(copied);
};
