// esbuild replaces __CNV_MCP_VERSION__ with package.json's version; under jest it is not defined.
declare const __CNV_MCP_VERSION__: string | undefined;

export const SERVER_NAME = 'cnv-mcp-server';
export const SERVER_VERSION: string =
  typeof __CNV_MCP_VERSION__ === 'string' ? __CNV_MCP_VERSION__ : '0.0.0-dev';
