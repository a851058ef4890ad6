import { useFlag } from '@openshift-console/dynamic-plugin-sdk';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { AICapability, PluginRuntimeConfig } from '../types';
import {
  demoteCapability,
  getCapabilitySnapshot,
  isProbing,
  recheckCapability,
  subscribeCapability,
} from './capabilityStore';
import type { OlsFeatures } from '../client/olsFeatures';
import { NO_OLS_FEATURES, type CapabilityReason } from './detectCapability';
import type { PeerTools } from './peerTools';
import { DEFAULT_RUNTIME_CONFIG } from './runtimeConfig';

import { LIGHTSPEED_PLUGIN_FLAG } from './pluginFlag';
import { watchCapability } from './watchCapability';

export { LIGHTSPEED_PLUGIN_FLAG };

export interface AICapabilityResult {
  /** `off` until detection has finished: AI surfaces stay hidden rather than flicker. */
  capability: AICapability;
  /** A probe round is running and no usable result is known (first round, or a failed one re-running). */
  loading: boolean;
  /** A round has settled at least once: `capability` is an answer, not a placeholder. */
  settled: boolean;
  reason?: CapabilityReason;
  /** Diagnostics of the last probe round (readiness reason, probe error). */
  detail?: string;
  /** The admin runtime config (defaults until it has been read). */
  config: PluginRuntimeConfig;
  /** What the deployed OLS accepts (from its /openapi.json; none known until detection ends). */
  features: OlsFeatures;
  /**
   * openshift-mcp-server's tools the prompts may name (pass as PromptOptions.peerTools); undefined
   * unless it is registered and the capability is `mcp`.
   */
  peerTools?: PeerTools;
  /** Use static prompts for the rest of the session (a tool-triggering answer used none of our tools). */
  demote: () => void;
  /** Forget the cached result and probe again. */
  recheck: () => void;
}

const getServerSnapshot = (): undefined => undefined;

/**
 * mcp | static | off for the AI surfaces. Detection runs once per browser session (shared by every
 * caller); nothing is requested while the Lightspeed plugin is absent.
 */
export const useAICapability = (): AICapabilityResult => {
  const pluginPresent = Boolean(useFlag(LIGHTSPEED_PLUGIN_FLAG));
  const state = useSyncExternalStore(subscribeCapability, getCapabilitySnapshot, getServerSnapshot);
  const probing = useSyncExternalStore(subscribeCapability, isProbing, () => false);

  // Detection runs (and a failed round re-runs with backoff) while someone is mounted; the flag
  // hook provider is always mounted, so AI appears once OLS becomes ready.
  useEffect(() => (pluginPresent ? watchCapability(() => undefined) : undefined), [pluginPresent]);

  const demote = useCallback(() => demoteCapability(), []);
  const recheck = useCallback(() => {
    if (pluginPresent) void recheckCapability().catch(() => undefined);
  }, [pluginPresent]);

  if (!pluginPresent) {
    return {
      capability: 'off',
      loading: false,
      settled: true,
      reason: 'lightspeed-plugin-missing',
      config: DEFAULT_RUNTIME_CONFIG,
      features: NO_OLS_FEATURES,
      demote,
      recheck,
    };
  }
  return {
    capability: state?.capability ?? 'off',
    loading: state === undefined || (probing && state.failed),
    settled: state !== undefined,
    reason: state?.reason,
    detail: state?.detail,
    config: state?.config ?? DEFAULT_RUNTIME_CONFIG,
    features: state?.features ?? NO_OLS_FEATURES,
    ...(state?.capability === 'mcp' && state.peerTools ? { peerTools: state.peerTools } : {}),
    demote,
    recheck,
  };
};
