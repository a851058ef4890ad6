/**
 * Shell-only extensions for the browser tests (not part of the console): with
 * `localStorage['kv-ls-shell:pending-action-provider']` set, another plugin's VirtualMachine action
 * provider that reports loaded only after `window.__kvLsShell.releasePendingActionProvider()`, so a
 * test can see the Actions menu wait for every provider.
 */
import { useSyncExternalStore } from 'react';
import { VM_CONTEXT_ID } from './LazyActionMenu';
import type { ResolvedExtension } from './shellStore';

export const PENDING_PROVIDER_KEY = 'kv-ls-shell:pending-action-provider';

let released = false;
const listeners = new Set<() => void>();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

const STAND_IN_ACTIONS = [
  {
    id: 'shell-test-plugin-action',
    label: 'Stand-in action of another plugin',
    cta: () => undefined,
  },
];

const usePendingActions = () => {
  const done = useSyncExternalStore(subscribe, () => released);
  return [done ? STAND_IN_ACTIONS : [], done, undefined];
};

declare global {
  interface Window {
    __kvLsShell?: { releasePendingActionProvider(): void };
  }
}

export const testExtensions = (): ResolvedExtension[] => {
  if (!window.localStorage.getItem(PENDING_PROVIDER_KEY)) return [];
  window.__kvLsShell = {
    releasePendingActionProvider: () => {
      released = true;
      listeners.forEach((l) => l());
    },
  };
  return [
    {
      type: 'console.action/provider',
      properties: { contextId: VM_CONTEXT_ID, provider: usePendingActions },
      pluginName: 'shell-test-plugin',
      uid: 'shell-test-plugin[0]',
    },
  ];
};
