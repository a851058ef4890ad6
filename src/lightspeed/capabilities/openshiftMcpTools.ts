/**
 * Tools of openshift-mcp-server (kubernetes-mcp-server's `kubevirt` toolset, v0.0.67) that our
 * prompts may name when it is registered. No imports: prompts and the dev servers read it too.
 */
export const OPENSHIFT_MCP_TOOLS = {
  /** start | stop | restart a VM (annotated destructive: OLS asks the user to approve it). */
  lifecycle: 'vm_lifecycle',
  /** Guest agent data: OS, hostname, filesystems, users, network interfaces (read-only). */
  guestInfo: 'vm_guest_info',
} as const;

/** Name the chart registers it under in OLSConfig spec.mcpServers (openshiftMcpServer.name). */
export const DEFAULT_OPENSHIFT_MCP_SERVER_NAME = 'openshift-mcp-server';

/** The detection probe's arguments: a VM that does not exist, so it reads nothing and changes nothing. */
export const PEER_PROBE_ARGS = { namespace: 'default', name: 'kubevirt-lightspeed-probe' } as const;
