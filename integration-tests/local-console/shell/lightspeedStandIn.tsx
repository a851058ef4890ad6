/**
 * A stand-in for lightspeed-console in the local console: it contributes the `ols-open-handler` action
 * provider (useOpenOLS) and a chat drawer that sends to the OLS dev server and renders tool results with
 * the `ols.tool-ui` components other plugins contribute — the extension points the real plugin offers.
 */
import type { ComponentType } from 'react';
import { useState, useSyncExternalStore } from 'react';
import {
  Alert,
  Button,
  Drawer,
  DrawerActions,
  DrawerCloseButton,
  DrawerContent,
  DrawerContentBody,
  DrawerHead,
  DrawerPanelBody,
  DrawerPanelContent,
  Label,
  LabelGroup,
  TextArea,
  Title,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useResolvedExtensions } from './sdk';
import type { ResolvedExtension } from './shellStore';

export interface LightspeedAttachment {
  attachmentType: string;
  kind: string;
  name: string;
  namespace: string;
  value: string;
}

interface ToolUse {
  id: string;
  name: string;
  status: string;
  content: string;
  args: Record<string, unknown>;
  structuredContent?: unknown;
  olsToolUiID?: string;
}

interface ChatEntry {
  who: 'user' | 'ai';
  text: string;
}

interface ChatState {
  open: boolean;
  /** Entries other plugins pushed with lightspeed-console's `chatHistoryPush` (hidden ones left out). */
  history: ChatEntry[];
  /** Set by `setConversationID` or by the answer's `start` event; sent with the next question. */
  conversationId?: string;
  prompt: string;
  hidePrompt: boolean;
  attachments: LightspeedAttachment[];
  answer: string;
  tools: ToolUse[];
  error?: string;
  busy: boolean;
  submitted: number;
}

let chat: ChatState = {
  open: false,
  history: [],
  prompt: '',
  hidePrompt: false,
  attachments: [],
  answer: '',
  tools: [],
  busy: false,
  submitted: 0,
};
const listeners = new Set<() => void>();
const setChat = (patch: Partial<ChatState>) => {
  chat = { ...chat, ...patch };
  listeners.forEach((l) => l());
};
const useChat = () =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => chat,
  );

/**
 * lightspeed-console's chat reducer (openshift/lightspeed-console 1.1.3 `src/redux-reducers.ts`) for
 * the actions other plugins dispatch into the console store: `chatHistoryPush`, `setConversationID`.
 */
export const applyChatAction = (action: { type?: string; payload?: Record<string, unknown> }) => {
  if (action.type === 'setConversationID') {
    setChat({ conversationId: String(action.payload?.id ?? '') || undefined });
  }
  if (action.type === 'chatHistoryPush') {
    const entry = (action.payload?.entry ?? {}) as {
      who?: string;
      text?: string;
      hidden?: boolean;
    };
    if (entry.hidden || (entry.who !== 'user' && entry.who !== 'ai')) return;
    setChat({ history: [...chat.history, { who: entry.who, text: entry.text ?? '' }] });
  }
};

const toOlsAttachment = (a: LightspeedAttachment) => ({
  attachment_type:
    a.attachmentType === 'Events' ? 'event' : a.attachmentType === 'Log' ? 'log' : 'api object',
  content_type: a.attachmentType === 'Log' ? 'text/plain' : 'application/yaml',
  content: a.value,
});

const submit = async () => {
  setChat({ busy: true, answer: '', tools: [], error: undefined, submitted: chat.submitted + 1 });
  try {
    const response = await fetch(
      '/api/proxy/plugin/lightspeed-console-plugin/ols/v1/streaming_query',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: chat.prompt,
          media_type: 'application/json',
          ...(chat.conversationId ? { conversation_id: chat.conversationId } : {}),
          ...(chat.attachments.length
            ? { attachments: chat.attachments.map(toOlsAttachment) }
            : {}),
        }),
      },
    );
    if (!response.ok || !response.body) {
      setChat({
        error: `OpenShift Lightspeed answered ${response.status}: ${await response.text()}`,
        busy: false,
      });
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split('\n\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('data: ')) continue;
        const { event, data } = JSON.parse(line.slice(6));
        if (event === 'start' && data?.conversation_id)
          setChat({ conversationId: data.conversation_id });
        if (event === 'token') setChat({ answer: chat.answer + data.token });
        if (event === 'tool_call') {
          setChat({
            tools: [
              ...chat.tools,
              { id: data.id, name: data.name, args: data.args, status: 'running', content: '' },
            ],
          });
        }
        if (event === 'tool_result') {
          setChat({
            tools: chat.tools.map((t) =>
              t.id === data.id
                ? {
                    ...t,
                    status: data.status,
                    content: data.content,
                    structuredContent: data.structured_content,
                    olsToolUiID: data.tool_meta?.olsUi?.id,
                  }
                : t,
            ),
          });
        }
        if (event === 'error') setChat({ error: `${data.response}: ${data.cause ?? ''}` });
      }
    }
  } catch (e) {
    setChat({ error: String(e) });
  }
  setChat({ busy: false });
};

/** lightspeed-console's useOpenOLS: a hook returning the function that opens the chat. */
export const useOpenOLS =
  () =>
  (
    prompt?: string,
    attachments?: LightspeedAttachment[],
    submitImmediately?: boolean,
    hidePrompt?: boolean,
  ) => {
    setChat({
      open: true,
      prompt: prompt ?? '',
      attachments: attachments ?? [],
      hidePrompt: Boolean(hidePrompt),
      answer: '',
      tools: [],
      error: undefined,
    });
    if (submitImmediately) void submit();
  };

export const lightspeedExtensions: ResolvedExtension[] = [
  {
    type: 'console.action/provider',
    properties: { contextId: 'ols-open-handler', provider: useOpenOLS },
    pluginName: 'lightspeed-console-plugin',
    uid: 'lightspeed-console-plugin[0]',
  },
];

type ToolUIComponent = ComponentType<{ tool: ToolUse & { serverName?: string } }>;

const ToolView = ({ tool, renderers }: { tool: ToolUse; renderers: ResolvedExtension[] }) => {
  const match = renderers.find((r) => r.properties.id === tool.olsToolUiID);
  const Component = match?.properties.component as ToolUIComponent | undefined;
  return (
    <div className="kv-ls-shell-tool" data-test="lightspeed-tool">
      <Label color={tool.status === 'error' ? 'red' : 'blue'}>{tool.name}</Label>
      {Component && tool.status !== 'error' ? <Component tool={tool} /> : <pre>{tool.content}</pre>}
    </div>
  );
};

const ChatPanel = () => {
  const state = useChat();
  const [renderers] = useResolvedExtensions((e) => e.type === 'ols.tool-ui');
  const [draft, setDraft] = useState<string | undefined>();
  const prompt = draft ?? state.prompt;
  return (
    <DrawerPanelContent widths={{ default: 'width_50' }} data-test="lightspeed-chat">
      <DrawerHead>
        <Title headingLevel="h2">OpenShift Lightspeed (local stand-in)</Title>
        <DrawerActions>
          <DrawerCloseButton onClick={() => setChat({ open: false })} />
        </DrawerActions>
      </DrawerHead>
      <DrawerPanelBody>
        {state.history.map((entry, index) => (
          <div key={index} data-test={`lightspeed-chat-entry-${entry.who}`}>
            {entry.text}
          </div>
        ))}
        {state.attachments.length > 0 && (
          <LabelGroup categoryName="Attachments" data-test="lightspeed-attachments">
            {state.attachments.map((a) => (
              <Label
                key={`${a.attachmentType}-${a.kind}-${a.name}`}
              >{`${a.attachmentType}: ${a.kind} ${a.name}`}</Label>
            ))}
          </LabelGroup>
        )}
        {!state.hidePrompt && (
          <TextArea
            aria-label="Lightspeed prompt"
            value={prompt}
            onChange={(_e, v) => setDraft(v)}
            rows={6}
            data-test="lightspeed-prompt"
          />
        )}
        <Button
          onClick={() => {
            if (draft !== undefined) setChat({ prompt: draft });
            setDraft(undefined);
            void submit();
          }}
          isDisabled={state.busy}
          isLoading={state.busy}
        >
          Send
        </Button>
        {state.error && (
          <Alert variant="danger" isInline title="Lightspeed error">
            {state.error}
          </Alert>
        )}
        {state.tools.map((t) => (
          <ToolView key={t.id} tool={t} renderers={renderers} />
        ))}
        {state.answer && (
          <div className="kv-ls-shell-answer" data-test="lightspeed-chat-answer">
            {state.answer}
          </div>
        )}
      </DrawerPanelBody>
    </DrawerPanelContent>
  );
};

export const LightspeedDrawer = ({
  enabled,
  children,
}: {
  enabled: boolean;
  children: ReactNode;
}) => {
  const state = useChat();
  return (
    <Drawer isExpanded={enabled && state.open} isInline>
      <DrawerContent panelContent={enabled ? <ChatPanel /> : undefined}>
        <DrawerContentBody>{children}</DrawerContentBody>
      </DrawerContent>
    </Drawer>
  );
};
