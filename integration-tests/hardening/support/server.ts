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

export const startServer = (kubeconfig: string, args: string[] = []): Promise<HttpServer> => {
  if (!existsSync(SERVER_BIN)) buildServer();
  return startHttpServer(kubeconfig, args);
};
