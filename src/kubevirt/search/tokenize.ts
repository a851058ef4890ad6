export interface Token {
  /** As typed (label values and quoted names keep their case). */
  raw: string;
  lower: string;
  /** Came from "double quotes": always a value, never a keyword. */
  quoted: boolean;
}

/** Longer input is cut: a search box query, not a document. */
export const MAX_QUERY_LENGTH = 500;

const SEPARATORS = new Set([',', ';', '(', ')', '[', ']', '{', '}']);
const QUOTES = new Set(['"', '\u201c', '\u201d']);
const isSpace = (ch: string): boolean => /\s/.test(ch);

const makeToken = (raw: string, quoted = false): Token => ({
  raw,
  lower: raw.toLowerCase(),
  quoted,
});

/** Trailing sentence punctuation is not part of a word: `running?`, `prod-web.`, `db!`. */
const trimWord = (word: string): string => {
  let end = word.length;
  while (end > 0 && '?.!:'.includes(word[end - 1] ?? '')) {
    // keep `*?` globs and a lone `!` / `?`
    if (word[end - 1] === '?' && word.includes('*')) break;
    end -= 1;
  }
  let start = 0;
  while (start < end && "'`".includes(word[start] ?? '')) start += 1;
  while (end > start && "'`".includes(word[end - 1] ?? '')) end -= 1;
  return word.slice(start, end);
};

/**
 * One left-to-right pass over at most MAX_QUERY_LENGTH characters: words, "quoted values",
 * commas as their own token, and comparison operators (`>`, `>=`, `<`, `<=`, `≥`, `≤`) split from
 * the words around them so `cpu>4` reads like `cpu > 4`. `=` and `!=` stay inside words: they
 * make label expressions (`app=db`).
 */
/**
 * What the parser reads: the first MAX_QUERY_LENGTH characters, compatibility-normalised (NFKC
 * folds full-width `ｒｕｎｎｉｎｇ` and ligatures to ASCII), control and zero-width characters as
 * spaces. `truncatedAt` is set when the input was longer.
 */
export const prepareQuery = (input: string): { text: string; truncatedAt?: number } => {
  const raw = String(input ?? '');
  const head = raw.slice(0, MAX_QUERY_LENGTH);
  const text = head
    .normalize('NFKC')
    // Control, zero-width and bidi characters: junk that must not join or split words.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, ' ')
    // typographic apostrophes (macOS / iOS smart punctuation): "aren’t" is "aren't"
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .slice(0, MAX_QUERY_LENGTH);
  return raw.length > MAX_QUERY_LENGTH ? { text, truncatedAt: MAX_QUERY_LENGTH } : { text };
};

export const tokenize = (input: string): Token[] => {
  const { text } = prepareQuery(input);
  const tokens: Token[] = [];
  let word = '';
  const flush = (): void => {
    const trimmed = trimWord(word);
    if (trimmed.length > 0) tokens.push(makeToken(trimmed));
    word = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (QUOTES.has(ch)) {
      flush();
      let end = i + 1;
      while (end < text.length && !QUOTES.has(text[end] ?? '')) end += 1;
      const value = text.slice(i + 1, end).trim();
      if (value.length > 0) tokens.push(makeToken(value, true));
      i = end + 1;
    } else if (isSpace(ch)) {
      flush();
      i += 1;
    } else if (SEPARATORS.has(ch)) {
      flush();
      if (ch === ',' || ch === ';') tokens.push(makeToken(','));
      i += 1;
    } else if (ch === '>' || ch === '<' || ch === '\u2265' || ch === '\u2264') {
      flush();
      if ((ch === '>' || ch === '<') && text[i + 1] === '=') {
        tokens.push(makeToken(`${ch}=`));
        i += 2;
      } else {
        tokens.push(makeToken(ch === '\u2265' ? '>=' : ch === '\u2264' ? '<=' : ch));
        i += 1;
      }
    } else {
      word += ch;
      i += 1;
    }
  }
  flush();
  return tokens;
};
