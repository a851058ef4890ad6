/**
 * The console calls a confirmed fix makes, all with the user's own session through the SDK:
 * the access review (checkAccess), the write itself (consoleFetchJSON against the console's
 * Kubernetes proxy, one call with an explicit timeout for every verb, so a slow API server ends in
 * a clear "result unknown" instead of a hang), the Event, and who the user is (SelfSubjectReview).
 * An interface so the modal's tests drive it without a cluster.
 */
import { checkAccess, consoleFetchJSON, type K8sVerb } from '@openshift-console/dynamic-plugin-sdk';
import type { AccessAttributes, FixRequest } from '../../kubevirt/fixes';

export const KUBE_PROXY = '/api/kubernetes';
export const WRITE_TIMEOUT_MS = 20_000;

export interface AccessAnswer {
  allowed: boolean;
  /** The authorizer's words, when it gave any. */
  reason?: string;
}

export interface FixClient {
  checkAccess: (attributes: AccessAttributes) => Promise<AccessAnswer>;
  send: (request: FixRequest) => Promise<unknown>;
  recordEvent: (event: Record<string, unknown>) => Promise<unknown>;
  whoAmI: () => Promise<string | undefined>;
}

const JSON_PATCH = { headers: { 'Content-Type': 'application/json-patch+json' } };

export const sdkFixClient: FixClient = {
  checkAccess: async (attributes) => {
    const review = (await checkAccess({ ...attributes, verb: attributes.verb as K8sVerb })) as {
      status?: { allowed?: boolean; reason?: string; evaluationError?: string };
    };
    return {
      allowed: review?.status?.allowed === true,
      reason: review?.status?.reason || review?.status?.evaluationError || undefined,
    };
  },
  send: (request) => {
    const url = `${KUBE_PROXY}${request.path}`;
    switch (request.method) {
      case 'PATCH':
        return consoleFetchJSON.patch(url, request.patch, JSON_PATCH, WRITE_TIMEOUT_MS);
      case 'PUT':
        return consoleFetchJSON.put(url, request.body ?? {}, undefined, WRITE_TIMEOUT_MS);
      case 'POST':
        return consoleFetchJSON.post(url, request.body, undefined, WRITE_TIMEOUT_MS);
      case 'DELETE':
        return consoleFetchJSON.delete(url, undefined, undefined, WRITE_TIMEOUT_MS);
    }
  },
  recordEvent: (event) => {
    const ns = (event.metadata as { namespace: string }).namespace;
    return consoleFetchJSON.post(
      `${KUBE_PROXY}/api/v1/namespaces/${ns}/events`,
      event,
      undefined,
      WRITE_TIMEOUT_MS,
    );
  },
  whoAmI: async () => {
    try {
      const review = (await consoleFetchJSON.post(
        `${KUBE_PROXY}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
        { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      )) as { status?: { userInfo?: { username?: string } } };
      return review?.status?.userInfo?.username || undefined;
    } catch {
      return undefined;
    }
  },
};
