import { useMemo } from 'react';

/**
 * The console's `useDeepCompareMemoize(value, true)`: the same object for as long as its JSON is
 * unchanged (openshift/console release-4.22
 * `frontend/packages/console-dynamic-plugin-sdk/src/utils/k8s/hooks/useDeepCompareMemoize.ts`).
 */
export const useStringifyMemo = <T>(value: T): T => {
  const key = JSON.stringify(value) ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => value, [key]);
};
