export { AIEnhancedConditionPopover } from './AIEnhancedConditionPopover';
export type { AIEnhancedConditionPopoverProps } from './AIEnhancedConditionPopover';
export { findingsForCondition, isConditionUnhealthy } from './conditionFindings';
