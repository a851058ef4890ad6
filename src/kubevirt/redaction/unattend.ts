import { REDACTED } from './marker';

// An XML start tag with a bounded attribute section: each attempt stops after 512 characters.
const START_TAG = /<([A-Za-z][\w.:-]{0,63})(\s[^<>]{0,512})?>/g;
const SECRET_ELEMENT = /password|productkey|passphrase|secret|token/i;

/**
 * Windows unattend (sysprep) and other XML: the content of `<Password>`, `<AdministratorPassword>`,
 * `<AutoLogon><Password>`, `<ProductKey>`... elements is replaced. Names of closing tags that are
 * known to be absent are remembered so repeated unclosed tags cannot make the scan quadratic.
 */
export const redactSecretXmlElements = (text: string): string => {
  if (!text.includes('<') || !SECRET_ELEMENT.test(text)) return text;
  const unclosed = new Set<string>();
  let out = '';
  let copied = 0;
  START_TAG.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = START_TAG.exec(text))) {
    const name = match[1];
    const attributes = match[2] ?? '';
    if (!SECRET_ELEMENT.test(name) || attributes.endsWith('/') || unclosed.has(name)) continue;
    const contentStart = match.index + match[0].length;
    const close = text.indexOf(`</${name}`, contentStart);
    if (close < 0) {
      unclosed.add(name);
      continue;
    }
    out += `${text.slice(copied, contentStart)}${REDACTED}`;
    copied = close;
    START_TAG.lastIndex = close;
  }
  return out + text.slice(copied);
};
