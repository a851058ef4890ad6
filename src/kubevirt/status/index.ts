export * from './printableStatus';
