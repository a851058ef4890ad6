/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, useFlag } from '@openshift-console/dynamic-plugin-sdk';
import { act, renderHook, waitFor } from '@testing-library/react';
import { jsonResponse, textResponse } from '../testing/olsResponses';
import { OLS_ENDPOINTS } from '../client/constants';
import { RECHECK_AFTER_FAILURE_MS, resetCapabilityCache } from './capabilityStore';
import { RUNTIME_CONFIG_URL } from './runtimeConfig';
import { useAICapability } from './useAICapability';

const fetchMock = jest.mocked(consoleFetch);
const flagMock = jest.mocked(useFlag);

interface Routes {
  config?: () => Response;
  readiness?: () => Response;
  toolCall?: () => Response;
}

const TOOL_OK = () =>
  jsonResponse(200, {
    content: [{ type: 'text', text: '0 VMs' }],
    structured_content: {},
    is_error: false,
  });

/** Routes consoleFetch by URL; an unexpected URL fails the test. */
const serve = (routes: Routes = {}): void => {
  fetchMock.mockImplementation(async (url) => {
    if (url === RUNTIME_CONFIG_URL)
      return (routes.config ?? (() => textResponse(404, 'Not Found')))();
    if (url === OLS_ENDPOINTS.readiness)
      return (
        routes.readiness ?? (() => jsonResponse(200, { ready: true, reason: 'service is ready' }))
      )();
    if (url === OLS_ENDPOINTS.mcpToolCall) return (routes.toolCall ?? TOOL_OK)();
    throw new Error(`unexpected request ${url}`);
  });
};

const urls = (): string[] => fetchMock.mock.calls.map(([url]) => url);

const settled = async (result: { current: ReturnType<typeof useAICapability> }) => {
  await waitFor(() => expect(result.current.loading).toBe(false));
  return result.current;
};

beforeEach(() => {
  fetchMock.mockReset();
  flagMock.mockReset();
  flagMock.mockReturnValue(true);
  sessionStorage.clear();
  resetCapabilityCache();
});

describe('useAICapability', () => {
  it('LIGHTSPEED_PLUGIN flag off → off, and no request at all', async () => {
    flagMock.mockReturnValue(false);
    serve();
    const { result } = renderHook(() => useAICapability());
    expect(result.current).toMatchObject({
      capability: 'off',
      loading: false,
      reason: 'lightspeed-plugin-missing',
    });
    await act(async () => undefined);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('checks the flag named LIGHTSPEED_PLUGIN', () => {
    flagMock.mockReturnValue(false);
    renderHook(() => useAICapability());
    expect(flagMock).toHaveBeenCalledWith('LIGHTSPEED_PLUGIN');
  });

  it('admin kill switch → off, and no OLS request', async () => {
    serve({ config: () => jsonResponse(200, { ai: { enabled: false, mcpServerName: 'x' } }) });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({ capability: 'off', reason: 'disabled-by-admin' });
    expect(urls()).toEqual([RUNTIME_CONFIG_URL]);
  });

  it('readiness 503 → off', async () => {
    serve({
      readiness: () =>
        jsonResponse(503, {
          detail: { response: 'Service is not ready', cause: 'LLM is not ready' },
        }),
    });
    const { result } = renderHook(() => useAICapability());
    const state = await settled(result);
    expect(state).toMatchObject({ capability: 'off', reason: 'ols-not-ready' });
    expect(state.detail).toContain('LLM is not ready');
    expect(urls()).not.toContain(OLS_ENDPOINTS.mcpToolCall);
  });

  it('readiness {ready: false} → off', async () => {
    serve({ readiness: () => jsonResponse(200, { ready: false, reason: 'index is not ready' }) });
    const { result } = renderHook(() => useAICapability());
    expect((await settled(result)).capability).toBe('off');
  });

  it('tools/call 404 (server not registered, or an older OLS) → static', async () => {
    serve({
      toolCall: () =>
        jsonResponse(404, {
          detail: { response: "MCP server 'cnv-mcp-server' not found", cause: '' },
        }),
    });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({
      capability: 'static',
      reason: 'mcp-not-registered',
    });
  });

  it('probe succeeds → mcp; the probe is a read-only search of one VM on the configured server', async () => {
    serve({
      config: () =>
        jsonResponse(200, {
          ai: { enabled: true, mcpServerName: 'virt-tools', olsSupportsMode: true },
        }),
    });
    const { result } = renderHook(() => useAICapability());
    const state = await settled(result);
    expect(state).toMatchObject({ capability: 'mcp', reason: 'mcp-reachable' });
    expect(state.config.ai).toEqual({
      enabled: true,
      mcpServerName: 'virt-tools',
      olsSupportsMode: true,
    });
    const probe = fetchMock.mock.calls.find(([url]) => url === OLS_ENDPOINTS.mcpToolCall);
    expect(JSON.parse(String(probe?.[1]?.body))).toEqual({
      server_name: 'virt-tools',
      tool_name: 'search_virtual_machines',
      arguments: { limit: 1 },
    });
  });

  it('missing runtime config → defaults (cnv-mcp-server)', async () => {
    serve();
    const { result } = renderHook(() => useAICapability());
    expect((await settled(result)).config.ai.mcpServerName).toBe('cnv-mcp-server');
    const probe = fetchMock.mock.calls.find(([url]) => url === OLS_ENDPOINTS.mcpToolCall);
    expect(JSON.parse(String(probe?.[1]?.body)).server_name).toBe('cnv-mcp-server');
  });

  it('is cached: a second mount makes no new probe, and concurrent mounts share one round', async () => {
    serve();
    const first = renderHook(() => useAICapability());
    const second = renderHook(() => useAICapability());
    await settled(first.result);
    await settled(second.result);
    expect(urls().filter((url) => url === OLS_ENDPOINTS.mcpToolCall)).toHaveLength(1);
    const callsBefore = fetchMock.mock.calls.length;
    const third = renderHook(() => useAICapability());
    expect(third.result.current.capability).toBe('mcp');
    await act(async () => undefined);
    expect(fetchMock.mock.calls.length).toBe(callsBefore);
  });

  it('survives a module reload through sessionStorage', async () => {
    serve();
    const { result } = renderHook(() => useAICapability());
    await settled(result);
    const callsBefore = fetchMock.mock.calls.length;
    // A fresh copy of the store module (as after a console reload) starts from sessionStorage.
    await jest.isolateModulesAsync(async () => {
      const fresh = await import('./capabilityStore');
      expect(fresh.getCapabilitySnapshot()?.capability).toBe('mcp');
      await expect(fresh.ensureCapability()).resolves.toMatchObject({ capability: 'mcp' });
    });
    expect(fetchMock.mock.calls.length).toBe(callsBefore);
  });

  it('re-checks after a failure (recheck(), and a new mount once the pause has passed)', async () => {
    let ready = false;
    serve({
      readiness: () =>
        ready
          ? jsonResponse(200, { ready: true })
          : jsonResponse(503, { detail: { response: 'x' } }),
    });
    const { result } = renderHook(() => useAICapability());
    expect((await settled(result)).capability).toBe('off');
    ready = true;
    act(() => result.current.recheck());
    await waitFor(() => expect(result.current.capability).toBe('mcp'));

    // Failure again, then a later mount probes again without an explicit recheck.
    ready = false;
    act(() => result.current.recheck());
    await waitFor(() => expect(result.current.reason).toBe('ols-not-ready'));
    ready = true;
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + RECHECK_AFTER_FAILURE_MS + 1);
    const later = renderHook(() => useAICapability());
    await waitFor(() => expect(later.result.current.capability).toBe('mcp'));
    clock.mockRestore();
  });

  it('demote() turns mcp into static for the session', async () => {
    serve();
    const { result } = renderHook(() => useAICapability());
    expect((await settled(result)).capability).toBe('mcp');
    act(() => result.current.demote());
    expect(result.current).toMatchObject({ capability: 'static', reason: 'demoted' });
    const other = renderHook(() => useAICapability());
    expect(other.result.current.capability).toBe('static');
  });

  it('a probe that fails for another reason → static, re-checked later', async () => {
    serve({ toolCall: () => jsonResponse(500, { detail: { response: 'boom', cause: 'x' } }) });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({
      capability: 'static',
      reason: 'mcp-probe-failed',
    });
    expect(sessionStorage.length).toBe(0);
  });
});
