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
  fetchRuntimeConfig,
  parseRuntimeConfig,
  DEFAULT_RUNTIME_CONFIG,
  RUNTIME_CONFIG_URL,
} from './runtimeConfig';
