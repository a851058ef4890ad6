/**
 * A confirmed fix: one Kubernetes API request the console sends with the user's own token after the
 * user has seen it. Pure data (no React, no SDK): the UI shows it and executes it as is.
 */

export type FixAction =
  'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'migrate' | 'cancel-migration';

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** What a SelfSubjectAccessReview asks before the request is offered. */
export interface AccessAttributes {
  group: string;
  resource: string;
  subresource?: string;
  verb: string;
  namespace: string;
  name?: string;
}

export interface FixRequest {
  method: 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** Kubernetes API path (no console proxy prefix). */
  path: string;
  /** JSON body for PUT/POST (a subresource's options, a new object). */
  body?: Record<string, unknown>;
  /** RFC 6902 patch for PATCH; starts with a `test` of resourceVersion so a changed VM is refused. */
  patch?: JsonPatchOp[];
  access: AccessAttributes;
}

export interface FixOperation {
  action: FixAction;
  vm: { name: string; namespace: string; uid?: string };
  /** Rule whose suggestion this fix executes (recorded in the Event). */
  ruleId: string;
  /** The suggestion's stable id when the diagnosis gives one, else its title. */
  suggestionId: string;
  suggestionTitle: string;
  request: FixRequest;
  /** The action that undoes this one, when there is one (restart and cancel have none). */
  inverse?: FixAction;
}

/** Where the UI sends a request: SDK calls keyed on the object it touches. */
export const VM_API = '/apis/kubevirt.io/v1';
export const SUBRESOURCE_API = '/apis/subresources.kubevirt.io/v1';
