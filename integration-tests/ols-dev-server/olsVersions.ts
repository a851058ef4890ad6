/**
 * OLS version profiles: which routes and request fields an OLS release has, as its FastAPI app
 * advertises them at `GET /openapi.json` and enforces them (404 `{"detail":"Not Found"}` for a route
 * the app lacks, 405 `{"detail":"Method Not Allowed"}` for a known path with another method, 422
 * extra_forbidden for a field LLMRequest lacks).
 *
 * Follows openshift/lightspeed-service `docs/openapi.json` (served by FastAPI at /openapi.json, with
 * `info.license` from `ols/app/main.py` added, as its `tests/integration/test_openapi.py` checks) at:
 * - latest = 1.1.3, commit 47c96d87 (our contract src/lightspeed/__fixtures__/ols-openapi.json is that
 *   file byte for byte);
 * - 1.0.10 = the service revision openshift/lightspeed-operator pinned last while its bundle was 1.0.10
 *   (related_images.json, operator commit 3f9569f1, 2026-03-31 → service 0cd43e78);
 * - 1.0.9 = the revision pinned last while the bundle was 1.0.9 (operator 122c7a16 → service 995ab7bf).
 * Checked in lightspeed-service history:
 * - `POST /v1/mcp-apps/tools/call` (and /v1/mcp-apps/resources) came in PR #2781, merged 2026-03-05
 *   (d57480b7) while ols/version.py said 1.0.10; operator bundles 1.0.10 pin it from 2026-03-13
 *   (operator b6812a73). Earlier 1.0.10 bundle builds lacked it; 1.0.9 never had it.
 * - `/v1/mcp/client-auth-headers` and `LLMRequest.mcp_headers` (PR #2736, merged 2026-02-09) and
 *   `/v1/tool-approvals/decision` (PR #2812, merged 2026-03-17) are in 1.0.10, not in 1.0.9.
 * - `LLMRequest.mode` (QueryMode) came in PR #2807, merged 2026-03-26 (e6957b87) when version.py
 *   said 1.0.11; the first operator bundle that pins it is 1.0.11 (operator d0e26217, 2026-04-09).
 *   No 1.0.10 build has it.
 * - The `query` max length (32000), 10-attachment limit and 100000-char attachment content limit came
 *   in PR #3034 (1.1.2 line): older profiles do not enforce them.
 * The older documents are derived from the 1.1.3 contract by removing what those releases lack; other
 * differences (descriptions, response models) are not modelled.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const OPENAPI_PATH = path.resolve(
  __dirname,
  '../../src/lightspeed/__fixtures__/ols-openapi.json',
);

export const OLS_VERSIONS = ['1.0.9', '1.0.10', 'latest'] as const;
export type OlsVersion = (typeof OLS_VERSIONS)[number];

/** `info.version` each profile advertises. */
const ADVERTISED_VERSION: Record<OlsVersion, string | undefined> = {
  '1.0.9': '1.0.9',
  '1.0.10': '1.0.10',
  latest: undefined, // the contract's own (1.1.3)
};

/** From ols/app/main.py `license_info`; FastAPI adds it, docs/openapi.json leaves it out. */
const LICENSE = { name: 'Apache 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0.html' };

interface Removal {
  paths: string[];
  schemas: string[];
  llmRequestFields: string[];
}

const NOT_IN_1_0_10: Removal = {
  paths: [],
  schemas: ['QueryMode'],
  llmRequestFields: ['mode'],
};

const NOT_IN: Record<OlsVersion, Removal> = {
  latest: { paths: [], schemas: [], llmRequestFields: [] },
  '1.0.10': NOT_IN_1_0_10,
  '1.0.9': {
    paths: [
      '/v1/mcp/client-auth-headers',
      '/v1/mcp-apps/resources',
      '/v1/mcp-apps/tools/call',
      '/v1/tool-approvals/decision',
    ],
    schemas: [
      ...NOT_IN_1_0_10.schemas,
      'MCPAppResourceRequest',
      'MCPAppResourceResponse',
      'MCPAppToolCallRequest',
      'MCPAppToolCallResponse',
      'MCPHeadersResponse',
      'MCPServerHeaderInfo',
      'ToolApprovalDecisionRequest',
    ],
    llmRequestFields: [...NOT_IN_1_0_10.llmRequestFields, 'mcp_headers'],
  },
};

/** Request limits added in the 1.1.2 line (PR #3034). */
const dropLimits = (schemas: Record<string, Record<string, unknown>>) => {
  const props = (name: string) =>
    (schemas[name]?.properties ?? {}) as Record<string, Record<string, unknown>>;
  delete props('LLMRequest').query?.maxLength;
  delete props('Attachment').content?.maxLength;
  for (const branch of (props('LLMRequest').attachments?.anyOf ?? []) as Record<string, unknown>[])
    delete branch.maxItems;
};

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

let contract: string | undefined;
const documents = new Map<OlsVersion, OpenApiDocument>();

/** The OpenAPI document the given OLS release serves at /openapi.json (shared: do not mutate). */
export const openApiFor = (requested: OlsVersion): OpenApiDocument => {
  // A mistyped profile from a dev switch serves the latest release rather than failing every route.
  const version: OlsVersion = isOlsVersion(requested) ? requested : 'latest';
  const cached = documents.get(version);
  if (cached) return cached;
  contract ??= readFileSync(OPENAPI_PATH, 'utf8');
  const doc = JSON.parse(contract) as OpenApiDocument;
  const removal = NOT_IN[version];
  for (const p of removal.paths) delete doc.paths[p];
  for (const s of removal.schemas) delete doc.components.schemas[s];
  const llmRequest = doc.components.schemas.LLMRequest as { properties: Record<string, unknown> };
  for (const f of removal.llmRequestFields) delete llmRequest.properties[f];
  if (version !== 'latest') dropLimits(doc.components.schemas);
  const { title, description, version: contractVersion, ...rest } = doc.info;
  // FastAPI's get_openapi order: title, description, license, version.
  doc.info = {
    title,
    description,
    ...rest,
    license: LICENSE,
    version: ADVERTISED_VERSION[version] ?? contractVersion,
  };
  documents.set(version, doc);
  return doc;
};

const pathPattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`);

/**
 * How the release's router answers a request to one of OLS's documented paths: undefined when the
 * route exists (or the path is not an OLS API path at all), else the FastAPI/Starlette error.
 */
export const routeGate = (
  version: OlsVersion,
  method: string | undefined,
  pathname: string,
): [number, { detail: string }] | undefined => {
  const all = openApiFor('latest').paths;
  const template = Object.keys(all).find((t) => pathPattern(t).test(pathname));
  if (!template) return undefined;
  const item = openApiFor(version).paths[template];
  if (!item) return [404, { detail: 'Not Found' }];
  if (!(String(method).toLowerCase() in item)) return [405, { detail: 'Method Not Allowed' }];
  return undefined;
};

export const isOlsVersion = (v: unknown): v is OlsVersion =>
  (OLS_VERSIONS as readonly unknown[]).includes(v);
