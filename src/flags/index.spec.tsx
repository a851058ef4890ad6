/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, useFlag } from '@openshift-console/dynamic-plugin-sdk';
import { renderHook, waitFor } from '@testing-library/react';
import { OLS_ENDPOINTS } from '../lightspeed/client/constants';
import { resetCapabilityCache } from '../lightspeed/capabilities/capabilityStore';
import { jsonResponse, textResponse } from '../lightspeed/testing/olsResponses';
import { LIGHTSPEED_MCP_ENABLED, useLightspeedMcpFlag } from '.';

const fetchMock = jest.mocked(consoleFetch);

beforeEach(() => {
  fetchMock.mockReset();
  jest.mocked(useFlag).mockReturnValue(true);
  sessionStorage.clear();
  resetCapabilityCache();
});

const serve = (toolCall: () => Response): void => {
  fetchMock.mockImplementation(async (url) => {
    if (url === OLS_ENDPOINTS.readiness) return jsonResponse(200, { ready: true });
    if (url === OLS_ENDPOINTS.mcpToolCall) return toolCall();
    return textResponse(404, 'Not Found');
  });
};

describe('useLightspeedMcpFlag', () => {
  it('sets LIGHTSPEED_MCP_ENABLED false while detecting, then true for mcp', async () => {
    serve(() => jsonResponse(200, { content: [] }));
    const setFlag = jest.fn();
    renderHook(() => useLightspeedMcpFlag(setFlag));
    expect(setFlag).toHaveBeenNthCalledWith(1, LIGHTSPEED_MCP_ENABLED, false);
    await waitFor(() => expect(setFlag).toHaveBeenLastCalledWith(LIGHTSPEED_MCP_ENABLED, true));
  });

  it('is true for static too', async () => {
    serve(() => jsonResponse(404, { detail: { response: 'No MCP servers configured' } }));
    const setFlag = jest.fn();
    renderHook(() => useLightspeedMcpFlag(setFlag));
    await waitFor(() => expect(setFlag).toHaveBeenLastCalledWith(LIGHTSPEED_MCP_ENABLED, true));
  });

  it('stays false without the Lightspeed plugin, and makes no request', async () => {
    jest.mocked(useFlag).mockReturnValue(false);
    const setFlag = jest.fn();
    renderHook(() => useLightspeedMcpFlag(setFlag));
    expect(setFlag).toHaveBeenCalledWith(LIGHTSPEED_MCP_ENABLED, false);
    expect(setFlag).not.toHaveBeenCalledWith(LIGHTSPEED_MCP_ENABLED, true);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
