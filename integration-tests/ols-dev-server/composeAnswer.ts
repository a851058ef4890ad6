/** Turns tool results (or attachments, for static prompts) into the dev server's markdown answer. */

export const DEV_BANNER =
  '_Answer from the local OLS dev stand-in: no LLM is involved; it reports what the cnv-mcp-server tools returned._';

export interface ToolOutcome {
  name: string;
  isError: boolean;
  text: string;
  structured?: Record<string, unknown>;
}

const rootCauseLine = (structured: Record<string, unknown> | undefined): string | undefined => {
  const rootCause = structured?.rootCause as {
    category?: string;
    summary?: string;
    ruleId?: string;
  } | null;
  if (rootCause === undefined) return undefined;
  if (rootCause === null)
    return '**Root cause:** none — the VM looks healthy or deliberately stopped.';
  return `**Root cause: ${rootCause.category}** (rule \`${rootCause.ruleId}\`): ${rootCause.summary}`;
};

/**
 * cnv-mcp-server fences its text as data (a rule line, then a ```cluster-data block); a model reads
 * through the fence, so the stand-in answers with what is inside it.
 */
const FENCED = /^[^\n]*\n(`{3,})cluster-data\n([\s\S]*)\n\1$/;
const unfence = (text: string): string => FENCED.exec(text)?.[2] ?? text;

export const composeToolAnswer = (outcomes: ToolOutcome[]): string => {
  const parts = [DEV_BANNER];
  for (const o of outcomes) {
    const lead = rootCauseLine(o.structured);
    if (lead) parts.push(lead);
    parts.push(o.isError ? `The tool \`${o.name}\` failed: ${o.text}` : unfence(o.text));
  }
  return parts.join('\n\n');
};

export interface ReceivedAttachment {
  attachment_type: string;
  content_type: string;
  content: string;
}

export const composeStaticAnswer = (query: string, attachments: ReceivedAttachment[]): string => {
  const lines = [
    DEV_BANNER.replace('what the cnv-mcp-server tools returned', 'what it received'),
    `No cnv-mcp-server tool was requested. The question had ${query.length} characters and ${attachments.length} attachment(s):`,
    ...attachments.map((a) => {
      const kind = /^kind:\s*(\S+)/m.exec(a.content)?.[1];
      const name = /^\s{2}name:\s*(\S+)/m.exec(a.content)?.[1];
      return `- ${a.attachment_type} (${a.content_type})${kind ? `: ${kind}` : ''}${name ? ` ${name}` : ''}, ${a.content.length} characters`;
    }),
  ];
  return lines.join('\n');
};
