import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import { checkOlsAuthorization } from '../client/authorized';
import { callMcpTool } from '../client/callMcpTool';
import { OlsError } from '../client/errors';
import { fetchOlsFeatures, type OlsFeatures } from '../client/olsFeatures';
import { checkOlsReadiness } from '../client/readiness';
import type { AICapability, PluginRuntimeConfig } from '../types';
import { detectPeerTools, type PeerTools } from './peerTools';
import { DEFAULT_RUNTIME_CONFIG, fetchRuntimeConfig } from './runtimeConfig';

export type CapabilityReason =
  | 'lightspeed-plugin-missing'
  | 'disabled-by-admin'
  | 'ols-not-ready'
  /** OLS refuses this user (`/ols-access`): no AI control, re-checked only on a page reload. */
  | 'not-authorized'
  /** OLS has no `/v1/mcp-apps/tools/call` (before the 1.0.10 line): static prompts only. */
  | 'ols-too-old'
  | 'mcp-reachable'
  | 'mcp-not-registered'
  /** OLS could not reach cnv-mcp-server (HTTP 500 from the probe: TLS trust, service down). */
  | 'mcp-unreachable'
  | 'mcp-probe-failed'
  | 'demoted'
  /** The admin masks names (`ai.anonymizeNames`): tools would return real names, so static prompts. */
  | 'names-anonymized';

export interface CapabilityState {
  capability: AICapability;
  reason: CapabilityReason;
  /** Human-readable diagnostics (readiness reason, probe error); for logs and "more info". */
  detail?: string;
  config: PluginRuntimeConfig;
  /** What OLS accepts; all false when unknown (an older OLS must never get a field it rejects). */
  features: OlsFeatures;
  /** The probe round failed transiently (OLS not ready, probe error): detect again later. */
  failed: boolean;
  /** Kept for this page only, never in sessionStorage: a reload asks OLS again. */
  pageOnly?: boolean;
  /**
   * openshift-mcp-server's tools the prompts may name (`mcp` capability only); absent when it is
   * not registered. Prompts never name a tool that is not there.
   */
  peerTools?: PeerTools;
}

export const NO_OLS_FEATURES: OlsFeatures = { toolCallRoute: false, modeField: false };

/** Cheap, read-only: one VM at most. Any answer from the tool proves the server is registered. */
export const PROBE_TOOL = CNV_MCP_TOOLS.search;
export const PROBE_ARGS = { limit: 1 } as const;

/**
 * One probe round: runtime config → OLS readiness → `/authorized` → `/openapi.json` → MCP probe.
 * Makes no request at all when the Lightspeed plugin is absent, and no OLS request when the admin
 * switched AI off.
 */
export const detectCapability = async (
  pluginPresent: boolean,
  signal?: AbortSignal,
): Promise<CapabilityState> => {
  if (!pluginPresent) {
    return {
      capability: 'off',
      reason: 'lightspeed-plugin-missing',
      config: DEFAULT_RUNTIME_CONFIG,
      features: NO_OLS_FEATURES,
      failed: false,
    };
  }
  const config = await fetchRuntimeConfig(signal);
  if (!config.ai.enabled) {
    const features = NO_OLS_FEATURES;
    return { capability: 'off', reason: 'disabled-by-admin', config, features, failed: false };
  }
  const readiness = await checkOlsReadiness({ signal });
  if (!readiness.ready) {
    return {
      capability: 'off',
      reason: 'ols-not-ready',
      detail: readiness.reason,
      config,
      features: NO_OLS_FEATURES,
      failed: true,
    };
  }
  const access = await checkOlsAuthorization({ signal });
  if (access.authorization === 'not-authorized' || access.authorization === 'not-authenticated') {
    return {
      capability: 'off',
      reason: 'not-authorized',
      detail: access.detail,
      config,
      features: NO_OLS_FEATURES,
      failed: false,
      pageOnly: true,
    };
  }
  const advertised = await fetchOlsFeatures({ signal });
  const features = advertised ?? NO_OLS_FEATURES;
  if (advertised && !advertised.toolCallRoute) {
    return {
      capability: 'static',
      reason: 'ols-too-old',
      detail: 'OLS does not serve POST /v1/mcp-apps/tools/call.',
      config,
      features,
      failed: false,
    };
  }
  if (config.ai.anonymizeNames) {
    return {
      capability: 'static',
      reason: 'names-anonymized',
      detail: 'ai.anonymizeNames is set: prompts carry masked names and no live tools.',
      config,
      features,
      failed: false,
    };
  }
  try {
    await callMcpTool({
      serverName: config.ai.mcpServerName,
      toolName: PROBE_TOOL,
      args: { ...PROBE_ARGS },
      signal,
    });
    // The probe answered, so the route exists even when /openapi.json could not be read.
    const peerTools = await detectPeerTools(config.openshiftMcp, signal);
    return {
      capability: 'mcp',
      reason: 'mcp-reachable',
      config,
      features: { ...features, toolCallRoute: true },
      failed: false,
      ...(peerTools ? { peerTools } : {}),
    };
  } catch (error) {
    const olsError = error instanceof OlsError ? error : undefined;
    if (olsError?.kind === 'mcp-unavailable') {
      return {
        capability: 'static',
        // Unknown features and a 404 without OLS's own "MCP server … not found" text: an OLS
        // without the route (FastAPI's bare `Not Found`).
        reason:
          !advertised && !/mcp/i.test(olsError.detail ?? '') ? 'ols-too-old' : 'mcp-not-registered',
        detail: olsError.detail,
        config,
        features,
        failed: false,
      };
    }
    if (olsError?.status === 401 || olsError?.status === 403) {
      return {
        capability: 'off',
        reason: 'not-authorized',
        detail: olsError.detail,
        config,
        features: NO_OLS_FEATURES,
        failed: false,
        pageOnly: true,
      };
    }
    if (olsError?.status === 500) {
      return {
        capability: 'static',
        reason: 'mcp-unreachable',
        detail: [olsError.detail, olsError.cause].filter(Boolean).join(': '),
        config,
        features,
        failed: true,
      };
    }
    // OLS answers but the probe did not: static prompts still work; try tools again later.
    return {
      capability: 'static',
      reason: 'mcp-probe-failed',
      detail: olsError ? `${olsError.kind}: ${olsError.detail ?? ''}` : String(error),
      config,
      features,
      failed: true,
    };
  }
};
