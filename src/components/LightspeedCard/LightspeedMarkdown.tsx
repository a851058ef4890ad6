import Markdown, { type MarkdownToJSX } from 'markdown-to-jsx';
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

const OPTIONS: MarkdownToJSX.Options = {
  // Model output is untrusted: raw HTML is shown as text, never parsed into elements.
  disableParsingRawHTML: true,
  forceBlock: true,
  sanitizer: (value, _tag, attribute) =>
    attribute === 'href' || attribute === 'src' ? safeUrl(value) : value,
  overrides: {
    a: { component: AnswerLink },
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
