/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, useFlag } from '@openshift-console/dynamic-plugin-sdk';
import { act, renderHook, waitFor } from '@testing-library/react';
import { jsonResponse, textResponse } from '../testing/olsResponses';
import olsOpenApi from '../__fixtures__/ols-openapi.json';
import { OLS_AUTHORIZED_URL, OLS_ENDPOINTS, OLS_OPENAPI_URL } from '../client/constants';
import { RECHECK_AFTER_FAILURE_MS, resetCapabilityCache } from './capabilityStore';
import { RUNTIME_CONFIG_URL } from './runtimeConfig';
import { useAICapability } from './useAICapability';

const fetchMock = jest.mocked(consoleFetch);
const flagMock = jest.mocked(useFlag);

interface Routes {
  config?: () => Response;
  readiness?: () => Response;
  authorized?: () => Response;
  openapi?: () => Response | Promise<Response>;
  toolCall?: () => Response;
}

const AUTHORIZED = () =>
  jsonResponse(200, { user_id: 'u-1', username: 'alice', skip_user_id_check: false });

/** The OLS OpenAPI document with a path or an LLMRequest property removed (an older OLS). */
const openApiWithout = ({ path, property }: { path?: string; property?: string }) => {
  const doc = JSON.parse(JSON.stringify(olsOpenApi));
  if (path) delete doc.paths[path];
  if (property) delete doc.components.schemas.LLMRequest.properties[property];
  return () => jsonResponse(200, doc);
};

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
    if (url === OLS_AUTHORIZED_URL) return (routes.authorized ?? AUTHORIZED)();
    if (url === OLS_OPENAPI_URL) return (routes.openapi ?? (() => jsonResponse(200, olsOpenApi)))();
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

  it.each([
    [403, { detail: 'Forbidden: User does not have access' }],
    [401, { detail: 'Unauthorized: No auth header found' }],
  ])(
    '/authorized %s (no /ols-access) → off with reason not-authorized, and no further OLS request',
    async (status, body) => {
      serve({ authorized: () => jsonResponse(status, body) });
      const { result } = renderHook(() => useAICapability());
      expect(await settled(result)).toMatchObject({ capability: 'off', reason: 'not-authorized' });
      expect(urls()).toEqual([RUNTIME_CONFIG_URL, OLS_ENDPOINTS.readiness, OLS_AUTHORIZED_URL]);
      // Not retried on a timer, not stored for the session: a later mount asks nobody.
      const calls = fetchMock.mock.calls.length;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60 * 60_000);
      const later = renderHook(() => useAICapability());
      await act(async () => undefined);
      expect(later.result.current.reason).toBe('not-authorized');
      expect(fetchMock.mock.calls.length).toBe(calls);
      clock.mockRestore();
      expect(sessionStorage.length).toBe(0);
    },
  );

  it('an /authorized that fails for another reason is no verdict: the probe decides', async () => {
    serve({ authorized: () => jsonResponse(500, { detail: { response: 'x', cause: 'y' } }) });
    const { result } = renderHook(() => useAICapability());
    expect((await settled(result)).capability).toBe('mcp');
  });

  it('an OLS whose /openapi.json has no tools/call route → static, ols-too-old, no probe', async () => {
    serve({ openapi: openApiWithout({ path: '/v1/mcp-apps/tools/call' }) });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({ capability: 'static', reason: 'ols-too-old' });
    expect(urls()).not.toContain(OLS_ENDPOINTS.mcpToolCall);
  });

  it('sends mode exactly when LLMRequest declares it', async () => {
    serve();
    const withMode = renderHook(() => useAICapability());
    expect((await settled(withMode.result)).features).toEqual({
      toolCallRoute: true,
      modeField: true,
    });
    resetCapabilityCache();
    serve({ openapi: openApiWithout({ property: 'mode' }) });
    const withoutMode = renderHook(() => useAICapability());
    await waitFor(() => expect(withoutMode.result.current.reason).toBe('mcp-reachable'));
    expect(withoutMode.result.current.features.modeField).toBe(false);
  });

  it.each([
    ['garbage', () => textResponse(200, '<html>oops</html>')],
    ['a 404', () => jsonResponse(404, { detail: 'Not Found' })],
    ['JSON that is not OpenAPI', () => jsonResponse(200, { hello: 'world' })],
  ])(
    'an /openapi.json answered with %s: decided by the probe, mode not sent',
    async (_, openapi) => {
      serve({ openapi });
      const { result } = renderHook(() => useAICapability());
      expect(await settled(result)).toMatchObject({ capability: 'mcp', reason: 'mcp-reachable' });
      expect(result.current.features).toEqual({ toolCallRoute: true, modeField: false });
    },
  );

  it('an /openapi.json that never answers: the probe decides after its timeout, nothing hangs', async () => {
    jest.useFakeTimers();
    try {
      serve({ openapi: () => new Promise<Response>(() => undefined) });
      const { result } = renderHook(() => useAICapability());
      await act(async () => {
        await jest.advanceTimersByTimeAsync(11_000);
      });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(100);
      });
      expect(result.current).toMatchObject({ capability: 'mcp', loading: false });
    } finally {
      jest.useRealTimers();
    }
  });

  it('unknown features and a bare FastAPI 404 from tools/call → ols-too-old', async () => {
    serve({
      openapi: () => jsonResponse(404, { detail: 'Not Found' }),
      toolCall: () => jsonResponse(404, { detail: 'Not Found' }),
    });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({ capability: 'static', reason: 'ols-too-old' });
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
    // The retired admin knob olsSupportsMode is ignored: features come from /openapi.json.
    expect(state.config.ai).toEqual({
      enabled: true,
      mcpServerName: 'virt-tools',
      anonymizeNames: false,
    });
    const probe = fetchMock.mock.calls.find(([url]) => url === OLS_ENDPOINTS.mcpToolCall);
    expect(JSON.parse(String(probe?.[1]?.body))).toEqual({
      server_name: 'virt-tools',
      tool_name: 'search_virtual_machines',
      arguments: { limit: 1 },
    });
  });

  it('names masked by the admin → static prompts, and no tool probe (a tool would return real names)', async () => {
    serve({
      config: () => jsonResponse(200, { ai: { enabled: true, anonymizeNames: true } }),
    });
    const { result } = renderHook(() => useAICapability());
    const state = await settled(result);
    expect(state).toMatchObject({ capability: 'static', reason: 'names-anonymized' });
    expect(state.config.ai.anonymizeNames).toBe(true);
    expect(fetchMock.mock.calls.some(([url]) => url === OLS_ENDPOINTS.mcpToolCall)).toBe(false);
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

  it('a probe answered 500 (OLS cannot reach cnv-mcp-server) → static, mcp-unreachable, re-checked later', async () => {
    serve({ toolCall: () => jsonResponse(500, { detail: { response: 'boom', cause: 'x' } }) });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({
      capability: 'static',
      reason: 'mcp-unreachable',
    });
    expect(result.current.detail).toBe('boom: x');
    expect(sessionStorage.length).toBe(0);
  });

  it('a probe that fails for another reason → static, re-checked later', async () => {
    serve({ toolCall: () => jsonResponse(502, { detail: 'Bad gateway' }) });
    const { result } = renderHook(() => useAICapability());
    expect(await settled(result)).toMatchObject({
      capability: 'static',
      reason: 'mcp-probe-failed',
    });
    expect(sessionStorage.length).toBe(0);
  });
});
