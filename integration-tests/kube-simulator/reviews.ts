/**
 * SelfSubjectAccessReview and SelfSubjectReview, answered the way kube-apiserver's registries do
 * (kubernetes release-1.33 pkg/registry/authorization/selfsubjectaccessreview/rest.go,
 * pkg/registry/authentication/selfsubjectreview/rest.go; validation from
 * pkg/apis/authorization/validation/validation.go): the request echoed with a `status`, 201
 * Created. The decision is `decide` from auth.ts — the same function every read goes through.
 * Bodies without apiVersion/kind are accepted, as the console's bridge sends them
 * (openshift/console release-4.22 pkg/graphql/resolver/k8s.go).
 */
import { decide, decideNonResource, userInfoOf, type TokenGrant } from './auth';
import type { ObjectStore } from './store';
import { decodeEnvelope, decodeSelfSubjectAccessReview, PROTOBUF_MEDIA_TYPE } from './protobuf';
import { badRequest, invalid } from './status';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parse a JSON request body; 400 like the real decoder when it is not an object. */
export const parseBody = (raw: string, expectedKind: string, apiVersion: string): Json => {
  let body: unknown;
  try {
    body = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
  if (!isObject(body)) throw badRequest('the body of the request was in an unknown format');
  if (body.kind !== undefined && body.kind !== expectedKind) {
    throw badRequest(
      `the body of the request was of kind ${str(body.kind)}, expected ${expectedKind}`,
    );
  }
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${str(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  }
  return body;
};

/**
 * A review body in the request's media type: JSON, or the protobuf envelope client-go sends by
 * default for reviews (kubernetes-mcp-server's access checks before all-namespace lists).
 */
export const parseReviewBody = (
  raw: Buffer,
  contentType: string | undefined,
  expectedKind: string,
  apiVersion: string,
): Json => {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== PROTOBUF_MEDIA_TYPE)
    return parseBody(raw.toString('utf8'), expectedKind, apiVersion);
  let body: Json;
  try {
    body =
      expectedKind === 'SelfSubjectAccessReview'
        ? decodeSelfSubjectAccessReview(raw)
        : { ...decodeEnvelope(raw), raw: undefined, spec: {} };
  } catch (error) {
    throw badRequest(
      `the body of the request was in an unknown format: ${(error as Error).message}`,
    );
  }
  delete body.raw;
  if (body.kind !== undefined && body.kind !== expectedKind) {
    throw badRequest(
      `the body of the request was of kind ${str(body.kind)}, expected ${expectedKind}`,
    );
  }
  return body;
};

export const selfSubjectAccessReview = (store: ObjectStore, grant: TokenGrant, body: Json) => {
  const spec = isObject(body.spec) ? body.spec : {};
  const resourceAttributes = isObject(spec.resourceAttributes)
    ? spec.resourceAttributes
    : undefined;
  const nonResourceAttributes = isObject(spec.nonResourceAttributes)
    ? spec.nonResourceAttributes
    : undefined;
  if (resourceAttributes && nonResourceAttributes) {
    throw invalid(
      'SelfSubjectAccessReview',
      'authorization.k8s.io',
      '',
      'spec.nonResourceAttributes',
      'Invalid value: "object": cannot be specified in combination with resourceAttributes',
    );
  }
  let decision;
  if (resourceAttributes) {
    const group = str(resourceAttributes.group);
    const resource = str(resourceAttributes.resource);
    const type = store.registry.all().find((t) => t.group === group && t.resource === resource);
    decision = decide(
      grant,
      {
        verb: str(resourceAttributes.verb),
        group,
        resource,
        subresource: str(resourceAttributes.subresource) || undefined,
        namespace: str(resourceAttributes.namespace) || undefined,
        name: str(resourceAttributes.name) || undefined,
      },
      type,
    );
  } else if (nonResourceAttributes) {
    decision = decideNonResource(
      grant,
      str(nonResourceAttributes.verb),
      str(nonResourceAttributes.path),
    );
  } else {
    throw invalid(
      'SelfSubjectAccessReview',
      'authorization.k8s.io',
      '',
      'spec.resourceAttributes',
      'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: {
      allowed: decision.allowed,
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
  };
};

export const selfSubjectReview = (grant: TokenGrant) => ({
  kind: 'SelfSubjectReview',
  apiVersion: 'authentication.k8s.io/v1',
  metadata: { creationTimestamp: null },
  status: { userInfo: userInfoOf(grant) },
});
