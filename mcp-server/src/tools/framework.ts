import type { z } from 'zod';
import type { CnvMcpToolName } from '../../../src/kubevirt/mcpTools';
import type { KubeRest } from '../k8s/rest';

/** What a tool may use: the caller's Kubernetes client and the time of the call. */
export interface ToolEnv {
  rest: KubeRest;
  now: Date;
}

export interface ToolOutput<O> {
  structured: O;
  /**
   * Short readable summary (markdown) for the model and the chat, rendered from the REDACTED
   * structured output: the text can only say what the structured content says, so it cannot leak.
   */
  render(redacted: O): string;
}

/** One MCP tool: schemas give validation, JSON Schema and types from one source. */
export interface CnvTool<
  I extends z.ZodTypeAny = z.ZodTypeAny,
  O extends z.ZodTypeAny = z.ZodTypeAny,
> {
  name: CnvMcpToolName;
  title: string;
  description: string;
  input: I;
  output: O;
  run(args: z.infer<I>, env: ToolEnv): Promise<ToolOutput<z.infer<O>>>;
}

export const defineTool = <I extends z.ZodTypeAny, O extends z.ZodTypeAny>(
  tool: CnvTool<I, O>,
): CnvTool<I, O> => tool;
