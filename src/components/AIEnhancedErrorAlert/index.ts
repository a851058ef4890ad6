export { AIEnhancedErrorAlert } from './AIEnhancedErrorAlert';
export type { AIEnhancedErrorAlertProps } from './AIEnhancedErrorAlert';
