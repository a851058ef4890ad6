/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, HttpError } from '@openshift-console/dynamic-plugin-sdk';
import { jsonResponse, textResponse } from '../testing/olsResponses';
import { callMcpTool, mcpResultText } from './callMcpTool';
import { OlsError } from './errors';

const fetchMock = jest.mocked(consoleFetch);
const params = {
  serverName: 'cnv-mcp-server',
  toolName: 'search_virtual_machines',
  args: { limit: 1 },
};

const callError = async (): Promise<OlsError> => {
  try {
    await callMcpTool(params);
  } catch (error) {
    expect(error).toBeInstanceOf(OlsError);
    return error as OlsError;
  }
  throw new Error('expected callMcpTool to reject');
};

beforeEach(() => fetchMock.mockReset());

describe('callMcpTool', () => {
  it('POSTs {server_name, tool_name, arguments} and returns the tool result', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, {
        content: [{ type: 'text', text: '1 VM found' }],
        structured_content: { items: [{ name: 'db-01' }] },
        is_error: false,
      }),
    );
    const result = await callMcpTool(params);
    expect(fetchMock.mock.calls[0][0]).toBe(
      '/api/proxy/plugin/lightspeed-console-plugin/ols/v1/mcp-apps/tools/call',
    );
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({
      server_name: 'cnv-mcp-server',
      tool_name: 'search_virtual_machines',
      arguments: { limit: 1 },
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: '1 VM found' }],
      structured_content: { items: [{ name: 'db-01' }] },
      is_error: false,
    });
    expect(mcpResultText(result)).toBe('1 VM found');
  });

  it('resolves a tool-level failure with is_error true', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, { content: [{ type: 'text', text: 'forbidden' }], is_error: true }),
    );
    await expect(callMcpTool(params)).resolves.toMatchObject({
      is_error: true,
      structured_content: null,
    });
  });

  it.each([
    [
      'server not registered',
      jsonResponse(404, {
        detail: { response: "MCP server 'cnv-mcp-server' not found", cause: 'x' },
      }),
    ],
    [
      'no MCP servers configured',
      jsonResponse(404, { detail: { response: 'No MCP servers configured', cause: 'x' } }),
    ],
    ['route missing (older OLS)', jsonResponse(404, { detail: 'Not Found' })],
    ['method not allowed', textResponse(405, 'Method Not Allowed')],
  ])('%s → mcp-unavailable', async (_name, response) => {
    fetchMock.mockResolvedValueOnce(response);
    expect((await callError()).kind).toBe('mcp-unavailable');
  });

  it('404 through the console HttpError → mcp-unavailable', async () => {
    fetchMock.mockRejectedValueOnce(
      new HttpError('Not Found', 404, undefined, {
        detail: { response: 'No MCP servers configured' },
      }),
    );
    const error = await callError();
    expect(error.kind).toBe('mcp-unavailable');
    expect(error.detail).toBe('No MCP servers configured');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [500, 'server'],
    [503, 'unavailable'],
  ])('%i → %s', async (status, kind) => {
    fetchMock.mockResolvedValueOnce(jsonResponse(status, { detail: 'x' }));
    expect((await callError()).kind).toBe(kind);
  });

  it('a body without a content list → malformed', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { result: 'x' }));
    expect((await callError()).kind).toBe('malformed');
  });

  it('abort → aborted', async () => {
    fetchMock.mockImplementationOnce(() => new Promise(() => undefined));
    const controller = new AbortController();
    const pending = callMcpTool({ ...params, signal: controller.signal }).catch((e: OlsError) => e);
    controller.abort();
    expect(((await pending) as OlsError).kind).toBe('aborted');
  });
});
