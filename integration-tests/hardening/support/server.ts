/** Starting the built cnv-mcp-server for the hardening suites (builds it only when missing). */
import { existsSync } from 'node:fs';
import {
  buildServer,
  SERVER_BIN,
  startHttpServer,
  type HttpServer,
} from '../../../mcp-server/src/testing/harness';

export const TOOL_NAMES = [
  'search_virtual_machines',
  'diagnose_vm_error',
  'explain_vm_status',
  'check_vm_dependencies',
  'get_vm_events',
  'suggest_vm_fix',
] as const;

export const PER_VM_TOOLS = TOOL_NAMES.filter((name) => name !== 'search_virtual_machines');

/**
 * The server's own e2e suites rebuild the bundle in their beforeAll, possibly while a hardening
 * suite starts it in a parallel jest worker; a start that catches the file mid-write is retried.
 */
export const startServer = async (kubeconfig: string, args: string[] = []): Promise<HttpServer> => {
  if (!existsSync(SERVER_BIN)) buildServer();
  try {
    return await startHttpServer(kubeconfig, args);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return startHttpServer(kubeconfig, args);
  }
};
