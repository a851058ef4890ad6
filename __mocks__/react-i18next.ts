// The console provides i18next at runtime; in unit tests keys are returned with {{values}} filled in,
// so assertions read the English text the user sees.
import type { ReactNode } from 'react';

const interpolate = (key: string, options?: Record<string, unknown>): string => {
  // i18next reads interpolation values from the options and from `options.replace`.
  const values = { ...options, ...(options?.replace as Record<string, unknown> | undefined) };
  return key.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    name in values ? String(values[name]) : `{{${name}}}`,
  );
};

export const useTranslation = () => ({
  t: interpolate,
  i18n: { language: 'en', changeLanguage: () => Promise.resolve() },
});

export const Trans = ({ children }: { children?: ReactNode }) => children;

export const initReactI18next = { type: '3rdParty', init: () => undefined };
