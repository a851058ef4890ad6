export * from './chips';
export * from './criteria';
export * from './glob';
export * from './match';
export * from './merge';
export * from './parse';
export { parseCompactDuration } from './units';
