import { useEffect, useState } from 'react';
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import { RUNTIME_CONFIG_URL } from '../../lightspeed/capabilities/runtimeConfig';

/**
 * The admin's switch for confirmed fixes: `fixes.enabled` in the chart's plugin-config.json.
 * Fixes do not need Lightspeed, so this reads the file itself instead of the AI capability.
 * On by default: a missing or unreadable file, or no `fixes` key, leaves them on (RBAC still
 * decides per user). `undefined` while the file is read.
 */
export const parseFixesEnabled = (raw: unknown): boolean => {
  const fixes = (raw as { fixes?: { enabled?: unknown } } | null)?.fixes;
  return typeof fixes?.enabled === 'boolean' ? fixes.enabled : true;
};

let cached: Promise<boolean> | undefined;

export const fetchFixesEnabled = (): Promise<boolean> => {
  cached ??= (async () => {
    try {
      const response = await consoleFetch(RUNTIME_CONFIG_URL, { method: 'GET' }, 10_000);
      if (!response?.ok) return true;
      return parseFixesEnabled(JSON.parse(await response.text()));
    } catch {
      return true;
    }
  })();
  return cached;
};

/** For tests: forget the file read by an earlier render. */
export const resetFixesEnabledCache = (): void => {
  cached = undefined;
};

export const useFixesEnabled = (): boolean | undefined => {
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void fetchFixesEnabled().then((value) => live && setEnabled(value));
    return () => {
      live = false;
    };
  }, []);
  return enabled;
};
