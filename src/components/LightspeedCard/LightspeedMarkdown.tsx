import Markdown, { sanitizer, type MarkdownToJSX } from 'markdown-to-jsx';
import type { AnchorHTMLAttributes, FC } from 'react';

const SAFE_URL = /^(https?:|mailto:|\/|#)/i;

/** Links in answers leave the console: new tab, no opener, no referrer; only http(s)/relative URLs. */
const AnswerLink: FC<AnchorHTMLAttributes<HTMLAnchorElement>> = ({ href, children, title }) =>
  href && SAFE_URL.test(href) ? (
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
  sanitizer: (value, tag, attribute) => {
    const cleaned = sanitizer(value);
    if (cleaned && (attribute === 'href' || attribute === 'src') && !SAFE_URL.test(cleaned)) {
      return null;
    }
    return cleaned;
  },
  overrides: {
    a: { component: AnswerLink },
    // No remote images from model output (tracking pixels, mixed content).
    img: { component: ({ alt }: { alt?: string }) => <>{alt ?? ''}</> },
  },
};

export const LightspeedMarkdown: FC<{ text: string }> = ({ text }) => (
  <Markdown options={OPTIONS}>{text}</Markdown>
);
