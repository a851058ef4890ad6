// Scaffold placeholder: replaced by capability detection (src/lightspeed/capabilities) in issue #2.
import type { SetFeatureFlag } from '@openshift-console/dynamic-plugin-sdk';

export const LIGHTSPEED_MCP_ENABLED = 'LIGHTSPEED_MCP_ENABLED';

export const useLightspeedMcpFlag = (setFlag: SetFeatureFlag): void => {
  setFlag(LIGHTSPEED_MCP_ENABLED, false);
};
