import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import { DEFAULT_MCP_SERVER_NAME } from '../../kubevirt/mcpTools';
import { DEFAULT_QUERY_TIMEOUT_MS, OLS_LIMITS } from '../client/constants';
import type { PluginRuntimeConfig } from '../types';
import { parseOpenshiftMcpConfig, type OpenshiftMcpRuntimeConfig } from './peerTools';

/** The runtime config with the optional openshift-mcp-server registration (`ai.openshiftMcpServer`). */
export type RuntimeConfig = PluginRuntimeConfig & { openshiftMcp?: OpenshiftMcpRuntimeConfig };

/** Served by the plugin's own nginx from Helm values (charts/kubevirt-lightspeed-plugin). */
export const RUNTIME_CONFIG_URL = '/api/plugins/kubevirt-lightspeed-plugin/plugin-config.json';

export const DEFAULT_RUNTIME_CONFIG: PluginRuntimeConfig = {
  ai: { enabled: true, mcpServerName: DEFAULT_MCP_SERVER_NAME, anonymizeNames: false },
  limits: {
    maxQueryChars: OLS_LIMITS.maxQueryChars,
    maxAttachmentChars: OLS_LIMITS.maxAttachmentChars,
    requestTimeoutMs: DEFAULT_QUERY_TIMEOUT_MS,
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positive = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;

/** Takes each known field from the file when it has the right type; anything else keeps its default. */
export const parseRuntimeConfig = (raw: unknown): RuntimeConfig => {
  const ai = isRecord(raw) && isRecord(raw.ai) ? raw.ai : {};
  const limits = isRecord(raw) && isRecord(raw.limits) ? raw.limits : {};
  const defaults = DEFAULT_RUNTIME_CONFIG;
  const openshiftMcp = parseOpenshiftMcpConfig(ai.openshiftMcpServer);
  return {
    ...(openshiftMcp ? { openshiftMcp } : {}),
    ai: {
      enabled: typeof ai.enabled === 'boolean' ? ai.enabled : defaults.ai.enabled,
      mcpServerName:
        typeof ai.mcpServerName === 'string' && ai.mcpServerName.trim()
          ? ai.mcpServerName.trim()
          : defaults.ai.mcpServerName,
      anonymizeNames: ai.anonymizeNames === true,
    },
    limits: {
      maxQueryChars: positive(limits.maxQueryChars, defaults.limits.maxQueryChars),
      maxAttachmentChars: positive(limits.maxAttachmentChars, defaults.limits.maxAttachmentChars),
      requestTimeoutMs: positive(limits.requestTimeoutMs, defaults.limits.requestTimeoutMs),
    },
  };
};

/**
 * The admin's runtime config. A missing file (404, chart without it, dev server) or an unreadable
 * one means defaults: AI enabled, server name `cnv-mcp-server`.
 */
export const fetchRuntimeConfig = async (signal?: AbortSignal): Promise<RuntimeConfig> => {
  try {
    const response = await consoleFetch(RUNTIME_CONFIG_URL, { method: 'GET', signal }, 10_000);
    if (!response.ok) return DEFAULT_RUNTIME_CONFIG;
    return parseRuntimeConfig(JSON.parse(await response.text()));
  } catch {
    return DEFAULT_RUNTIME_CONFIG;
  }
};
