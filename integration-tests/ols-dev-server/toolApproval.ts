/**
 * Tool approvals of the OLS dev server, after openshift/lightspeed-service 1.1.3 (commit 47c96d87):
 * - ols/app/models/config.py `ToolsApprovalConfig`: `ols_config.tools_approval.approval_type`
 *   never (default) | always | tool_annotations, `approval_timeout` in seconds (default 600).
 * - ols/src/tools/approval.py: `need_validation` (streaming requests only; `always` → every call;
 *   `tool_annotations` → every call unless the tool's annotations say `readOnlyHint: true`, a real
 *   boolean), `normalize_tool_annotation` (the nested `annotations` dict, else the whole metadata),
 *   the pending store (one entry per approval id, owned by the user who asked; a decision of another
 *   user is "not found"; the entry goes once the waiting tool call wakes up).
 * - ols/src/tools/tools.py `_evaluate_and_emit_approval_event`: `approval_required`
 *   `{approval_id, tool_name, tool_description, tool_args, tool_annotation}` before the call, then a
 *   wait; not approved → an error `tool_result` "Tool 'x' execution was rejected. Do not retry this
 *   exact tool call." (or "... approval timed out. ...") and the tool does not run.
 * - ols/app/endpoints/tool_approvals.py: `POST /v1/tool-approvals/decision`
 *   (`ToolApprovalDecisionRequest`, extra fields forbidden) → 200 `null`, 404 not found, 409 already
 *   resolved, 422 invalid body (auth as every protected route).
 * - Tool metadata as OLS builds it: langchain-mcp-adapters `{annotations, _meta}` plus
 *   `mcp_server` / `mcp_transport` from ols/utils/mcp_utils.py ("tcp" for streamable HTTP).
 * Differences: the timeout is in milliseconds (tests keep it short); the tools of one prompt run one
 * after another, where OLS runs one round's calls concurrently.
 */
import { randomUUID } from 'node:crypto';
import type { OlsVersion } from './olsVersions';
import type { ValidationFailure } from './validateRequest';
import { validateModel } from './validateRequest';

export type ToolsApprovalType = 'never' | 'always' | 'tool_annotations';

export interface ToolsApprovalDevMode {
  /** OLSConfig `ols_config.tools_approval.approval_type`. */
  toolsApproval: ToolsApprovalType;
  /** `tools_approval.approval_timeout` (600 s upstream), in milliseconds. */
  approvalTimeoutMs: number;
}

export const DEFAULT_TOOLS_APPROVAL_MODE: ToolsApprovalDevMode = {
  toolsApproval: 'never',
  approvalTimeoutMs: 600_000,
};

export type ApprovalOutcome = 'approved' | 'rejected' | 'timeout' | 'error';

type Metadata = Record<string, unknown>;

const isRecord = (value: unknown): value is Metadata =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A listed MCP tool (`tools/list` entry) → the StructuredTool metadata OLS keeps for it. */
export const toolMetadata = (
  tool: { annotations?: unknown; _meta?: unknown } | undefined,
  serverName: string,
): Metadata => ({
  ...(isRecord(tool?.annotations) ? { annotations: tool.annotations } : {}),
  ...(tool?._meta ? { _meta: tool._meta } : {}),
  mcp_server: serverName,
  mcp_transport: 'tcp',
});

export const normalizeToolAnnotation = (metadata: Metadata | undefined): Metadata => {
  if (!metadata || Object.keys(metadata).length === 0) return {};
  return isRecord(metadata.annotations) ? metadata.annotations : metadata;
};

export const needsApproval = (
  streaming: boolean,
  approvalType: ToolsApprovalType,
  annotation: Metadata,
): boolean => {
  if (!streaming || (approvalType !== 'always' && approvalType !== 'tool_annotations')) {
    return false;
  }
  if (approvalType === 'always') return true;
  if (Object.keys(annotation).length === 0) return true;
  return annotation.readOnlyHint !== true;
};

export const rejectionContent = (toolName: string, outcome: ApprovalOutcome): string =>
  outcome === 'timeout'
    ? `Tool '${toolName}' approval timed out. Do not retry this exact tool call.`
    : `Tool '${toolName}' execution was rejected. Do not retry this exact tool call.`;

export const validateToolApprovalDecision = (
  body: unknown,
  version: OlsVersion = 'latest',
): ValidationFailure | undefined => {
  const errors = validateModel('ToolApprovalDecisionRequest', body, version);
  return errors.length ? { status: 422, body: { detail: errors } } : undefined;
};

export interface ApprovalGateParams {
  streaming: boolean;
  /** The asking user's uid (OLS: the user id from the token review). */
  owner: string;
  toolName: string;
  description?: string;
  args: Record<string, unknown>;
  metadata: Metadata;
  emit: (event: string, data: unknown) => void;
}

/** What the caller does with the tool call: run it, or answer with a refusal as its result. */
export type GateResult = { run: true } | { run: false; outcome: ApprovalOutcome; content: string };

interface Pending {
  owner: string;
  decision?: boolean;
  settle: (outcome: ApprovalOutcome) => void;
}

export interface ToolApprovals {
  /** Before a tool call: emits `approval_required` and waits when the mode asks for approval. */
  gate(params: ApprovalGateParams): Promise<GateResult>;
  /** `POST /v1/tool-approvals/decision` for a validated body: [status, JSON body]. */
  decide(body: { approval_id: string; approved: boolean }, owner: string): [number, unknown];
  /** Approval ids still waiting (for tests). */
  pendingIds(): string[];
  /** Ends every wait (server stop): the calls are refused like an internal error upstream. */
  dispose(): void;
}

export const createToolApprovals = (mode: () => ToolsApprovalDevMode): ToolApprovals => {
  const pending = new Map<string, Pending>();

  const wait = (approvalId: string, owner: string): Promise<ApprovalOutcome> =>
    new Promise<ApprovalOutcome>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), mode().approvalTimeoutMs);
      timer.unref?.();
      pending.set(approvalId, {
        owner,
        settle: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      });
    }).finally(() => {
      // As get_approval_decision's `finally`: the entry goes once the waiter has woken up.
      pending.delete(approvalId);
    });

  return {
    async gate({ streaming, owner, toolName, description, args, metadata, emit }) {
      const annotation = normalizeToolAnnotation(metadata);
      if (!needsApproval(streaming, mode().toolsApproval, annotation)) return { run: true };
      const approvalId = randomUUID();
      const outcome = wait(approvalId, owner);
      emit('approval_required', {
        approval_id: approvalId,
        tool_name: toolName,
        tool_description: description ?? '',
        tool_args: args,
        tool_annotation: annotation,
      });
      const result = await outcome;
      return result === 'approved'
        ? { run: true }
        : { run: false, outcome: result, content: rejectionContent(toolName, result) };
    },

    decide({ approval_id: approvalId, approved }, owner) {
      const entry = pending.get(approvalId);
      if (!entry || entry.owner !== owner) {
        return [
          404,
          {
            detail: {
              response: 'Approval request not found',
              cause: `No pending approval for approval_id ${approvalId}`,
            },
          },
        ];
      }
      if (entry.decision !== undefined) {
        return [
          409,
          {
            detail: {
              response: 'Approval request already resolved',
              cause: `Approval ${approvalId} was already resolved`,
            },
          },
        ];
      }
      entry.decision = approved;
      entry.settle(approved ? 'approved' : 'rejected');
      return [200, null];
    },

    pendingIds: () => [...pending.keys()],

    dispose() {
      for (const entry of pending.values()) entry.settle('error');
    },
  };
};
