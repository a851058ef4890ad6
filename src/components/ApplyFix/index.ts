export { AppliableFixes, type AppliableFixesProps } from './AppliableFixes';
export { ApplyFixModal, type ApplyFixModalProps } from './ApplyFixModal';
export { sdkFixClient, type FixClient, type AccessAnswer } from './fixClient';
export { useFixesEnabled, parseFixesEnabled } from './useFixesEnabled';
