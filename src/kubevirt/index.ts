export * from './types';
export * from './mcpTools';
export * from './status';
export * from './vm';
export * from './search';
export * from './diagnosis';
export * from './health';
export * from './redaction';
