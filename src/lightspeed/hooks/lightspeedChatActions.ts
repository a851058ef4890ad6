/**
 * Redux actions of lightspeed-console's own chat store (openshift/lightspeed-console 1.1.3
 * `src/redux-actions.ts`, reduced by `src/redux-reducers.ts` under `plugins.ols`), dispatched into the
 * console's shared store. `ols-open-handler` can only start a new question; these let the chat show a
 * short question instead of the machine prompt, and continue a conversation the card already had
 * (OLS keeps its history by `conversation_id`). A lightspeed-console that no longer knows them ignores
 * them, and the chat still opens.
 */
export interface ChatAction {
  type: string;
  payload: Record<string, unknown>;
}

export const setConversationIdAction = (id: string): ChatAction => ({
  type: 'setConversationID',
  payload: { id },
});

/** A visible user message (lightspeed-console `ChatEntryUser`). */
export const userEntryAction = (text: string): ChatAction => ({
  type: 'chatHistoryPush',
  payload: { entry: { who: 'user', text, attachments: {}, hidden: false } },
});

/** A finished answer (lightspeed-console `ChatEntryAI`, without tools: those need its Immutable maps). */
export const answerEntryAction = (id: string, text: string): ChatAction => ({
  type: 'chatHistoryPush',
  payload: {
    entry: {
      who: 'ai',
      id,
      text,
      isCancelled: false,
      isStreaming: false,
      isTruncated: false,
      references: [],
    },
  },
});
