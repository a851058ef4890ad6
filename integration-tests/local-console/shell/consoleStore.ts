/**
 * The console's Redux store as plugins see it through the shared `react-redux` (openshift/console
 * provides one store to every plugin): here only lightspeed-console's chat reducer listens.
 */
import { applyChatAction } from './lightspeedStandIn';

type Action = { type?: string; payload?: Record<string, unknown> };

const listeners = new Set<() => void>();
const state = {};

export const consoleStore = {
  getState: () => state,
  subscribe: (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  dispatch: (action: Action) => {
    applyChatAction(action);
    listeners.forEach((listener) => listener());
    return action;
  },
};
