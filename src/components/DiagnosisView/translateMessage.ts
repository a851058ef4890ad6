import type { Message, MessageParams } from '../../kubevirt/diagnosis/messages';

/** The `t` of react-i18next, as far as rendering a Message needs it. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A diagnosis Message in the user's language: nested Messages (a duration, a list of labels) are
 * translated first, then the template is looked up with the data parameters. React escapes the
 * result, so i18next must not escape it again.
 */
export const translateMessage = (t: Translate, message: Message): string => {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(message.params ?? ({} as MessageParams)))
    params[key] = typeof value === 'object' ? translateMessage(t, value) : value;
  // Parameters go in `replace`: a data parameter may be named like a t() option (`ns`, `lng`,
  // `context`), which i18next would otherwise take as that option. `count` also picks the plural.
  return t(message.template, {
    replace: params,
    ...(params.count !== undefined ? { count: params.count } : {}),
    interpolation: { escapeValue: false },
  });
};

/** The translated Message when there is one, else the English text the older clients send. */
export const translatedText = (t: Translate, text: Message | undefined, english: string): string =>
  text ? translateMessage(t, text) : english;
