import type { FC, ReactNode } from 'react';
import { useEffect, useSyncExternalStore } from 'react';
import type { Extension } from '@openshift-console/dynamic-plugin-sdk/lib/types';
import { useResolvedExtensions } from '@openshift-console/dynamic-plugin-sdk';
import type { ConsoleAttachment } from './consoleAttachments';

/** lightspeed-console's `useOpenOLS()` result (README "Opening the OpenShift Lightspeed UI"). */
export type OpenOLS = (
  prompt?: string,
  attachments?: ConsoleAttachment[],
  submitImmediately?: boolean,
  hidePrompt?: boolean,
) => void;

type OpenOLSHandlerExtension = Extension<
  'console.action/provider',
  { contextId: string; provider: () => OpenOLS }
>;

export const OLS_OPEN_HANDLER_CONTEXT = 'ols-open-handler';

export const isOpenOLSHandlerExtension = (e: Extension): e is OpenOLSHandlerExtension =>
  e.type === 'console.action/provider' &&
  (e.properties as { contextId?: unknown } | undefined)?.contextId === OLS_OPEN_HANDLER_CONTEXT;

/*
 * lightspeed-console hands out a *hook*, resolved asynchronously. Calling it conditionally inside
 * our own hooks would change their hook count when it resolves (React error #310), so one small
 * component calls it at its top level and publishes the callback here; hooks read it from this store.
 */
let current: OpenOLS | undefined;
const listeners = new Set<() => void>();
const publish = (next: OpenOLS | undefined) => {
  current = next;
  listeners.forEach((listener) => listener());
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};
const snapshot = () => current;

/** The chat opener, or undefined when lightspeed-console (or its handler) is absent. */
export const useOpenOLSHandler = (): OpenOLS | undefined =>
  useSyncExternalStore(subscribe, snapshot, snapshot);

const PublishOpener: FC<{ useOpenOLS: () => OpenOLS }> = ({ useOpenOLS }) => {
  const open = useOpenOLS();
  useEffect(() => {
    publish(open);
    return () => {
      if (current === open) publish(undefined);
    };
  }, [open]);
  return null;
};

/** Renders nothing; keeps the opener published while lightspeed-console's handler exists. */
export const OLSOpenHandlerBridge: FC = () => {
  const [extensions, resolved] =
    useResolvedExtensions<OpenOLSHandlerExtension>(isOpenOLSHandlerExtension);
  const handler = resolved ? extensions[0] : undefined;
  const provider: unknown = handler?.properties.provider;
  if (!handler || typeof provider !== 'function') return null;
  // The key remounts the caller if another plugin's handler replaces it (a different hook).
  return <PublishOpener key={handler.uid} useOpenOLS={provider as () => OpenOLS} />;
};

/**
 * `console.context-provider` component: mounted once at the console root so that the
 * "Troubleshoot with AI" action works from any console menu, not only from our own pages.
 */
export const OLSOpenHandlerProvider: FC<{ value?: unknown; children?: ReactNode }> = ({
  children,
}) => (
  <>
    <OLSOpenHandlerBridge />
    {children}
  </>
);

/** `useValueHook` of the context provider: there is no context value to share. */
export const useOLSOpenHandlerContextValue = (): null => null;

/** Test support: forget any published opener. */
export const resetOpenOLSHandlerForTests = () => publish(undefined);
