import Markdown, { type MarkdownToJSX } from 'markdown-to-jsx';
import type * as React from 'react';
import {
  Component,
  isValidElement,
  type AnchorHTMLAttributes,
  type FC,
  type ReactNode,
} from 'react';

const SAFE_URL = /^(https?:|mailto:|\/|#)/i;

/**
 * URLs from model output: only http(s), mailto, relative and fragment links survive. Control and
 * whitespace characters are removed first so `java\tscript:` cannot slip through.
 */
export const safeUrl = (value: string): string | null => {
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return SAFE_URL.test(compact) ? value.trim() : null;
};

/** Links in answers leave the console: new tab, no opener, no referrer; only http(s)/relative URLs. */
const AnswerLink: FC<AnchorHTMLAttributes<HTMLAnchorElement>> = ({ href, children, title }) =>
  href && safeUrl(href) ? (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <>{children}</>
  );

/**
 * Answer tables use PatternFly's compact table styling (cell padding, row borders, like console
 * lists) inside a horizontally scrolling wrapper, so a wide table never widens the card or the
 * popover. No `pf-m-grid-*`: its stacked layout needs `data-label`s that markdown cells lack.
 */
const AnswerTable: FC<{ children?: ReactNode }> = ({ children }) => (
  <div className="kv-ls-lightspeed-card__table-scroll" tabIndex={0} data-test="answer-table-scroll">
    <table className="pf-v6-c-table pf-m-compact kv-ls-lightspeed-card__table">{children}</table>
  </div>
);

interface CellProps {
  children?: ReactNode;
  style?: React.CSSProperties;
}

/** The visible text of rendered markdown (strings, inline code, links, emphasis). */
const textOf = (node: ReactNode): string => {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
};

/** Kubernetes names are at most 63 characters (DNS label); a longer token is a URL, digest or blob. */
const LONG_TOKEN = 63;
/** Short values (a status, "2 GiB", "error, stuck") read badly when split over lines. */
const SHORT_TEXT = 24;

/**
 * How a cell may wrap: a short value or a single name stays on one line (so `diag-web-01` is not
 * split at its hyphens); a cell with a token longer than any name may break inside it; anything
 * else wraps between words. The table then grows to its longest words and the wrapper scrolls.
 */
export const cellWrapClass = (children: ReactNode): string => {
  const text = textOf(children).trim();
  const tokens = text.split(/\s+/);
  if (tokens.some((token) => token.length > LONG_TOKEN)) return 'kv-ls-lightspeed-card__cell--long';
  if (tokens.length === 1 || text.length <= SHORT_TEXT)
    return 'kv-ls-lightspeed-card__cell--nowrap';
  return 'kv-ls-lightspeed-card__cell--prose';
};

const withClass = (
  Tag: 'thead' | 'tbody' | 'tr' | 'th' | 'td',
  className: string,
): FC<CellProps> => {
  const isCell = Tag === 'th' || Tag === 'td';
  // markdown-to-jsx passes alignment as `style`; nothing else from model output is kept
  const Cell: FC<CellProps> = ({ children, style }) => (
    <Tag className={isCell ? `${className} ${cellWrapClass(children)}` : className} style={style}>
      {children}
    </Tag>
  );
  Cell.displayName = `Markdown-${Tag}`;
  return Cell;
};

const OPTIONS: MarkdownToJSX.Options = {
  // Model output is untrusted: raw HTML is shown as text, never parsed into elements.
  disableParsingRawHTML: true,
  forceBlock: true,
  sanitizer: (value, _tag, attribute) =>
    attribute === 'href' || attribute === 'src' ? safeUrl(value) : value,
  overrides: {
    a: { component: AnswerLink },
    table: { component: AnswerTable },
    thead: { component: withClass('thead', 'pf-v6-c-table__thead') },
    tbody: { component: withClass('tbody', 'pf-v6-c-table__tbody') },
    tr: { component: withClass('tr', 'pf-v6-c-table__tr') },
    th: { component: withClass('th', 'pf-v6-c-table__th') },
    td: { component: withClass('td', 'pf-v6-c-table__td') },
    // No remote images from model output (tracking pixels, mixed content).
    img: { component: ({ alt }: { alt?: string }) => <>{alt ?? ''}</> },
  },
};

/** A markdown edge case in model output must not take the card down: fall back to plain text. */
class PlainTextOnError extends Component<
  { text: string; children: ReactNode },
  { failed: boolean }
> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? (
      <p className="kv-ls-lightspeed-card__plain">{this.props.text}</p>
    ) : (
      this.props.children
    );
  }
}

export const LightspeedMarkdown: FC<{ text: string }> = ({ text }) => (
  <PlainTextOnError text={text}>
    <Markdown options={OPTIONS}>{text}</Markdown>
  </PlainTextOnError>
);
