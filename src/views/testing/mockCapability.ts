import type { CapabilityReason } from '../../lightspeed/capabilities/detectCapability';
import type { AICapability } from '../../lightspeed/types';

/** A useAICapability() result for tests (the module is mocked with jest.mock in each spec). */
export const capabilityResult = (capability: AICapability, reason?: CapabilityReason) => ({
  capability,
  loading: false,
  settled: true,
  reason,
  config: {
    ai: { enabled: capability !== 'off', mcpServerName: 'cnv-mcp-server' },
    limits: { maxQueryChars: 32000, maxAttachmentChars: 100000, requestTimeoutMs: 60000 },
  },
  features: { toolCallRoute: capability === 'mcp', modeField: true },
  demote: jest.fn(),
  recheck: jest.fn(),
});
