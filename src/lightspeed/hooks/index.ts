export {
  useLightspeedQuery,
  usedAnyExpectedTool,
  type LightspeedQueryState,
  type LightspeedQueryStatus,
  type UseLightspeedQuery,
  type UseLightspeedQueryOptions,
} from './useLightspeedQuery';
export {
  toLightspeedConsoleAttachments,
  type LightspeedConsoleAttachment,
} from './lightspeedConsoleAttachments';
export {
  useOpenOLSHandler,
  OLS_OPEN_HANDLER_CONTEXT,
  type OpenOLS,
  type UseOpenOLS,
} from './useOpenInLightspeed';
