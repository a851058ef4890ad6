/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import Ajv2020 from 'ajv/dist/2020';
import { consoleFetch, HttpError } from '@openshift-console/dynamic-plugin-sdk';
import openapi from '../__fixtures__/ols-openapi.json';
import { jsonResponse } from '../testing/olsResponses';
import type { OLSQueryResult } from '../types';
import { emptyQueryResult } from './resultReducer';
import {
  buildToolApprovalDecisionBody,
  onToolApprovalDecision,
  submitToolApprovalDecision,
  ToolApprovalError,
  watchToolApprovals,
  type ToolApprovalRequest,
} from './toolApproval';

const fetchMock = jest.mocked(consoleFetch);
const APPROVAL_ID = 'a89a5d3f-4bda-4eab-9f90-61d8e7b06dd2';

/** The ToolApprovalDecisionRequest schema of lightspeed-service's own OpenAPI document. */
const validateDecision = (() => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(openapi, 'ols-openapi.json');
  const validate = ajv.getSchema(
    'ols-openapi.json#/components/schemas/ToolApprovalDecisionRequest',
  );
  if (!validate) throw new Error('schema ToolApprovalDecisionRequest not found');
  return validate;
})();

const decisionError = async (): Promise<ToolApprovalError> => {
  try {
    await submitToolApprovalDecision({ approvalId: APPROVAL_ID, approved: true });
  } catch (error) {
    expect(error).toBeInstanceOf(ToolApprovalError);
    return error as ToolApprovalError;
  }
  throw new Error('expected submitToolApprovalDecision to reject');
};

beforeEach(() => fetchMock.mockReset());

describe('buildToolApprovalDecisionBody', () => {
  it.each([true, false])('builds a body OLS accepts (approved %s)', (approved) => {
    const body = buildToolApprovalDecisionBody(APPROVAL_ID, approved);
    expect(validateDecision(body)).toBe(true);
    expect(validateDecision.errors ?? []).toEqual([]);
    expect(body).toEqual({ approval_id: APPROVAL_ID, approved });
  });

  it('is checked by a schema that rejects what OLS rejects', () => {
    expect(validateDecision({ approval_id: APPROVAL_ID, approved: true, reason: 'x' })).toBe(false);
    expect(validateDecision({ approval_id: APPROVAL_ID })).toBe(false);
  });
});

describe('submitToolApprovalDecision', () => {
  it('POSTs the decision through the console proxy and tells the listeners', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, null));
    const listener = jest.fn();
    const unsubscribe = onToolApprovalDecision(listener);
    await submitToolApprovalDecision({ approvalId: APPROVAL_ID, approved: false });
    unsubscribe();
    expect(fetchMock.mock.calls[0][0]).toBe(
      '/api/proxy/plugin/lightspeed-console-plugin/ols/v1/tool-approvals/decision',
    );
    expect(fetchMock.mock.calls[0][1]?.method).toBe('POST');
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({
      approval_id: APPROVAL_ID,
      approved: false,
    });
    expect(listener).toHaveBeenCalledWith(APPROVAL_ID, false);
  });

  it('reports an unknown or expired approval (404 from OLS) as expired, without telling listeners', async () => {
    const listener = jest.fn();
    const unsubscribe = onToolApprovalDecision(listener);
    fetchMock.mockResolvedValueOnce(
      jsonResponse(404, {
        detail: {
          response: 'Approval request not found',
          cause: `No pending approval for approval_id ${APPROVAL_ID}`,
        },
      }),
    );
    const error = await decisionError();
    unsubscribe();
    expect(error.reason).toBe('expired');
    expect(error.olsError.cause).toContain(APPROVAL_ID);
    expect(listener).not.toHaveBeenCalled();
  });

  it('reads the same 404 from the console HttpError', async () => {
    fetchMock.mockRejectedValueOnce(
      new HttpError('Not Found', 404, undefined, {
        detail: { response: 'Approval request not found', cause: 'No pending approval' },
      }),
    );
    expect((await decisionError()).reason).toBe('expired');
  });

  it.each([
    [409, 'already-decided', { detail: { response: 'Approval request already resolved' } }],
    [404, 'unsupported', { detail: 'Not Found' }],
    [405, 'unsupported', { detail: 'Method Not Allowed' }],
    [403, 'failed', { detail: 'Forbidden: User does not have access' }],
    [500, 'failed', { detail: { response: 'Internal server error', cause: 'x' } }],
  ])('maps HTTP %s to %s', async (status, reason, body) => {
    fetchMock.mockResolvedValueOnce(jsonResponse(status, body));
    expect((await decisionError()).reason).toBe(reason);
  });

  it('maps a network failure to failed (the approval may still wait)', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const error = await decisionError();
    expect(error.reason).toBe('failed');
    expect(error.olsError.kind).toBe('network');
  });
});

describe('watchToolApprovals', () => {
  const approval = (approvalId: string): ToolApprovalRequest => ({
    approvalId,
    toolName: 'stop_vm',
    args: {},
    annotations: {},
  });
  const withPending = (...ids: string[]): OLSQueryResult => ({
    ...emptyQueryResult(),
    pendingApprovals: ids.map(approval),
  });
  const decide = async (approvalId: string) => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, null));
    await submitToolApprovalDecision({ approvalId, approved: true });
  };

  it('pauses while an approval waits for the user and restarts after the last decision', async () => {
    const timer = { touch: jest.fn(), pause: jest.fn() };
    const watch = watchToolApprovals(timer);
    watch.update(emptyQueryResult());
    expect(timer.pause).not.toHaveBeenCalled();

    watch.update(withPending('a', 'b'));
    expect(timer.pause).toHaveBeenCalledTimes(1);
    await decide('other-answer');
    await decide('a');
    expect(timer.touch).not.toHaveBeenCalled();
    // A chunk that leaves a decided and an undecided approval pending keeps the timer off.
    watch.update(withPending('a', 'b'));
    expect(timer.pause).toHaveBeenCalledTimes(2);
    await decide('b');
    expect(timer.touch).toHaveBeenCalledTimes(1);
    // Both decided, OLS runs the tools: the next chunk must not pause again.
    watch.update(withPending('a', 'b'));
    expect(timer.pause).toHaveBeenCalledTimes(2);

    watch.dispose();
    watch.update(withPending('c'));
    await decide('c');
    expect(timer.touch).toHaveBeenCalledTimes(1);
  });
});
