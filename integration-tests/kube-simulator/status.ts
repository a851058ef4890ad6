/**
 * metav1.Status failures with the messages and reasons the real API server uses, so clients that
 * parse them (kubectl, @kubernetes/client-node callers, our MCP server) see the genuine shapes.
 */
import { qualifiedResource, type ResourceType } from './resources';

export type StatusReason =
  | 'NotFound'
  | 'NotAcceptable'
  | 'Forbidden'
  | 'Unauthorized'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'Conflict'
  | 'AlreadyExists'
  | 'UnsupportedMediaType'
  | 'Timeout'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge'
  | 'InternalError'
  | 'ServiceUnavailable';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
  causes?: { reason?: string; message: string; field?: string }[];
}

/** A success Status (what openshift-apiserver answers to `GET projectrequests`). */
export const successStatus = () => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
});

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A failure to send back as a Status body; thrown inside the request pipeline. */
export class StatusError extends Error {
  constructor(
    readonly status: Status,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
}

export const makeStatus = (
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

const resourceDetails = (type: ResourceType, name?: string): StatusDetails => ({
  ...(name ? { name } : {}),
  ...(type.group ? { group: type.group } : {}),
  kind: type.resource,
});

export const notFound = (type: ResourceType, name: string): StatusError =>
  new StatusError(
    makeStatus(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      resourceDetails(type, name),
    ),
  );

export const unknownPath = (): StatusError =>
  new StatusError(
    makeStatus(404, 'NotFound', 'the server could not find the requested resource', {}),
  );

export const forbidden = (
  user: string,
  verb: string,
  type: ResourceType,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): StatusError => {
  const subject = name ? `${qualifiedResource(type)} "${name}"` : qualifiedResource(type);
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const resource = subresource ? `${type.resource}/${subresource}` : type.resource;
  return new StatusError(
    makeStatus(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`,
      resourceDetails(type, name),
    ),
  );
};

export const unauthorized = (): StatusError =>
  new StatusError(makeStatus(401, 'Unauthorized', 'Unauthorized'));

export const badRequest = (message: string): StatusError =>
  new StatusError(makeStatus(400, 'BadRequest', message));

export const methodNotAllowed = (): StatusError =>
  new StatusError(
    makeStatus(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    ),
  );

/** A write RBAC would allow: refused because the simulator never changes its store over HTTP. */
export const readOnly = (verb: string, type: ResourceType, name?: string): StatusError =>
  new StatusError(
    makeStatus(
      405,
      'MethodNotAllowed',
      `the Kubernetes API simulator is read-only: ${verb} on ${qualifiedResource(type)} is not served`,
      resourceDetails(type, name),
    ),
  );

export const invalid = (kind: string, group: string, name: string, field: string, detail: string) =>
  new StatusError(
    makeStatus(422, 'Invalid', `${kind}.${group} "${name}" is invalid: ${field}: ${detail}`, {
      name,
      group,
      kind,
      causes: [{ reason: 'FieldValueInvalid', message: detail, field }],
    }),
  );

/** The watch cache's answer to a resourceVersion older than its history (HTTP 410). */
export const expired = (requested: number, oldest: number) =>
  makeStatus(410, 'Expired', `too old resource version: ${requested} (${oldest})`);

/** The watch cache's answer to a resourceVersion it has not reached yet. */
export const tooLargeResourceVersion = (requested: number, current: number) =>
  makeStatus(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );

/** The Status an injected fault answers with, worded like the real server's. */
export const faultStatus = (
  code: number,
  retryAfterSeconds: number | undefined,
  message: string | undefined,
): Status => {
  const retry = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
  switch (code) {
    case 429:
      return makeStatus(
        429,
        'TooManyRequests',
        message ?? 'Too many requests, please try again later.',
        retry,
      );
    case 503:
      return makeStatus(
        503,
        'ServiceUnavailable',
        message ?? 'the server is currently unable to handle the request',
        retry,
      );
    case 404:
      return makeStatus(
        404,
        'NotFound',
        message ?? 'the server could not find the requested resource',
        {},
      );
    case 403:
      return makeStatus(403, 'Forbidden', message ?? 'forbidden: injected fault', {});
    case 401:
      return makeStatus(401, 'Unauthorized', message ?? 'Unauthorized');
    case 400:
      return makeStatus(
        400,
        'BadRequest',
        message ?? 'the server rejected our request for an unknown reason',
      );
    default: {
      const cause = message ?? 'injected fault';
      return makeStatus(code, 'InternalError', `Internal error occurred: ${cause}`, {
        causes: [{ message: cause }],
      });
    }
  }
};

/** A stale resourceVersion on update/patch (apiserver's optimistic concurrency). */
export const conflict = (type: ResourceType, name: string): StatusError =>
  new StatusError(
    makeStatus(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      resourceDetails(type, name),
    ),
  );

/** A create of a name that exists. */
export const alreadyExists = (type: ResourceType, name: string): StatusError =>
  new StatusError(
    makeStatus(
      409,
      'AlreadyExists',
      `${qualifiedResource(type)} "${name}" already exists`,
      resourceDetails(type, name),
    ),
  );

/** virt-api's answer to a lifecycle request the VM's state refuses ("VMI is not paused"). */
export const stateConflict = (message: string): StatusError =>
  new StatusError(makeStatus(409, 'Conflict', message));

/** A JSON patch that does not apply (a failed `test`, a missing path): nothing is written. */
export const patchFailed = (detail: string): StatusError =>
  new StatusError(
    makeStatus(422, 'Invalid', 'the server rejected our request due to an error in our request', {
      causes: [{ message: detail }],
    }),
  );

export const unsupportedMediaType = (contentType: string): StatusError =>
  new StatusError(
    makeStatus(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
    ),
  );
