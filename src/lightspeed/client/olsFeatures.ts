import { OLS_OPENAPI_URL } from './constants';
import { createCallGuard, getJson, readJsonBody } from './http';

/**
 * What the deployed OLS accepts, read from its own OpenAPI document (FastAPI serves `/openapi.json`
 * for every lightspeed-service release) instead of an admin setting that can be wrong.
 * - `toolCallRoute`: `POST /v1/mcp-apps/tools/call` (from the lightspeed-service 1.0.10 line); without
 *   it the capability probe cannot run and tool prompts are not offered.
 * - `modeField`: `LLMRequest.mode` (`ask | troubleshooting`; OLS answers 422 to unknown fields).
 */
export interface OlsFeatures {
  toolCallRoute: boolean;
  modeField: boolean;
}

const TOOL_CALL_PATH = '/v1/mcp-apps/tools/call';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Resolves `{$ref: '#/components/schemas/X'}` one level, as FastAPI emits request bodies. */
const schemaAt = (
  doc: Record<string, unknown>,
  ref: unknown,
): Record<string, unknown> | undefined => {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = isRecord(node) ? node[part] : undefined;
  return isRecord(node) ? node : undefined;
};

/** The request schema of `POST <path>` (application/json), or undefined. */
const requestSchema = (doc: Record<string, unknown>, path: string) => {
  const paths = isRecord(doc.paths) ? doc.paths : {};
  const post = isRecord(paths[path]) ? (paths[path] as Record<string, unknown>).post : undefined;
  const content =
    isRecord(post) && isRecord(post.requestBody) ? post.requestBody.content : undefined;
  const json = isRecord(content) ? content['application/json'] : undefined;
  const schema = isRecord(json) ? json.schema : undefined;
  if (!isRecord(schema)) return undefined;
  return schema.$ref !== undefined ? schemaAt(doc, schema.$ref) : schema;
};

/** Undefined when the document is not an OpenAPI document of OLS (garbage, an HTML error page). */
export const parseOlsFeatures = (doc: unknown): OlsFeatures | undefined => {
  if (!isRecord(doc) || typeof doc.openapi !== 'string' || !isRecord(doc.paths)) return undefined;
  const query = requestSchema(doc, '/v1/streaming_query') ?? requestSchema(doc, '/v1/query');
  if (!query) return undefined;
  const properties = isRecord(query.properties) ? query.properties : {};
  const paths = doc.paths;
  return {
    toolCallRoute: isRecord(paths[TOOL_CALL_PATH]) && isRecord(paths[TOOL_CALL_PATH].post),
    modeField: isRecord(properties.mode),
  };
};

/**
 * GET /openapi.json once; any failure (404, timeout, garbage) resolves undefined and the caller
 * decides from the probe alone.
 */
export const fetchOlsFeatures = async (
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<OlsFeatures | undefined> => {
  const guard = createCallGuard(options.signal, options.timeoutMs ?? 10_000);
  try {
    const response = await getJson(OLS_OPENAPI_URL, guard);
    return parseOlsFeatures(await readJsonBody(response, guard));
  } catch {
    return undefined;
  } finally {
    guard.dispose();
  }
};
