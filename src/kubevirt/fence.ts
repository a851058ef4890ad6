/**
 * A Markdown code fence its content cannot close: one backtick longer than the longest backtick
 * run inside (at least three). Shared by the plugin's prompts and the MCP server's tool text, so
 * cluster text reaches the model the same way on both paths: as data, never as instructions.
 */
const longestBacktickRun = (text: string): number => {
  let longest = 0;
  let current = 0;
  for (const char of text) {
    current = char === '`' ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
};

export const fenceBlock = (label: string, content: string): string => {
  const marker = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${marker}${label}\n${content}\n${marker}`;
};
