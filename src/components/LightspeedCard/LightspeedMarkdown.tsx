import Markdown, { type MarkdownToJSX } from 'markdown-to-jsx';
import type * as React from 'react';
import { Component, type AnchorHTMLAttributes, type FC, type ReactNode } from 'react';

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
 * lists) inside a horizontally scrolling wrapper, so a wide table never widens the card.
 */
const AnswerTable: FC<{ children?: ReactNode }> = ({ children }) => (
  <div className="kv-ls-lightspeed-card__table-scroll" tabIndex={0}>
    <table className="pf-v6-c-table pf-m-compact pf-m-grid-md kv-ls-lightspeed-card__table">
      {children}
    </table>
  </div>
);

interface CellProps {
  children?: ReactNode;
  style?: React.CSSProperties;
}

const withClass = (
  Tag: 'thead' | 'tbody' | 'tr' | 'th' | 'td',
  className: string,
): FC<CellProps> => {
  // markdown-to-jsx passes alignment as `style`; nothing else from model output is kept
  const Cell: FC<CellProps> = ({ children, style }) => (
    <Tag className={className} style={style}>
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
