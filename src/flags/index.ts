import { useFlag, type SetFeatureFlag } from '@openshift-console/dynamic-plugin-sdk';
import { useEffect } from 'react';
import { LIGHTSPEED_PLUGIN_FLAG } from '../lightspeed/capabilities/pluginFlag';

/** On when OpenShift Lightspeed can answer for this user (capability `mcp` or `static`). */
export const LIGHTSPEED_MCP_ENABLED = 'LIGHTSPEED_MCP_ENABLED';

/**
 * `console.flag/hookProvider` handler: mounted once by the console, it runs the session's capability
 * detection and mirrors the outcome into LIGHTSPEED_MCP_ENABLED (off while detection is pending).
 * The console loads this module at start-up for every user, so detection itself (OLS client,
 * capability store) is imported only when lightspeed-console is there.
 */
export const useLightspeedMcpFlag = (setFlag: SetFeatureFlag): void => {
  const pluginPresent = Boolean(useFlag(LIGHTSPEED_PLUGIN_FLAG));
  useEffect(() => {
    setFlag(LIGHTSPEED_MCP_ENABLED, false);
    if (!pluginPresent) return undefined;
    let stopped = false;
    let stop: (() => void) | undefined;
    void import('../lightspeed/capabilities/watchCapability').then(({ watchCapability }) => {
      if (!stopped) {
        stop = watchCapability((capability) =>
          setFlag(LIGHTSPEED_MCP_ENABLED, capability !== 'off'),
        );
      }
    });
    return () => {
      stopped = true;
      stop?.();
    };
  }, [pluginPresent, setFlag]);
};
