/**
 * Finds the tool calls a tool-triggering prompt asks for: each known tool name (cnv-mcp-server's,
 * plus those of any other registered MCP server) followed by a JSON object of arguments. This stands
 * in for the LLM's tool choice in the dev server only.
 */
import { ALL_CNV_MCP_TOOLS } from '../../src/kubevirt/mcpTools';

export interface RequestedToolCall {
  name: string;
  args: Record<string, unknown>;
}

/** Reads one balanced JSON object starting at `start` (which must be '{'), honouring strings. */
const readJsonObject = (text: string, start: number): string | undefined => {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
};

/** Where `name` occurs as a whole word (`pods_list` is not found inside `pods_list_in_namespace`). */
const indexOfTool = (query: string, name: string): number => {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return query.search(new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`));
};

export const toolCallsInPrompt = (
  query: string,
  maxCalls = 4,
  toolNames: readonly string[] = ALL_CNV_MCP_TOOLS,
): RequestedToolCall[] => {
  const found: { index: number; call: RequestedToolCall }[] = [];
  for (const name of new Set(toolNames)) {
    const index = indexOfTool(query, name);
    if (index < 0) continue;
    const brace = query.indexOf('{', index + name.length);
    // Arguments belong to this tool only when they follow it closely.
    let args: Record<string, unknown> = {};
    if (brace >= 0 && brace - (index + name.length) < 200) {
      const json = readJsonObject(query, brace);
      try {
        const parsed: unknown = json ? JSON.parse(json) : {};
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          args = parsed as Record<string, unknown>;
        }
      } catch {
        args = {};
      }
    }
    found.push({ index, call: { name, args } });
  }
  // A tool named without arguments of its own ("... with the same JSON arguments") gets the
  // arguments of the call before it, as a model would pass them.
  let previous: Record<string, unknown> = {};
  return found
    .sort((a, b) => a.index - b.index)
    .slice(0, maxCalls)
    .map(({ call }) => {
      const args = Object.keys(call.args).length ? call.args : previous;
      previous = args;
      return { name: call.name, args };
    });
};
