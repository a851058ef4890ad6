// The console provides i18next at runtime; in unit tests keys are returned with {{values}} filled in,
// so assertions read the English text the user sees.
import type { ReactNode } from 'react';

const interpolate = (key: string, values?: Record<string, unknown>): string =>
  key.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    values && name in values ? String(values[name]) : `{{${name}}}`,
  );

export const useTranslation = () => ({
  t: interpolate,
  i18n: { language: 'en', changeLanguage: () => Promise.resolve() },
});

export const Trans = ({ children }: { children?: ReactNode }) => children;

export const initReactI18next = { type: '3rdParty', init: () => undefined };
