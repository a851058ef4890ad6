/**
 * Validates request bodies the way OLS's FastAPI app does (pydantic v2 models of
 * openshift/lightspeed-service `ols/app/models/models.py`, 1.1.3): against the schemas of the OLS
 * OpenAPI document of the selected version profile (LLMRequest / MCPAppToolCallRequest forbid extra
 * fields → 422 extra_forbidden; FeedbackRequest ignores them), in FastAPI's HTTPValidationError shape
 * (`{detail: [{type, loc, msg, input, ctx?}]}`, field errors in field order, then extras), plus the
 * models' own validators: OLS's attachment type checks (`ols/app/endpoints/ols.py`) and
 * FeedbackRequest's conversation_id / sentiment / "sentiment or user_feedback" checks.
 * Unlike pydantic's lax mode, no value is coerced ("1" is not an integer here).
 */
import type { OlsVersion } from './olsVersions';
import { openApiFor } from './olsVersions';

export { OPENAPI_PATH } from './olsVersions';

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

export interface FastApiError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

type Schema = {
  $ref?: string;
  type?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  maxLength?: number;
  maxItems?: number;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pyRepr = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** pydantic-core's messages for the JSON Schema types OLS's models use. */
const TYPE_ERRORS: Record<string, [string, string, (v: unknown) => boolean]> = {
  string: ['string_type', 'Input should be a valid string', (v) => typeof v === 'string'],
  integer: ['int_type', 'Input should be a valid integer', (v) => Number.isInteger(v)],
  boolean: ['bool_type', 'Input should be a valid boolean', (v) => typeof v === 'boolean'],
  array: ['list_type', 'Input should be a valid list', Array.isArray],
  object: ['dict_type', 'Input should be a valid dictionary', isObject],
};

const validateValue = (
  components: Record<string, Schema>,
  schema: Schema,
  value: unknown,
  loc: (string | number)[],
  isModel = false,
): FastApiError[] => {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() as string;
    const target = components[name];
    return validateValue(components, target, value, loc, target.type === 'object');
  }
  if (schema.anyOf) {
    // Optional[X] is X-or-null: pydantic reports X's errors only.
    const nonNull = schema.anyOf.filter((s) => s.type !== 'null');
    if (value === null && nonNull.length < schema.anyOf.length) return [];
    return validateValue(components, nonNull[0], value, loc);
  }
  if (schema.enum) {
    if (schema.enum.includes(value)) return [];
    const expected = schema.enum.map(pyRepr);
    const text = `${expected.slice(0, -1).join(', ')}${expected.length > 1 ? ' or ' : ''}${expected[expected.length - 1]}`;
    return [
      { type: 'enum', loc, msg: `Input should be ${text}`, input: value, ctx: { expected: text } },
    ];
  }
  const check = schema.type ? TYPE_ERRORS[schema.type] : undefined;
  if (check && !check[2](value)) {
    if (isModel)
      return [
        {
          type: 'model_attributes_type',
          loc,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: value,
        },
      ];
    if (schema.type === 'integer' && typeof value === 'number')
      return [
        {
          type: 'int_from_float',
          loc,
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input: value,
        },
      ];
    return [{ type: check[0], loc, msg: check[1], input: value }];
  }
  if (schema.type === 'string' && schema.maxLength !== undefined) {
    if ((value as string).length > schema.maxLength)
      return [
        {
          type: 'string_too_long',
          loc,
          msg: `String should have at most ${schema.maxLength} characters`,
          input: value,
          ctx: { max_length: schema.maxLength },
        },
      ];
  }
  if (schema.type === 'array') {
    const items = value as unknown[];
    if (schema.maxItems !== undefined && items.length > schema.maxItems)
      return [
        {
          type: 'too_long',
          loc,
          msg: `List should have at most ${schema.maxItems} items after validation, not ${items.length}`,
          input: value,
          ctx: { field_type: 'List', max_length: schema.maxItems, actual_length: items.length },
        },
      ];
    return schema.items
      ? items.flatMap((item, i) => validateValue(components, schema.items!, item, [...loc, i]))
      : [];
  }
  if (schema.type === 'object') {
    const obj = value as Record<string, unknown>;
    const errors: FastApiError[] = [];
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      if (name in obj) errors.push(...validateValue(components, prop, obj[name], [...loc, name]));
      else if (schema.required?.includes(name))
        errors.push({ type: 'missing', loc: [...loc, name], msg: 'Field required', input: obj });
    }
    const extra = Object.keys(obj).filter((k) => !(k in (schema.properties ?? {})));
    if (schema.additionalProperties === false) {
      for (const k of extra)
        errors.push({
          type: 'extra_forbidden',
          loc: [...loc, k],
          msg: 'Extra inputs are not permitted',
          input: obj[k],
        });
    } else if (isObject(schema.additionalProperties)) {
      for (const k of extra)
        errors.push(...validateValue(components, schema.additionalProperties, obj[k], [...loc, k]));
    }
    return errors;
  }
  return [];
};

/** FastAPI body validation of one model; a missing (empty or `null`) body is one "missing" error. */
export const validateModel = (
  schemaName: string,
  body: unknown,
  version: OlsVersion = 'latest',
): FastApiError[] => {
  if (body === undefined || body === null)
    return [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }];
  const { schemas } = openApiFor(version).components as { schemas: Record<string, Schema> };
  return validateValue(schemas, { $ref: schemaName }, body, ['body']);
};

const failure = (detail: unknown): ValidationFailure => ({ status: 422, body: { detail } });

export const validateQueryRequest = (
  body: unknown,
  version: OlsVersion = 'latest',
): ValidationFailure | undefined => {
  const errors = validateModel('LLMRequest', body, version);
  if (errors.length) return failure(errors);
  const attachments = (
    body as { attachments?: { attachment_type: string; content_type: string }[] | null }
  ).attachments;
  for (const a of attachments ?? []) {
    if (!ATTACHMENT_TYPES.has(a.attachment_type) || !CONTENT_TYPES.has(a.content_type)) {
      return failure({
        response: 'Unable to process this request',
        cause: `Attachment with improper type ${a.attachment_type} (${a.content_type}) detected`,
      });
    }
  }
  return undefined;
};

export const validateToolCallRequest = (
  body: unknown,
  version: OlsVersion = 'latest',
): ValidationFailure | undefined => {
  const errors = validateModel('MCPAppToolCallRequest', body, version);
  return errors.length ? failure(errors) : undefined;
};

/** What Python's uuid.UUID(str) accepts, short of int()'s sign/underscore leniency. */
const isSuid = (s: string) =>
  /^[0-9a-f]{32}$/i.test(
    s
      .replace(/urn:/g, '')
      .replace(/uuid:/g, '')
      .replace(/^\{+|\}+$/g, '')
      .replace(/-/g, ''),
  );

const valueError = (loc: (string | number)[], message: string, input: unknown): FastApiError => ({
  type: 'value_error',
  loc,
  msg: `Value error, ${message}`,
  input,
  ctx: { error: {} },
});

/** FeedbackRequest (ols/app/models/models.py): schema, then its field and model validators. */
export const validateFeedbackRequest = (
  body: unknown,
  version: OlsVersion = 'latest',
): ValidationFailure | undefined => {
  const errors = validateModel('FeedbackRequest', body, version);
  if (errors.some((e) => e.loc.length === 1)) return failure(errors);
  const fb = body as Record<string, unknown>;
  const bad = (field: string) => errors.some((e) => e.loc[1] === field);
  // Field validators run on each field that passed its type check, in field order.
  const fieldErrors: FastApiError[] = [];
  if ('conversation_id' in fb && !bad('conversation_id') && !isSuid(fb.conversation_id as string))
    fieldErrors.push(
      valueError(
        ['body', 'conversation_id'],
        `Improper conversation ID ${fb.conversation_id}`,
        fb.conversation_id,
      ),
    );
  const sentiment = fb.sentiment ?? null;
  if (!bad('sentiment') && sentiment !== null && sentiment !== 1 && sentiment !== -1)
    fieldErrors.push(
      valueError(
        ['body', 'sentiment'],
        `Improper value ${sentiment}, needs to be -1 or 1`,
        fb.sentiment,
      ),
    );
  const all = [...errors, ...fieldErrors].sort(
    (a, b) => FEEDBACK_FIELDS.indexOf(String(a.loc[1])) - FEEDBACK_FIELDS.indexOf(String(b.loc[1])),
  );
  if (all.length) return failure(all);
  if ((fb.sentiment ?? null) === null && (fb.user_feedback ?? null) === null)
    return failure([
      valueError(['body'], "Either 'sentiment' or 'user_feedback' must be set", body),
    ]);
  return undefined;
};

const FEEDBACK_FIELDS = [
  'conversation_id',
  'user_question',
  'llm_response',
  'sentiment',
  'user_feedback',
];
