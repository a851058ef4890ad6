export { AIAccessHint } from './AIAccessHint';
