import { useCallback } from 'react';
import { useDispatch } from 'react-redux';
import type { LightspeedRequest } from '../types';
import {
  answerEntryAction,
  setConversationIdAction,
  userEntryAction,
} from './lightspeedChatActions';
import { toLightspeedConsoleAttachments } from './lightspeedConsoleAttachments';
import type { OpenOLS } from './useOpenInLightspeed';

export interface OpenChatParams {
  /** Short, human-readable question shown in the chat in place of the machine prompt. */
  question: string;
  request: LightspeedRequest;
  /** An answer the card already has: the chat continues it instead of asking again. */
  continued?: { conversationId: string; answer: string };
}

/**
 * Opens the Lightspeed chat for one of our prompts: the machine prompt is sent with `hidePrompt`
 * (it is fenced data and tool instructions, not something the user wrote), the chat shows `question`.
 */
export const useLightspeedChat = (openOLS: OpenOLS | undefined) => {
  const dispatch = useDispatch();
  return useCallback(
    ({ question, request, continued }: OpenChatParams) => {
      if (!openOLS) return;
      dispatch(userEntryAction(question));
      if (continued) {
        dispatch(setConversationIdAction(continued.conversationId));
        dispatch(answerEntryAction(`kv-ls-${continued.conversationId}`, continued.answer));
        openOLS();
        return;
      }
      openOLS(request.query, toLightspeedConsoleAttachments(request.attachments), true, true);
    },
    [dispatch, openOLS],
  );
};
