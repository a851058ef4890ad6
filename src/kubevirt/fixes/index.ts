export type { AccessAttributes, FixAction, FixOperation, FixRequest, JsonPatchOp } from './model';
export { SUBRESOURCE_API, VM_API } from './model';
export {
  activeMigration,
  applicable,
  inverseOf,
  isPaused,
  requestFor,
  type VmState,
} from './operations';
export { fixForSuggestion, parseCommand, undoOf } from './fromSuggestion';
export { fixEvent, FIX_EVENT_REASON, UNDO_EVENT_REASON } from './event';
