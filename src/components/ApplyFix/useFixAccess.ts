import { useEffect, useState } from 'react';
import type { FixOperation } from '../../kubevirt/fixes';
import type { FixClient } from './fixClient';

export type FixAccess =
  | { state: 'checking' }
  | { state: 'allowed' }
  | { state: 'denied'; reason?: string }
  | { state: 'unknown'; error: string };

/** The SelfSubjectAccessReview of the fix's request, asked once per distinct request. */
export const useFixAccess = (client: FixClient, op: FixOperation | undefined): FixAccess => {
  // Keyed by the attributes asked, so a changed request reads "checking" until its answer.
  const [answer, setAnswer] = useState<{ key: string; access: FixAccess }>();
  const key = op ? JSON.stringify(op.request.access) : '';
  useEffect(() => {
    if (!op) return undefined;
    let live = true;
    client
      .checkAccess(op.request.access)
      .then((a) => {
        if (!live) return;
        setAnswer({
          key,
          access: a.allowed ? { state: 'allowed' } : { state: 'denied', reason: a.reason },
        });
      })
      .catch((error: unknown) => {
        if (live) {
          setAnswer({
            key,
            access: { state: 'unknown', error: (error as Error)?.message ?? String(error) },
          });
        }
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  return answer?.key === key ? answer.access : { state: 'checking' };
};
