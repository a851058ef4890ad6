/**
 * Reads a prompt the way a Markdown renderer (and a careful model) would: fenced blocks and the
 * text outside them. Used by tests to prove that cluster data never escapes its fence.
 */
export interface FencedBlock {
  label: string;
  content: string;
  closed: boolean;
}

export interface ParsedPrompt {
  blocks: FencedBlock[];
  /** Every line outside a fenced block, in order. */
  outside: string[];
}

const OPENING = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;

export const parseFences = (query: string): ParsedPrompt => {
  const lines = query.split('\n');
  const blocks: FencedBlock[] = [];
  const outside: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const opening = OPENING.exec(lines[index]);
    if (!opening) {
      outside.push(lines[index]);
      continue;
    }
    const fenceChar = opening[1][0];
    const closing = new RegExp(
      `^ {0,3}${fenceChar === '`' ? '`' : '~'}{${opening[1].length},}[ \\t]*$`,
    );
    const content: string[] = [];
    let closed = false;
    for (index += 1; index < lines.length; index += 1) {
      if (closing.test(lines[index])) {
        closed = true;
        break;
      }
      content.push(lines[index]);
    }
    blocks.push({ label: opening[2].trim(), content: content.join('\n'), closed });
  }
  return { blocks, outside };
};

/** The JSON arguments the prompt gives for `tool`: the json block right after its call line. */
export const toolArgumentsIn = (query: string, tool: string): unknown => {
  const callLine = query
    .split('\n')
    .findIndex((line) => line.includes(`Call the \`${tool}\` tool`));
  if (callLine < 0) return undefined;
  const after = parseFences(
    query
      .split('\n')
      .slice(callLine + 1)
      .join('\n'),
  );
  const block = after.blocks[0];
  return block?.label === 'json' ? JSON.parse(block.content) : undefined;
};
