import { bearerToken, createOlsAuth, uidFor } from './olsAuth';
import { openApiFor, routeGate } from './olsVersions';
import {
  validateFeedbackRequest,
  validateModel,
  validateQueryRequest,
  validateToolCallRequest,
} from './validateRequest';

const FEEDBACK = {
  conversation_id: '12345678-abcd-0000-0123-456789abcdef',
  user_question: 'q',
  llm_response: 'r',
};
const detail = (f: { body: unknown } | undefined) => (f?.body as { detail: unknown }).detail;

describe('FastAPI-shaped body validation', () => {
  it('reports field errors in field order, then extra fields', () => {
    expect(validateModel('LLMRequest', { zzz: 1, conversation_id: 7 })).toEqual([
      {
        type: 'missing',
        loc: ['body', 'query'],
        msg: 'Field required',
        input: { zzz: 1, conversation_id: 7 },
      },
      {
        type: 'string_type',
        loc: ['body', 'conversation_id'],
        msg: 'Input should be a valid string',
        input: 7,
      },
      {
        type: 'extra_forbidden',
        loc: ['body', 'zzz'],
        msg: 'Extra inputs are not permitted',
        input: 1,
      },
    ]);
  });

  it('accepts null for Optional fields and reports the non-null type otherwise', () => {
    expect(validateModel('LLMRequest', { query: 'q', attachments: null, provider: null })).toEqual(
      [],
    );
    expect(validateModel('LLMRequest', { query: 'q', attachments: 'a' })[0]).toMatchObject({
      type: 'list_type',
      loc: ['body', 'attachments'],
    });
  });

  it('walks into attachments by index', () => {
    const errors = validateModel('LLMRequest', {
      query: 'q',
      attachments: [{ attachment_type: 'log', content_type: 'text/plain', content: 'x' }, 'oops'],
    });
    expect(errors).toEqual([
      expect.objectContaining({ type: 'model_attributes_type', loc: ['body', 'attachments', 1] }),
    ]);
  });

  it('a body that is not an object fails as a whole', () => {
    expect(validateModel('LLMRequest', [1])).toEqual([
      expect.objectContaining({ type: 'model_attributes_type', loc: ['body'] }),
    ]);
    expect(validateModel('LLMRequest', null)).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
  });

  it('enforces the 1.1.x request limits only in the latest profile', () => {
    const long = { query: 'x'.repeat(32001) };
    expect(detail(validateQueryRequest(long))).toEqual([
      expect.objectContaining({ type: 'string_too_long', ctx: { max_length: 32000 } }),
    ]);
    expect(validateQueryRequest(long, '1.0.10')).toBeUndefined();
    const many = {
      query: 'q',
      attachments: Array.from({ length: 11 }, () => ({
        attachment_type: 'log',
        content_type: 'text/plain',
        content: 'x',
      })),
    };
    expect(detail(validateQueryRequest(many))).toEqual([
      expect.objectContaining({
        type: 'too_long',
        msg: 'List should have at most 10 items after validation, not 11',
      }),
    ]);
    expect(validateQueryRequest(many, '1.0.9')).toBeUndefined();
  });

  it('keeps the OLS attachment type check after the schema', () => {
    const body = {
      query: 'q',
      attachments: [{ attachment_type: 'yaml', content_type: 'text/plain', content: '' }],
    };
    expect(detail(validateQueryRequest(body))).toEqual({
      response: 'Unable to process this request',
      cause: 'Attachment with improper type yaml (text/plain) detected',
    });
  });

  it('tool calls: arguments must be an object; the profile without the route has no schema', () => {
    expect(
      validateToolCallRequest({ server_name: 's', tool_name: 't', arguments: {} }),
    ).toBeUndefined();
    expect(
      detail(validateToolCallRequest({ server_name: 's', tool_name: 't', arguments: [] })),
    ).toEqual([expect.objectContaining({ type: 'dict_type', loc: ['body', 'arguments'] })]);
    expect(openApiFor('1.0.9').components.schemas.MCPAppToolCallRequest).toBeUndefined();
  });
});

describe('FeedbackRequest validators', () => {
  it.each([
    ['sentiment 1', { ...FEEDBACK, sentiment: 1 }],
    ['sentiment -1', { ...FEEDBACK, sentiment: -1 }],
    ['only user_feedback', { ...FEEDBACK, user_feedback: 'nice' }],
    [
      'a urn:uuid: id and unknown fields (not forbidden)',
      {
        ...FEEDBACK,
        conversation_id: 'urn:uuid:12345678abcd00000123456789abcdef',
        sentiment: 1,
        extra: true,
      },
    ],
  ])('accepts %s', (_what, body) => {
    expect(validateFeedbackRequest(body)).toBeUndefined();
  });

  it('reports the conversation id and sentiment validators together, in field order', () => {
    expect(
      detail(validateFeedbackRequest({ ...FEEDBACK, sentiment: 0, conversation_id: 'x' })),
    ).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'conversation_id'],
        msg: 'Value error, Improper conversation ID x',
        input: 'x',
        ctx: { error: {} },
      },
      {
        type: 'value_error',
        loc: ['body', 'sentiment'],
        msg: 'Value error, Improper value 0, needs to be -1 or 1',
        input: 0,
        ctx: { error: {} },
      },
    ]);
  });

  it('runs the model validator only when every field is valid', () => {
    expect(detail(validateFeedbackRequest(FEEDBACK))).toEqual([
      expect.objectContaining({
        loc: ['body'],
        msg: "Value error, Either 'sentiment' or 'user_feedback' must be set",
      }),
    ]);
    expect(detail(validateFeedbackRequest({ ...FEEDBACK, user_question: 1 }))).toEqual([
      expect.objectContaining({ type: 'string_type', loc: ['body', 'user_question'] }),
    ]);
  });

  it('does not coerce: a fractional or string sentiment is a type error', () => {
    expect(detail(validateFeedbackRequest({ ...FEEDBACK, sentiment: 0.5 }))).toEqual([
      expect.objectContaining({ type: 'int_from_float' }),
    ]);
    expect(detail(validateFeedbackRequest({ ...FEEDBACK, sentiment: '1' }))).toEqual([
      expect.objectContaining({ type: 'int_type' }),
    ]);
  });
});

describe('auth and route helpers', () => {
  it('extracts a bearer token like k8s.py _extract_bearer_token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('BEARER abc def')).toBe('abc def');
    expect(bearerToken('Bearer')).toBe('');
    expect(bearerToken('Token abc')).toBe('');
  });

  it('derives stable, distinct UUID uids', () => {
    expect(uidFor('bob')).toBe(uidFor('bob'));
    expect(uidFor('bob')).not.toBe(uidFor('alice'));
    expect(uidFor('bob')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('uses an explicit uid and refuses unknown tokens when users are given', () => {
    const auth = createOlsAuth([{ token: 't', username: 'u', uid: 'uid-1' }]);
    expect(auth.authorize('Bearer t', '*')).toEqual({
      ok: true,
      identity: { username: 'u', uid: 'uid-1' },
      token: 't',
    });
    expect(auth.decide('other', '*')).toBe('unauthenticated');
    expect(auth.decide('t', [])).toBe('denied');
  });

  it('gates only documented OLS paths, with path parameters', () => {
    expect(routeGate('latest', 'GET', '/v1/conversations/abc')).toBeUndefined();
    expect(routeGate('latest', 'PATCH', '/v1/conversations/abc')).toEqual([
      405,
      { detail: 'Method Not Allowed' },
    ]);
    expect(routeGate('1.0.9', 'POST', '/v1/tool-approvals/decision')).toEqual([
      404,
      { detail: 'Not Found' },
    ]);
    expect(routeGate('1.0.10', 'POST', '/v1/tool-approvals/decision')).toBeUndefined();
    expect(routeGate('1.0.9', 'GET', '/__dev/mode')).toBeUndefined();
    expect(routeGate('1.0.9', 'GET', '/openapi.json')).toBeUndefined();
  });
});
