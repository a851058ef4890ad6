/**
 * Validates request bodies the way OLS does: against the LLMRequest / MCPAppToolCallRequest schemas of
 * the OLS OpenAPI document (additionalProperties false → 422), plus OLS's own attachment type checks.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const OPENAPI_PATH = path.resolve(
  __dirname,
  '../../src/lightspeed/__fixtures__/ols-openapi.json',
);

const ATTACHMENT_TYPES = new Set([
  'alert',
  'api object',
  'configuration',
  'error message',
  'event',
  'log',
  'stack trace',
]);
const CONTENT_TYPES = new Set([
  'text/plain',
  'application/json',
  'application/yaml',
  'application/xml',
]);

export interface ValidationFailure {
  status: 422;
  body: unknown;
}

const compile = (schemaName: string): ValidateFunction => {
  const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'ols', components: doc.components });
  return ajv.compile({ $ref: `ols#/components/schemas/${schemaName}` });
};

let validators: { query: ValidateFunction; toolCall: ValidateFunction } | undefined;
const getValidators = () =>
  (validators ??= { query: compile('LLMRequest'), toolCall: compile('MCPAppToolCallRequest') });

/** FastAPI's HTTPValidationError shape. */
const fastApiError = (errors: ErrorObject[] | null | undefined): ValidationFailure => ({
  status: 422,
  body: {
    detail: (errors ?? []).map((e) => ({
      type: e.keyword === 'additionalProperties' ? 'extra_forbidden' : e.keyword,
      loc: [
        'body',
        ...e.instancePath.split('/').filter(Boolean),
        ...(e.keyword === 'additionalProperties' ? [String(e.params.additionalProperty)] : []),
      ],
      msg: e.keyword === 'additionalProperties' ? 'Extra inputs are not permitted' : e.message,
    })),
  },
});

export const validateQueryRequest = (body: unknown): ValidationFailure | undefined => {
  const { query } = getValidators();
  if (!query(body)) return fastApiError(query.errors);
  const attachments = (
    body as { attachments?: { attachment_type: string; content_type: string }[] }
  ).attachments;
  for (const a of attachments ?? []) {
    if (!ATTACHMENT_TYPES.has(a.attachment_type) || !CONTENT_TYPES.has(a.content_type)) {
      return {
        status: 422,
        body: {
          detail: {
            response: 'Unable to process this request',
            cause: `Attachment with improper type ${a.attachment_type} (${a.content_type}) detected`,
          },
        },
      };
    }
  }
  return undefined;
};

export const validateToolCallRequest = (body: unknown): ValidationFailure | undefined => {
  const { toolCall } = getValidators();
  return toolCall(body) ? undefined : fastApiError(toolCall.errors);
};
