/**
 * Test support for the AI surfaces: holds OLS requests open (no answer needed) and reads back the
 * bodies LightspeedCard sent through consoleFetch.
 */
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import { ALL_CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';

export interface SentOlsBody {
  query: string;
  attachments?: { attachment_type: string; content_type: string; content: string }[];
  mode?: string;
}

const OLS_PATH = '/api/proxy/plugin/lightspeed-console-plugin/ols/';

/** Every consoleFetch call to the OLS proxy stays pending (the card shows "waiting"). */
export const holdOlsRequests = () =>
  jest.mocked(consoleFetch).mockImplementation(() => new Promise<Response>(() => undefined));

export const olsCalls = () =>
  jest.mocked(consoleFetch).mock.calls.filter(([url]) => String(url).includes(OLS_PATH));

export const sentOlsBodies = (): SentOlsBody[] =>
  olsCalls().map(([, init]) => JSON.parse(String(init?.body)) as SentOlsBody);

export const namedTools = (query: string): string[] =>
  ALL_CNV_MCP_TOOLS.filter((tool) => query.includes(tool));

/** `{"namespace":"demo","name":"x"}`-style tool arguments in a tool-triggering prompt. */
export const toolArguments = (query: string): Record<string, unknown>[] =>
  [...query.matchAll(/```json\n(\{.*\})\n```/g)].map((match) => JSON.parse(match[1]));
