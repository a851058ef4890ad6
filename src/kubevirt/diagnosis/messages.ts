/**
 * User-visible diagnosis text as data: an English template, which is also its i18n key, and its
 * parameters. The plugin renders it with `t(template, params)` (i18next-parser extracts `msg('…')`
 * calls like `t('…')`, so templates must be string literals); the MCP server renders English with
 * `renderMessage` for the model.
 */
/** A parameter is data (a name, a count, an event message) or itself a translatable Message. */
export type MessageParam = string | number | Message;
export type MessageParams = Record<string, MessageParam>;

export interface Message {
  /** English with `{{name}}` placeholders, e.g. `The image {{image}} cannot be pulled.` */
  template: string;
  params?: MessageParams;
}

export const msg = (template: string, params?: MessageParams): Message =>
  params ? { template, params } : { template };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** English text of a message; an unknown placeholder stays visible rather than vanishing. */
export const renderMessage = ({ template, params }: Message): string =>
  template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = params?.[key];
    if (value === undefined) return whole;
    return typeof value === 'object' ? renderMessage(value) : String(value);
  });

export const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { template?: unknown }).template === 'string';

/** A data value (an object name, a list of names) where a Message is expected: never translated. */
export const dataMessage = (value: string): Message => ({
  template: '{{value}}',
  params: { value },
});

/** A string or a Message as a Message (a plain string becomes a template without params). */
export const asMessage = (value: string | Message): Message =>
  typeof value === 'string' ? { template: value } : value;

/**
 * Several messages shown as one text, joined by `separator` (a space between sentences). The
 * template holds only placeholders, so it is not extracted: each part is translated on its own.
 */
export const joinMessages = (parts: readonly Message[], separator = ' '): Message => {
  if (parts.length === 1) return parts[0];
  const params: MessageParams = {};
  parts.forEach((part, i) => {
    params[`part${i}`] = part;
  });
  return {
    template: parts.map((_, i) => `{{part${i}}}`).join(separator.replace(/[{}]/g, '')),
    params,
  };
};
