import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import openapi from '../__fixtures__/ols-openapi.json';
import type { LightspeedRequest, OLSAttachment, OLSAttachmentType, QueryMode } from '../types';
import { OlsError } from './errors';
import { buildQueryBody, buildToolCallBody } from './requestBody';

/**
 * Validates bodies against the schemas of lightspeed-service's own OpenAPI document (OLS rejects
 * unknown fields with 422, so a body that does not validate here would fail in production).
 */
const compileSchema = (name: string): ValidateFunction => {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; `#/components/schemas/X` refs resolve inside the
  // document, so register it whole and point at one schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(openapi, 'ols-openapi.json');
  const validate = ajv.getSchema(`ols-openapi.json#/components/schemas/${name}`);
  if (!validate) throw new Error(`schema ${name} not found`);
  return validate;
};

const validateLLMRequest = compileSchema('LLMRequest');
const validateToolCall = compileSchema('MCPAppToolCallRequest');

const expectValid = (validate: ValidateFunction, body: unknown): void => {
  const valid = validate(body);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
};

/** Every attachment type and content type our prompt builders (and the types) allow. */
const ATTACHMENT_TYPES: OLSAttachmentType[] = [
  'alert',
  'api object',
  'configuration',
  'error message',
  'event',
  'log',
  'stack trace',
];
const attachment = (attachment_type: OLSAttachmentType): OLSAttachment => ({
  attachment_type,
  content_type: attachment_type === 'log' ? 'text/plain' : 'application/yaml',
  content: 'kind: VirtualMachine\nmetadata:\n  name: db-01\n',
});

const base: LightspeedRequest = { query: 'Why is my VM not starting?' };
const CONVERSATION = '123e4567-e89b-12d3-a456-426614174000';

describe('buildQueryBody against the OLS OpenAPI LLMRequest schema', () => {
  const cases: [string, LightspeedRequest, Parameters<typeof buildQueryBody>[1]][] = [
    ['query only', base, { supportsMode: false }],
    ['query with conversation id', base, { supportsMode: false, conversationId: CONVERSATION }],
    ...ATTACHMENT_TYPES.map(
      (type): [string, LightspeedRequest, Parameters<typeof buildQueryBody>[1]] => [
        `one ${type} attachment`,
        { ...base, attachments: [attachment(type)] },
        { supportsMode: false },
      ],
    ),
    ...(['text/plain', 'application/json', 'application/yaml', 'application/xml'] as const).map(
      (content_type): [string, LightspeedRequest, Parameters<typeof buildQueryBody>[1]] => [
        `content type ${content_type}`,
        { ...base, attachments: [{ attachment_type: 'log', content_type, content: 'x' }] },
        { supportsMode: false },
      ],
    ),
    [
      'ten attachments (the maximum)',
      { ...base, attachments: Array.from({ length: 10 }, () => attachment('event')) },
      { supportsMode: false },
    ],
    ...(['ask', 'troubleshooting'] as QueryMode[]).map(
      (mode): [string, LightspeedRequest, Parameters<typeof buildQueryBody>[1]] => [
        `mode ${mode} when supported`,
        { ...base, mode, attachments: [attachment('api object')] },
        { supportsMode: true, conversationId: CONVERSATION },
      ],
    ),
    [
      'mcp_headers when supported',
      { ...base, mode: 'troubleshooting' },
      { supportsMode: true, mcpHeaders: { 'cnv-mcp-server': { 'X-Token': 'x' } } },
    ],
    [
      'expectedTools never reach the wire',
      { ...base, expectedTools: ['diagnose_vm_error'] },
      { supportsMode: false },
    ],
  ];

  it.each(cases)('%s', (_name, request, options) => {
    expectValid(validateLLMRequest, buildQueryBody(request, options));
  });

  it('the schema rejects an unknown field, so these checks can fail', () => {
    expect(validateLLMRequest({ query: 'q', expectedTools: ['x'] })).toBe(false);
    expect(validateLLMRequest({ query: 'q', mode: 'chat' })).toBe(false);
    expect(validateLLMRequest({ query: 'q'.repeat(32_001) })).toBe(false);
  });

  it('sends only the wire fields of an attachment even if the caller adds more', () => {
    const extra = { ...attachment('event'), kind: 'VirtualMachine' } as OLSAttachment;
    const body = buildQueryBody({ ...base, attachments: [extra] }, { supportsMode: false });
    expect(body.attachments?.[0]).toEqual(attachment('event'));
    expectValid(validateLLMRequest, body);
  });

  it('omits mode and mcp_headers when the server is not known to accept them', () => {
    const body = buildQueryBody(
      { ...base, mode: 'troubleshooting' },
      { supportsMode: false, mcpHeaders: { s: { h: 'v' } } },
    );
    expect(body).toEqual({ query: base.query, media_type: 'application/json' });
  });

  it('includes mode when supported', () => {
    expect(buildQueryBody({ ...base, mode: 'troubleshooting' }, { supportsMode: true }).mode).toBe(
      'troubleshooting',
    );
  });
});

describe('size checks before sending', () => {
  const tooLarge = (fn: () => unknown): OlsError => {
    try {
      fn();
    } catch (error) {
      return error as OlsError;
    }
    throw new Error('expected a too-large error');
  };

  it('accepts exactly 32000 characters and 100000-character attachments', () => {
    const body = buildQueryBody(
      {
        query: 'q'.repeat(32_000),
        attachments: [{ ...attachment('log'), content: 'x'.repeat(100_000) }],
      },
      { supportsMode: false },
    );
    expectValid(validateLLMRequest, body);
  });

  it('rejects a query over 32000 characters', () => {
    const error = tooLarge(() =>
      buildQueryBody({ query: 'q'.repeat(32_001) }, { supportsMode: false }),
    );
    expect(error).toBeInstanceOf(OlsError);
    expect(error.kind).toBe('too-large');
  });

  it('rejects an attachment over 100000 characters', () => {
    const error = tooLarge(() =>
      buildQueryBody(
        { ...base, attachments: [{ ...attachment('log'), content: 'x'.repeat(100_001) }] },
        { supportsMode: false },
      ),
    );
    expect(error.kind).toBe('too-large');
    expect(error.detail).toContain('Attachment 1');
  });

  it('rejects more than 10 attachments', () => {
    const error = tooLarge(() =>
      buildQueryBody(
        { ...base, attachments: Array.from({ length: 11 }, () => attachment('log')) },
        { supportsMode: false },
      ),
    );
    expect(error.kind).toBe('too-large');
  });

  it('applies lower admin limits but never raises OLS limits', () => {
    expect(
      tooLarge(() =>
        buildQueryBody({ query: 'q'.repeat(11) }, { supportsMode: false }, { maxQueryChars: 10 }),
      ).kind,
    ).toBe('too-large');
    expect(
      tooLarge(() =>
        buildQueryBody(
          { query: 'q'.repeat(32_001) },
          { supportsMode: false },
          { maxQueryChars: 1_000_000 },
        ),
      ).kind,
    ).toBe('too-large');
  });
});

describe('buildToolCallBody against MCPAppToolCallRequest', () => {
  it('validates with and without arguments', () => {
    expectValid(
      validateToolCall,
      buildToolCallBody({
        serverName: 'cnv-mcp-server',
        toolName: 'search_virtual_machines',
        args: { limit: 1 },
      }),
    );
    expectValid(
      validateToolCall,
      buildToolCallBody({ serverName: 'cnv-mcp-server', toolName: 'get_vm_events' }),
    );
  });

  it('the schema rejects an unknown field', () => {
    expect(validateToolCall({ server_name: 's', tool_name: 't', args: {} })).toBe(false);
  });
});
