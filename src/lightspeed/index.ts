/**
 * Public API of the Lightspeed client layer, used by the AI surfaces (search bar, condition popover,
 * error alert): request/stream/tool-call client, capability detection, query hooks and prompts.
 */
export * from './types';
export * from './client';
export * from './capabilities';
export * from './hooks';
export * from './prompts';
