import { REDACTED } from './marker';

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const LABEL = /^[A-Z0-9 ]{1,60}$/;

/**
 * Replaces the body of every PEM block (private keys, certificates, CSRs), also when its newlines
 * are JSON-escaped. A block without an END line is redacted to the end of the text: a truncated key
 * is still a key. indexOf scans keep this linear in the length of the text.
 */
export const redactPemBlocks = (text: string): string => {
  if (!text.includes(BEGIN)) return text;
  let out = '';
  let copied = 0;
  let searchFrom = 0;
  for (;;) {
    const start = text.indexOf(BEGIN, searchFrom);
    if (start < 0) break;
    const labelStart = start + BEGIN.length;
    // The label is short: look for its closing dashes within a bounded window only.
    const labelLength = text.slice(labelStart, labelStart + 64).indexOf(DASHES);
    if (labelLength < 0) {
      searchFrom = labelStart;
      continue;
    }
    const rawLabel = text.slice(labelStart, labelStart + labelLength);
    const label = LABEL.test(rawLabel) ? rawLabel : 'BLOCK';
    const endStart = text.indexOf(END, labelStart + labelLength + DASHES.length);
    let blockEnd = text.length;
    if (endStart >= 0) {
      const closing = text.slice(endStart + END.length, endStart + END.length + 64).indexOf(DASHES);
      blockEnd = closing < 0 ? text.length : endStart + END.length + closing + DASHES.length;
    }
    out += `${text.slice(copied, start)}${BEGIN}${label}${DASHES}${REDACTED}${END}${label}${DASHES}`;
    copied = blockEnd;
    searchFrom = blockEnd;
  }
  return out + text.slice(copied);
};
