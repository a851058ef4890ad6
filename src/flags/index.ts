import type { SetFeatureFlag } from '@openshift-console/dynamic-plugin-sdk';
import { useEffect } from 'react';
import { useAICapability } from '../lightspeed/capabilities/useAICapability';

/** On when OpenShift Lightspeed can answer for this user (capability `mcp` or `static`). */
export const LIGHTSPEED_MCP_ENABLED = 'LIGHTSPEED_MCP_ENABLED';

/**
 * `console.flag/hookProvider` handler: mounted once by the console, it runs the session's capability
 * detection and mirrors the outcome into LIGHTSPEED_MCP_ENABLED (off while detection is pending).
 */
export const useLightspeedMcpFlag = (setFlag: SetFeatureFlag): void => {
  const { capability } = useAICapability();
  const enabled = capability !== 'off';
  useEffect(() => {
    setFlag(LIGHTSPEED_MCP_ENABLED, enabled);
  }, [setFlag, enabled]);
};
