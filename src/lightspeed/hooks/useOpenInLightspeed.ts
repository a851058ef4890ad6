import { useResolvedExtensions } from '@openshift-console/dynamic-plugin-sdk';
import type { CodeRef, Extension } from '@openshift-console/dynamic-plugin-sdk/lib/types';
import type { LightspeedConsoleAttachment } from './lightspeedConsoleAttachments';

/** lightspeed-console's opener: `(prompt, attachments, submitImmediately, hidePrompt) => void`. */
export type OpenOLS = (
  prompt?: string,
  attachments?: LightspeedConsoleAttachment[],
  submitImmediately?: boolean,
  hidePrompt?: boolean,
) => void;

/** A hook (it dispatches into lightspeed-console's Redux store), returning the opener. */
export type UseOpenOLS = () => OpenOLS;

export const OLS_OPEN_HANDLER_CONTEXT = 'ols-open-handler';

type OpenOLSHandlerExtension = Extension<
  'console.action/provider',
  { contextId: string; provider: CodeRef<UseOpenOLS> }
>;

const isOpenOLSHandlerExtension = (extension: Extension): extension is OpenOLSHandlerExtension =>
  extension.type === 'console.action/provider' &&
  (extension.properties as { contextId?: unknown })?.contextId === OLS_OPEN_HANDLER_CONTEXT;

/**
 * lightspeed-console's `useOpenOLS` hook, contributed as a `console.action/provider` with contextId
 * `ols-open-handler`; undefined when the Lightspeed plugin (or that extension) is absent. Call the
 * returned hook at the top level of a component that is only rendered when it is defined.
 */
export const useOpenOLSHandler = (): UseOpenOLS | undefined => {
  const [extensions, resolved] =
    useResolvedExtensions<OpenOLSHandlerExtension>(isOpenOLSHandlerExtension);
  const provider = resolved ? extensions[0]?.properties?.provider : undefined;
  return typeof provider === 'function' ? provider : undefined;
};
