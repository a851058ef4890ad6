export * from './accessors';
export * from './os';
export * from './quantity';
export * from './resources';
export * from './entries';
