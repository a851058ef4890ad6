/**
 * OLS tool approvals, after openshift/lightspeed-service (main, Aug 2026; OpenAPI 1.1.3):
 * - ols/src/tools/tools.py `_evaluate_and_emit_approval_event`: with `ols_config.tools_approval`
 *   `approval_type: always | tool_annotations`, a streamed tool call first yields an `approval_required`
 *   event `{approval_id, tool_name, tool_description, tool_args, tool_annotation}` and OLS waits up to
 *   `approval_timeout` (default 600 s) for the decision; a denial or a timeout becomes an error
 *   `tool_result` of that call.
 * - ols/app/endpoints/tool_approvals.py: `POST /v1/tool-approvals/decision` with
 *   `ToolApprovalDecisionRequest {approval_id, approved}` (extra fields forbidden) answers 200 (body
 *   `null`), 404 when no pending approval has that id for this user (unknown, timed out, already
 *   consumed), 409 when it was already decided, 422 for an invalid body.
 * OLS gives no tool call id in the event; like lightspeed-console (src/components/Prompt.tsx) we pair
 * an approval with its `tool_call` by tool name and arguments.
 */
import type { OLSQueryResult } from '../types';
import { DEFAULT_TOOL_CALL_TIMEOUT_MS, OLS_ENDPOINTS } from './constants';
import { OlsError } from './errors';
import { createCallGuard, postJson } from './http';

/** One tool call OLS holds until the user decides (from an `approval_required` event). */
export interface ToolApprovalRequest {
  approvalId: string;
  toolName: string;
  description?: string;
  args: Record<string, unknown>;
  /** From the paired `tool_call` (`server_name`), else from the tool's metadata (`mcp_server`). */
  serverName?: string;
  /** Id of the paired `tool_call`; its `tool_result` ends the wait. */
  toolCallId?: string;
  /** The tool's MCP annotations as OLS sent them (`readOnlyHint`, `destructiveHint`, ...). */
  annotations: Record<string, unknown>;
}

/** `ToolApprovalDecisionRequest` of the OLS OpenAPI document. */
export interface ToolApprovalDecisionBody {
  approval_id: string;
  approved: boolean;
}

export const buildToolApprovalDecisionBody = (
  approvalId: string,
  approved: boolean,
): ToolApprovalDecisionBody => ({ approval_id: approvalId, approved });

/**
 * Why a decision did not reach OLS: `expired` (404 with OLS's "Approval request not found": timed
 * out, unknown or another user's), `already-decided` (409), `unsupported` (404/405 without that body:
 * an OLS or proxy without the route), `failed` (anything else; the approval may still be waiting).
 */
export type ToolApprovalFailure = 'expired' | 'already-decided' | 'unsupported' | 'failed';

export class ToolApprovalError extends Error {
  readonly reason: ToolApprovalFailure;
  readonly olsError: OlsError;

  constructor(reason: ToolApprovalFailure, olsError: OlsError) {
    super(`${reason}: ${olsError.message}`);
    this.name = 'ToolApprovalError';
    this.reason = reason;
    this.olsError = olsError;
  }
}

const NOT_FOUND_RESPONSE = 'Approval request not found';

const classify = (error: OlsError): ToolApprovalFailure => {
  if (error.status === 409) return 'already-decided';
  if (error.status === 404 && error.detail === NOT_FOUND_RESPONSE) return 'expired';
  if (error.status === 404 || error.status === 405) return 'unsupported';
  return 'failed';
};

type DecisionListener = (approvalId: string, approved: boolean) => void;
const listeners = new Set<DecisionListener>();

/** Called after every decision OLS accepted; returns the unsubscribe function. */
export const onToolApprovalDecision = (listener: DecisionListener): (() => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export interface SubmitToolApprovalParams {
  approvalId: string;
  approved: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Sends the user's decision; resolves once OLS applied it, rejects only with ToolApprovalError. */
export const submitToolApprovalDecision = async ({
  approvalId,
  approved,
  signal,
  timeoutMs = DEFAULT_TOOL_CALL_TIMEOUT_MS,
}: SubmitToolApprovalParams): Promise<void> => {
  const guard = createCallGuard(signal, timeoutMs);
  try {
    await postJson(
      OLS_ENDPOINTS.toolApprovalDecision,
      buildToolApprovalDecisionBody(approvalId, approved),
      guard,
    );
  } catch (error) {
    const olsError =
      guard.stopReason() ??
      (error instanceof OlsError
        ? error
        : new OlsError('malformed', { detail: error instanceof Error ? error.message : '' }));
    throw new ToolApprovalError(classify(olsError), olsError);
  } finally {
    guard.dispose();
  }
  listeners.forEach((listener) => listener(approvalId, approved));
};

/** The part of a CallGuard the approval watch drives. */
export interface PausableTimer {
  touch(): void;
  pause(): void;
}

export interface ToolApprovalWatch {
  /** Call after each chunk's events were folded into `result` (the chunk already touched the timer). */
  update(result: OLSQueryResult): void;
  dispose(): void;
}

/**
 * Keeps a streaming call's inactivity timer off while OLS waits for the user: paused as long as an
 * approval of this answer is undecided, restarted by the last decision (or by the next chunk).
 */
export const watchToolApprovals = (timer: PausableTimer): ToolApprovalWatch => {
  let waiting: string[] = [];
  const decided = new Set<string>();
  const awaitsUser = () => waiting.some((id) => !decided.has(id));
  const unsubscribe = onToolApprovalDecision((approvalId) => {
    if (!waiting.includes(approvalId)) return;
    decided.add(approvalId);
    if (!awaitsUser()) timer.touch();
  });
  return {
    update(result) {
      waiting = (result.pendingApprovals ?? []).map((approval) => approval.approvalId);
      if (awaitsUser()) timer.pause();
    },
    dispose: unsubscribe,
  };
};
