/**
 * The dev server against OLS's own behaviour (lightspeed-service 1.1.3): /ols-access auth on the
 * protected routes, POST /authorized, GET /openapi.json per version profile and its faults, the
 * routes and fields each profile accepts, and the feedback routes.
 */
import { readFileSync } from 'node:fs';
import type { OlsDevServer } from './index';
import { startOlsDevServer } from './index';
import { OPENAPI_PATH } from './olsVersions';

const USERS = [
  { token: 'fake-admin-token', username: 'admin' },
  { token: 'fake-alice-token', username: 'alice' },
  { token: 'fake-bob-token', username: 'bob' },
];
const bearer = (name: string) => `Bearer fake-${name}-token`;

const call = (
  ols: OlsDevServer,
  method: string,
  path: string,
  body?: unknown,
  auth?: string,
  signal?: AbortSignal,
) =>
  fetch(`${ols.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(auth ? { Authorization: auth } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });

const FEEDBACK = {
  conversation_id: '12345678-abcd-0000-0123-456789abcdef',
  user_question: 'why is vm1 not starting?',
  llm_response: 'Its image cannot be pulled.',
  sentiment: 1,
};

/** One valid request per protected route. */
const PROTECTED: [string, string, unknown][] = [
  ['POST', '/v1/query', { query: 'hi' }],
  ['POST', '/v1/streaming_query', { query: 'hi', media_type: 'application/json' }],
  ['POST', '/v1/mcp-apps/tools/call', { server_name: 'cnv-mcp-server', tool_name: 'x' }],
  ['POST', '/v1/feedback', FEEDBACK],
  ['POST', '/authorized', {}],
];

describe('OLS dev server: OLS compatibility', () => {
  let ols: OlsDevServer;

  beforeAll(async () => {
    ols = await startOlsDevServer({ users: USERS, mode: { olsAccess: ['admin', 'bob'] } });
  });
  afterAll(() => ols.stop());
  beforeEach(() =>
    ols.setMode({
      olsAccess: ['admin', 'bob'],
      olsVersion: 'latest',
      openapiFault: 'none',
      feedbackEnabled: true,
      mcpRegistered: true,
    }),
  );

  describe('/ols-access authorization', () => {
    it.each(PROTECTED)(
      '%s %s: 401 without a header, exactly like OLS',
      async (method, path, body) => {
        const res = await call(ols, method, path, body);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ detail: 'Unauthorized: No auth header found' });
      },
    );

    it.each(PROTECTED)(
      '%s %s: 403 for alice, who has no /ols-access',
      async (method, path, body) => {
        const res = await call(ols, method, path, body, bearer('alice'));
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ detail: 'Forbidden: User does not have access' });
      },
    );

    it.each(PROTECTED)('%s %s: not refused for bob, who has it', async (method, path, body) => {
      const res = await call(ols, method, path, body, bearer('bob'));
      expect([401, 403]).not.toContain(res.status);
      await res.arrayBuffer();
    });

    it('401 for a header that is not a bearer token', async () => {
      for (const auth of ['Basic YWxpY2U6eA==', 'Bearer', 'fake-admin-token']) {
        const res = await call(ols, 'POST', '/v1/query', { query: 'hi' }, auth);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({
          detail: 'Unauthorized: Bearer token not found or invalid',
        });
      }
    });

    it('403 for a token the token review does not know', async () => {
      const res = await call(ols, 'POST', '/v1/query', { query: 'hi' }, 'Bearer someone-else');
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ detail: 'Forbidden: Invalid or expired token' });
    });

    it('accepts the scheme in any case, as k8s.py does', async () => {
      const res = await call(ols, 'POST', '/authorized', {}, 'bearer fake-admin-token');
      expect(res.status).toBe(200);
    });

    it('decides per user and follows the grant switched with setMode', async () => {
      expect(['admin', 'alice', 'bob'].map((u) => ols.accessOf(`fake-${u}-token`))).toEqual([
        'allowed',
        'denied',
        'allowed',
      ]);
      expect(ols.accessOf(undefined)).toBe('unauthenticated');
      expect(ols.accessOf('nobody')).toBe('unauthenticated');
      ols.setMode({ olsAccess: ['alice'] });
      expect((await call(ols, 'POST', '/authorized', {}, bearer('alice'))).status).toBe(200);
      expect((await call(ols, 'POST', '/authorized', {}, bearer('admin'))).status).toBe(403);
      ols.setMode({ olsAccess: '*' });
      expect((await call(ols, 'POST', '/authorized', {}, bearer('admin'))).status).toBe(200);
    });

    it('checks access before the body schema, but after JSON decoding (FastAPI order)', async () => {
      const invalid = await call(ols, 'POST', '/v1/query', { nope: 1 }, bearer('alice'));
      expect(invalid.status).toBe(403);
      const notJson = await call(ols, 'POST', '/v1/query', '{"query": ', bearer('alice'));
      expect(notJson.status).toBe(422);
      expect((await notJson.json()).detail[0].type).toBe('json_invalid');
    });

    it.each([
      ['GET', '/readiness'],
      ['GET', '/liveness'],
      ['GET', '/v1/feedback/status'],
      ['GET', '/openapi.json'],
    ])('%s %s needs no token', async (method, path) => {
      const res = await call(ols, method, path);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });
  });

  describe('POST /authorized', () => {
    it('answers the user id and name with skip_user_id_check false', async () => {
      const res = await call(ols, 'POST', '/authorized', {}, bearer('bob'));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        user_id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        ),
        username: 'bob',
        skip_user_id_check: false,
      });
      const admin = await (await call(ols, 'POST', '/authorized', {}, bearer('admin'))).json();
      expect(admin.user_id).not.toBe(body.user_id);
    });

    it('keeps the old behaviour without a user list: any token is user "dev"', async () => {
      const open = await startOlsDevServer();
      try {
        const res = await call(open, 'POST', '/authorized', {}, 'Bearer anything');
        expect((await res.json()).username).toBe('dev');
      } finally {
        await open.stop();
      }
    });
  });

  describe('GET /openapi.json per version profile', () => {
    const contract = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
    const probe = async () => (await call(ols, 'GET', '/openapi.json')).json();

    it('latest serves the contract, plus the license FastAPI adds', async () => {
      const res = await call(ols, 'GET', '/openapi.json');
      expect(res.headers.get('content-type')).toBe('application/json');
      const { license, ...info } = (await res.json()).info;
      expect(license).toEqual({
        name: 'Apache 2.0',
        url: 'https://www.apache.org/licenses/LICENSE-2.0.html',
      });
      expect(info).toEqual(contract.info);
      const doc = await probe();
      expect(doc.paths).toEqual(contract.paths);
      expect(doc.components).toEqual(contract.components);
    });

    it.each([
      ['1.0.9', false, false],
      ['1.0.10', true, false],
      ['latest', true, true],
    ] as const)('%s: tools/call %s, LLMRequest.mode %s', async (version, toolsCall, mode) => {
      ols.setMode({ olsVersion: version });
      const doc = await probe();
      expect(doc.info.version).toBe(version === 'latest' ? '1.1.3' : version);
      expect('/v1/mcp-apps/tools/call' in doc.paths).toBe(toolsCall);
      expect('mode' in doc.components.schemas.LLMRequest.properties).toBe(mode);
      expect('QueryMode' in doc.components.schemas).toBe(mode);
      expect(doc.components.schemas.LLMRequest.additionalProperties).toBe(false);
    });

    it('garbage: 200 with a body that is not JSON', async () => {
      ols.setMode({ openapiFault: 'garbage' });
      const res = await call(ols, 'GET', '/openapi.json');
      expect(res.status).toBe(200);
      await expect(res.json()).rejects.toThrow();
    });

    it('404: FastAPI without its openapi route', async () => {
      ols.setMode({ openapiFault: 404 });
      const res = await call(ols, 'GET', '/openapi.json');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: 'Not Found' });
    });

    it('timeout: headers never come, so only the client timeout ends it', async () => {
      ols.setMode({ openapiFault: 'timeout' });
      const controller = new AbortController();
      const pending = call(ols, 'GET', '/openapi.json', undefined, undefined, controller.signal);
      // Other routes still answer while the probe hangs.
      expect((await call(ols, 'GET', '/liveness')).status).toBe(200);
      controller.abort();
      await expect(pending).rejects.toThrow();
    });
  });

  describe('routes and fields per version profile', () => {
    const toolCall = { server_name: 'other-server', tool_name: 'x' };

    it('1.0.9 has no /v1/mcp-apps/tools/call: 404 Not Found before any auth', async () => {
      ols.setMode({ olsVersion: '1.0.9' });
      for (const auth of [bearer('admin'), undefined]) {
        const res = await call(ols, 'POST', '/v1/mcp-apps/tools/call', toolCall, auth);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ detail: 'Not Found' });
      }
    });

    it.each(['1.0.10', 'latest'] as const)('%s routes tools/call to the handler', async (v) => {
      ols.setMode({ olsVersion: v });
      const res = await call(ols, 'POST', '/v1/mcp-apps/tools/call', toolCall, bearer('admin'));
      expect(await res.json()).toEqual({ detail: "MCP server 'other-server' not found" });
    });

    it.each(['1.0.9', '1.0.10'] as const)('%s rejects LLMRequest.mode as extra', async (v) => {
      ols.setMode({ olsVersion: v });
      const res = await call(
        ols,
        'POST',
        '/v1/query',
        { query: 'hi', mode: 'ask' },
        bearer('admin'),
      );
      expect(res.status).toBe(422);
      expect((await res.json()).detail).toEqual([
        {
          type: 'extra_forbidden',
          loc: ['body', 'mode'],
          msg: 'Extra inputs are not permitted',
          input: 'ask',
        },
      ]);
    });

    it('latest accepts mode "troubleshooting" and refuses an unknown mode', async () => {
      const ok = await call(
        ols,
        'POST',
        '/v1/query',
        { query: 'hi', mode: 'troubleshooting' },
        bearer('admin'),
      );
      expect(ok.status).toBe(200);
      await ok.arrayBuffer();
      const bad = await call(ols, 'POST', '/v1/query', { query: 'hi', mode: 'x' }, bearer('admin'));
      expect(bad.status).toBe(422);
      expect((await bad.json()).detail[0]).toMatchObject({
        type: 'enum',
        loc: ['body', 'mode'],
        msg: "Input should be 'ask' or 'troubleshooting'",
      });
    });

    it('1.0.9 has no mcp_headers in LLMRequest; 1.0.10 has', async () => {
      const body = { query: 'hi', mcp_headers: { 'cnv-mcp-server': { 'X-A': 'b' } } };
      ols.setMode({ olsVersion: '1.0.9' });
      expect((await call(ols, 'POST', '/v1/query', body, bearer('admin'))).status).toBe(422);
      ols.setMode({ olsVersion: '1.0.10' });
      const res = await call(ols, 'POST', '/v1/query', body, bearer('admin'));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });

    it('answers 405 for a known path with another method, as Starlette does', async () => {
      const res = await call(ols, 'GET', '/v1/query', undefined, bearer('admin'));
      expect(res.status).toBe(405);
      expect(await res.json()).toEqual({ detail: 'Method Not Allowed' });
    });
  });

  describe('feedback', () => {
    it('GET /v1/feedback/status answers the StatusResponse of feedback.py', async () => {
      expect(await (await call(ols, 'GET', '/v1/feedback/status')).json()).toEqual({
        functionality: 'feedback',
        status: { enabled: true },
      });
      ols.setMode({ feedbackEnabled: false });
      expect(await (await call(ols, 'GET', '/v1/feedback/status')).json()).toEqual({
        functionality: 'feedback',
        status: { enabled: false },
      });
    });

    it('POST /v1/feedback stores a valid body and says so', async () => {
      ols.requests.length = 0;
      const res = await call(ols, 'POST', '/v1/feedback', FEEDBACK, bearer('admin'));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ response: 'feedback received' });
      expect(ols.requests).toEqual([
        { path: '/v1/feedback', authorization: bearer('admin'), body: FEEDBACK },
      ]);
    });

    it('POST /v1/feedback: 403 while feedback is disabled, checked before the token', async () => {
      ols.setMode({ feedbackEnabled: false });
      for (const auth of [bearer('admin'), undefined]) {
        const res = await call(ols, 'POST', '/v1/feedback', FEEDBACK, auth);
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ detail: 'Forbidden: Feedback is currently disabled.' });
      }
    });

    it.each([
      ['no body', undefined, ['body'], 'missing'],
      [
        'a missing field',
        { ...FEEDBACK, llm_response: undefined },
        ['body', 'llm_response'],
        'missing',
      ],
      [
        'a bad conversation id',
        { ...FEEDBACK, conversation_id: 'c1' },
        ['body', 'conversation_id'],
        'value_error',
      ],
      ['a sentiment of 2', { ...FEEDBACK, sentiment: 2 }, ['body', 'sentiment'], 'value_error'],
      [
        'a string question',
        { ...FEEDBACK, user_question: 5 },
        ['body', 'user_question'],
        'string_type',
      ],
      ['neither sentiment nor feedback', { ...FEEDBACK, sentiment: null }, ['body'], 'value_error'],
    ])('POST /v1/feedback: 422 for %s', async (_what, body, loc, type) => {
      const res = await call(ols, 'POST', '/v1/feedback', body ?? '', bearer('admin'));
      expect(res.status).toBe(422);
      expect((await res.json()).detail).toEqual([expect.objectContaining({ loc, type })]);
    });
  });
});
