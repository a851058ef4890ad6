import { useCallback, useEffect, useRef, useState } from 'react';
import { useAICapability } from '../capabilities/useAICapability';
import { OlsError } from '../client/errors';
import { emptyQueryResult } from '../client/resultReducer';
import { streamQuery } from '../client/streamQuery';
import type { LightspeedRequest, OLSQueryResult } from '../types';

export type LightspeedQueryStatus = 'idle' | 'waiting' | 'streaming' | 'done' | 'error';

export interface LightspeedQueryState {
  status: LightspeedQueryStatus;
  result: OLSQueryResult;
  error?: OlsError;
  /** True when the answer used at least one of `request.expectedTools` (undefined until done). */
  usedExpectedTools?: boolean;
}

export interface UseLightspeedQueryOptions {
  /** Start as soon as OLS is known to be usable (default true). */
  autoStart?: boolean;
  onResult?: (result: OLSQueryResult) => void;
}

export interface UseLightspeedQuery extends LightspeedQueryState {
  /** (Re)sends the request, cancelling one in progress. */
  start: () => void;
  cancel: () => void;
  /** False while capability detection runs, or when AI is off: nothing is sent then. */
  canQuery: boolean;
}

const IDLE: LightspeedQueryState = { status: 'idle', result: emptyQueryResult() };

/** Whether the answer called one of the tools the prompt asked for. */
export const usedAnyExpectedTool = (
  result: OLSQueryResult,
  expectedTools: readonly string[],
): boolean => result.toolCalls.some((call) => expectedTools.includes(call.name));

/**
 * Sends one LightspeedRequest and tracks its streamed answer. Cancels on unmount and on restart;
 * honours the admin config (timeout, limits, `mode` support); demotes the session to static prompts
 * when a tool-triggering answer used none of the expected tools.
 */
export const useLightspeedQuery = (
  request: LightspeedRequest,
  { autoStart = true, onResult }: UseLightspeedQueryOptions = {},
): UseLightspeedQuery => {
  const { capability, loading, config, features, demote } = useAICapability();
  const [state, setState] = useState<LightspeedQueryState>(IDLE);
  const controllerRef = useRef<AbortController | undefined>(undefined);
  const onResultRef = useRef(onResult);
  const latest = useRef({ request, capability, config, features, demote });
  // Callbacks read the latest props without being re-created (which would restart the request).
  // Declared before the auto-start effect so it runs first in the same commit.
  useEffect(() => {
    onResultRef.current = onResult;
    latest.current = { request, capability, config, features, demote };
  });
  const canQuery = !loading && capability !== 'off';

  const cancel = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = undefined;
  }, []);

  const start = useCallback(() => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    const { request: current, capability: cap, config: cfg, features: ols } = latest.current;
    const isCurrent = () => controllerRef.current === controller;
    setState({ status: 'waiting', result: emptyQueryResult() });

    streamQuery(current, {
      signal: controller.signal,
      timeoutMs: cfg.limits.requestTimeoutMs,
      // Only what this OLS's own /openapi.json declares (an unknown field is a 422).
      supportsMode: ols.modeField,
      limits: {
        maxQueryChars: cfg.limits.maxQueryChars,
        maxAttachmentChars: cfg.limits.maxAttachmentChars,
      },
      onEvent: (_event, result) => {
        if (isCurrent()) setState({ status: 'streaming', result });
      },
    }).then(
      (result) => {
        if (!isCurrent()) return;
        controllerRef.current = undefined;
        const expected = current.expectedTools ?? [];
        const usedExpectedTools = expected.length
          ? usedAnyExpectedTool(result, expected)
          : undefined;
        if (cap === 'mcp' && usedExpectedTools === false) latest.current.demote();
        setState({ status: 'done', result, usedExpectedTools });
        onResultRef.current?.(result);
      },
      (error: unknown) => {
        // A cancelled or superseded request reports nothing: the user asked for it.
        if (!isCurrent()) return;
        controllerRef.current = undefined;
        const olsError =
          error instanceof OlsError
            ? error
            : new OlsError('malformed', { detail: error instanceof Error ? error.message : '' });
        setState((previous) => ({ status: 'error', result: previous.result, error: olsError }));
      },
    );
  }, []);

  const userCancel = useCallback(() => {
    cancel();
    setState((previous) => ({
      status: 'error',
      result: previous.result,
      error: new OlsError('aborted'),
    }));
  }, [cancel]);

  // Auto-start once OLS is usable, and again when the prompt itself changes.
  const requestKey = JSON.stringify([request.query, request.attachments, request.mode]);
  useEffect(() => {
    // Starting the request is the effect's job (syncing with OLS); its 'waiting' state is set with it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (autoStart && canQuery) start();
  }, [autoStart, canQuery, requestKey, start]);

  useEffect(() => cancel, [cancel]);

  return { ...state, start, cancel: userCancel, canQuery };
};
