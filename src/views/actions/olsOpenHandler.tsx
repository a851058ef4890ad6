import type { FC, ReactNode } from 'react';
import { useEffect, useSyncExternalStore } from 'react';
import type { OpenOLS, UseOpenOLS } from '../../lightspeed/hooks/useOpenInLightspeed';
import { useOpenOLSHandler } from '../../lightspeed/hooks/useOpenInLightspeed';

/*
 * lightspeed-console hands out a *hook*, resolved asynchronously. Calling it conditionally inside
 * an action provider hook would change that hook's hook count when it resolves (React error #310),
 * so one small component calls it at its top level and publishes the opener here; hooks read it
 * from this store.
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
export const useOpenOLSCallback = (): OpenOLS | undefined =>
  useSyncExternalStore(subscribe, snapshot, snapshot);

const PublishOpener: FC<{ useOpenOLS: UseOpenOLS }> = ({ useOpenOLS }) => {
  const open = useOpenOLS();
  useEffect(() => {
    publish(open);
    return () => {
      if (current === open) publish(undefined);
    };
  }, [open]);
  return null;
};

const hookIds = new WeakMap<UseOpenOLS, number>();
let lastHookId = 0;
const hookId = (hook: UseOpenOLS): number => {
  if (!hookIds.has(hook)) hookIds.set(hook, ++lastHookId);
  return hookIds.get(hook) as number;
};

/** Renders nothing; keeps the opener published while lightspeed-console's handler exists. */
export const OLSOpenHandlerBridge: FC = () => {
  const useOpenOLS = useOpenOLSHandler();
  // The key remounts the caller if the handler hook is replaced (a different hook, other hooks).
  return useOpenOLS ? <PublishOpener key={hookId(useOpenOLS)} useOpenOLS={useOpenOLS} /> : null;
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
