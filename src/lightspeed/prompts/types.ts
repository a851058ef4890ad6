import type {
  Condition,
  K8sEvent,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
} from '../../kubevirt/types';

/** Which prompt variant to build: tool-triggering (`mcp`) or attachments-only (`static`). */
export interface PromptOptions {
  capability: 'mcp' | 'static';
  /** cnv-mcp-server's name as registered in OLSConfig (runtime config); default `cnv-mcp-server`. */
  serverName?: string;
  /** Cap on the whole query; default (and maximum useful value) 32000, OLS's own limit. */
  maxQueryChars?: number;
  /**
   * openshift-mcp-server's tools, as capability detection found them (useAICapability().peerTools).
   * Absent: the prompts name none of its tools.
   */
  peerTools?: PeerToolOptions;
}

/** The subset of capabilities' PeerTools the prompts read. */
export interface PeerToolOptions {
  serverName: string;
  guestInfo: boolean;
  lifecycle: boolean;
}

/**
 * A finding of the local rule engine as prompts use it. The diagnosis engine's `Finding`
 * (ruleId, severity, category, message, evidence) is assignable to it.
 */
export interface PromptFinding {
  ruleId: string;
  severity?: string;
  message: string;
}

export interface SearchPromptInput {
  /** What the user typed. */
  userText: string;
  /** Filters the console parsed from the text (VmSearchCriteria), shown to the model. */
  criteria?: object;
  /** The namespace the user is browsing, if any. */
  namespace?: string;
}

export interface DiagnoseConditionPromptInput {
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
  condition: Condition;
  findings?: PromptFinding[];
  events?: K8sEvent[];
  /** The virt-launcher pod. */
  pod?: Pod;
  /** Recent log lines (virt-launcher, importer), newest last. */
  logs?: string[];
}

export interface TroubleshootErrorPromptInput {
  error: { title: string; message: string };
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
  events?: K8sEvent[];
  findings?: PromptFinding[];
  logs?: string[];
}

export interface ExplainStatusPromptInput {
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
}
