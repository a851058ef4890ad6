export {
  useAICapability,
  LIGHTSPEED_PLUGIN_FLAG,
  type AICapabilityResult,
} from './useAICapability';
export {
  detectCapability,
  PROBE_TOOL,
  PROBE_ARGS,
  type CapabilityReason,
  type CapabilityState,
} from './detectCapability';
export {
  ensureCapability,
  demoteCapability,
  recheckCapability,
  resetCapabilityCache,
  RECHECK_AFTER_FAILURE_MS,
} from './capabilityStore';
export {
  detectPeerTools,
  parseOpenshiftMcpConfig,
  DEFAULT_OPENSHIFT_MCP_SERVER_NAME,
  OPENSHIFT_MCP_TOOLS,
  PEER_PROBE_ARGS,
  type OpenshiftMcpRuntimeConfig,
  type PeerTools,
} from './peerTools';
export {
  fetchRuntimeConfig,
  parseRuntimeConfig,
  DEFAULT_RUNTIME_CONFIG,
  RUNTIME_CONFIG_URL,
  type RuntimeConfig,
} from './runtimeConfig';
