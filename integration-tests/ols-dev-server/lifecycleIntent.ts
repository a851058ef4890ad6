/**
 * "Restart this VM" without an LLM: when a prompt asks to start, stop or restart a VM and names no
 * tool, the dev server picks `vm_lifecycle` (openshift-mcp-server) for the VM the prompt is about,
 * as a model with that tool would. The VM comes from an attached VirtualMachine YAML (what the
 * plugin and lightspeed-console attach) or from `namespace/name` in the prompt.
 */
import { parseAllDocuments } from 'yaml';
import { OPENSHIFT_MCP_TOOLS } from '../../src/lightspeed/capabilities/openshiftMcpTools';
import type { ReceivedAttachment } from './composeAnswer';
import type { RequestedToolCall } from './toolCallsInPrompt';

export const VM_LIFECYCLE_TOOL = OPENSHIFT_MCP_TOOLS.lifecycle;

/**
 * An imperative at the start of a line ("Restart this VM", "please stop the virtual machine"):
 * advice inside a longer prompt ("... then restart the VM") is not a request to act.
 */
const ACTION =
  /^\s*(?:please\s+)?(restart|start|stop)(?:\s+(?:this|the|my|that))?\s+(?:vm|virtual\s*machine)\b/im;
const QUALIFIED = /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)\b/;

const vmFromAttachments = (
  attachments: readonly ReceivedAttachment[],
): { namespace: string; name: string } | undefined => {
  for (const attachment of attachments) {
    if (attachment.attachment_type !== 'api object') continue;
    try {
      for (const doc of parseAllDocuments(attachment.content)) {
        const obj = doc.toJS() as {
          kind?: unknown;
          metadata?: { name?: unknown; namespace?: unknown };
        } | null;
        const { name, namespace } = obj?.metadata ?? {};
        if (
          obj?.kind === 'VirtualMachine' &&
          typeof name === 'string' &&
          typeof namespace === 'string'
        ) {
          return { namespace, name };
        }
      }
    } catch {
      // Not YAML: look at the next attachment.
    }
  }
  return undefined;
};

export const lifecycleIntent = (
  query: string,
  attachments: readonly ReceivedAttachment[],
): RequestedToolCall | undefined => {
  const action = ACTION.exec(query)?.[1]?.toLowerCase();
  if (!action) return undefined;
  const vm =
    vmFromAttachments(attachments) ??
    (() => {
      const m = QUALIFIED.exec(query);
      return m ? { namespace: m[1], name: m[3] } : undefined;
    })();
  if (!vm) return undefined;
  return { name: VM_LIFECYCLE_TOOL, args: { namespace: vm.namespace, name: vm.name, action } };
};
