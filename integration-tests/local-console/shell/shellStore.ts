/**
 * The console's shared state in miniature: feature flags and resolved extensions of every loaded plugin.
 * React reads it through useSyncExternalStore, like the console reads its redux store.
 */
import { useSyncExternalStore } from 'react';

export interface ExtensionFlags {
  required?: string[];
  disallowed?: string[];
}

export interface ResolvedExtension {
  type: string;
  properties: Record<string, unknown>;
  flags?: ExtensionFlags;
  pluginName: string;
  uid: string;
}

interface State {
  flags: Record<string, boolean>;
  extensions: ResolvedExtension[];
}

let state: State = { flags: {}, extensions: [] };
const listeners = new Set<() => void>();

const emit = () => listeners.forEach((l) => l());

export const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const getState = () => state;

export const setFlag = (flag: string, enabled: boolean) => {
  if (state.flags[flag] === enabled) return;
  state = { ...state, flags: { ...state.flags, [flag]: enabled } };
  emit();
};

export const addExtensions = (extensions: ResolvedExtension[]) => {
  state = { ...state, extensions: [...state.extensions, ...extensions] };
  emit();
};

export const useShellState = () => useSyncExternalStore(subscribe, getState);

export const isExtensionInUse = (e: ResolvedExtension, flags: Record<string, boolean>) =>
  (e.flags?.required ?? []).every((f) => flags[f] === true) &&
  (e.flags?.disallowed ?? []).every((f) => flags[f] !== true);
