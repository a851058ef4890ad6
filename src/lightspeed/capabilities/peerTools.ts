/**
 * openshift-mcp-server (upstream kubernetes-mcp-server with its `kubevirt` toolset) registered in
 * OLS next to cnv-mcp-server: the tools of it our prompts may name. Registration is detected the
 * way cnv-mcp-server's is, with one read-only tools/call through OLS (`vm_guest_info` on a VM that
 * does not exist: any answer of the tool proves the server is registered and has the tool; a
 * refused call means it is not there). `vm_lifecycle` is a write tool and is never probed: the
 * admin's runtime config says whether the server exposes it (the chart renders `lifecycle` from
 * openshiftMcpServer.allowLifecycle).
 */
import { callMcpTool } from '../client/callMcpTool';
import {
  DEFAULT_OPENSHIFT_MCP_SERVER_NAME,
  OPENSHIFT_MCP_TOOLS,
  PEER_PROBE_ARGS,
} from './openshiftMcpTools';

export { DEFAULT_OPENSHIFT_MCP_SERVER_NAME, OPENSHIFT_MCP_TOOLS, PEER_PROBE_ARGS };

/** plugin-config.json `ai.openshiftMcpServer`; absent: the admin registered none. */
export interface OpenshiftMcpRuntimeConfig {
  name: string;
  /** The server exposes vm_lifecycle (start/stop/restart). */
  lifecycle: boolean;
}

/** What the prompts may use; undefined when the server is not registered (or not reachable). */
export interface PeerTools {
  serverName: string;
  guestInfo: boolean;
  lifecycle: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const parseOpenshiftMcpConfig = (raw: unknown): OpenshiftMcpRuntimeConfig | undefined => {
  if (!isRecord(raw)) return undefined;
  const name = typeof raw.name === 'string' ? raw.name.trim() : DEFAULT_OPENSHIFT_MCP_SERVER_NAME;
  if (!NAME.test(name)) return undefined;
  return { name, lifecycle: raw.lifecycle === true };
};

export const detectPeerTools = async (
  config: OpenshiftMcpRuntimeConfig | undefined,
  signal?: AbortSignal,
): Promise<PeerTools | undefined> => {
  if (!config) return undefined;
  try {
    // Resolves for any answer of the tool, is_error included (the VM does not exist).
    await callMcpTool({
      serverName: config.name,
      toolName: OPENSHIFT_MCP_TOOLS.guestInfo,
      args: { ...PEER_PROBE_ARGS },
      signal,
    });
  } catch {
    return undefined;
  }
  return { serverName: config.name, guestInfo: true, lifecycle: config.lifecycle };
};
