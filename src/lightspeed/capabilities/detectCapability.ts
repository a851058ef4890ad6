import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import { callMcpTool } from '../client/callMcpTool';
import { OlsError } from '../client/errors';
import { checkOlsReadiness } from '../client/readiness';
import type { AICapability, PluginRuntimeConfig } from '../types';
import { DEFAULT_RUNTIME_CONFIG, fetchRuntimeConfig } from './runtimeConfig';

export type CapabilityReason =
  | 'lightspeed-plugin-missing'
  | 'disabled-by-admin'
  | 'ols-not-ready'
  | 'mcp-reachable'
  | 'mcp-not-registered'
  | 'mcp-probe-failed'
  | 'demoted';

export interface CapabilityState {
  capability: AICapability;
  reason: CapabilityReason;
  /** Human-readable diagnostics (readiness reason, probe error); for logs and "more info". */
  detail?: string;
  config: PluginRuntimeConfig;
  /** The probe round failed transiently (OLS not ready, probe error): detect again later. */
  failed: boolean;
}

/** Cheap, read-only: one VM at most. Any answer from the tool proves the server is registered. */
export const PROBE_TOOL = CNV_MCP_TOOLS.search;
export const PROBE_ARGS = { limit: 1 } as const;

/**
 * One probe round: runtime config → OLS readiness → MCP probe. Makes no request at all when the
 * Lightspeed plugin is absent, and no OLS request when the admin switched AI off.
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
      failed: false,
    };
  }
  const config = await fetchRuntimeConfig(signal);
  if (!config.ai.enabled) {
    return { capability: 'off', reason: 'disabled-by-admin', config, failed: false };
  }
  const readiness = await checkOlsReadiness({ signal });
  if (!readiness.ready) {
    return {
      capability: 'off',
      reason: 'ols-not-ready',
      detail: readiness.reason,
      config,
      failed: true,
    };
  }
  try {
    await callMcpTool({
      serverName: config.ai.mcpServerName,
      toolName: PROBE_TOOL,
      args: { ...PROBE_ARGS },
      signal,
    });
    return { capability: 'mcp', reason: 'mcp-reachable', config, failed: false };
  } catch (error) {
    if (error instanceof OlsError && error.kind === 'mcp-unavailable') {
      return {
        capability: 'static',
        reason: 'mcp-not-registered',
        detail: error.detail,
        config,
        failed: false,
      };
    }
    // OLS answers but the probe did not: static prompts still work; try tools again later.
    return {
      capability: 'static',
      reason: 'mcp-probe-failed',
      detail: error instanceof OlsError ? `${error.kind}: ${error.detail ?? ''}` : String(error),
      config,
      failed: true,
    };
  }
};
