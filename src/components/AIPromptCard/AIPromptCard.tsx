import type { FC } from 'react';
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  anonymizeRequest,
  buildDiagnoseConditionPrompt,
  buildSearchPrompt,
  buildTroubleshootErrorPrompt,
} from '../../lightspeed/prompts';
import { useAICapability } from '../../lightspeed/capabilities';
import type { PromptOptions } from '../../lightspeed/prompts';
import type { OLSQueryResult } from '../../lightspeed/types';
import { LightspeedCard } from '../LightspeedCard';
import { StaticModeNotice } from './StaticModeNotice';

/** One entry per AI surface: the intent picks the prompt builder, the input is its argument. */
export type AIPromptIntent =
  | { intent: 'search'; input: Parameters<typeof buildSearchPrompt>[0] }
  | { intent: 'diagnoseCondition'; input: Parameters<typeof buildDiagnoseConditionPrompt>[0] }
  | { intent: 'troubleshootError'; input: Parameters<typeof buildTroubleshootErrorPrompt>[0] };

export type AIPromptCardProps = AIPromptIntent & {
  capability: 'mcp' | 'static';
  title?: string;
  onResult?: (result: OLSQueryResult) => void;
};

const buildRequest = (
  props: AIPromptCardProps,
  serverName: string | undefined,
  peerTools: PromptOptions['peerTools'],
) => {
  const options = { capability: props.capability, serverName, peerTools };
  switch (props.intent) {
    case 'search':
      return buildSearchPrompt(props.input, options);
    case 'diagnoseCondition':
      return buildDiagnoseConditionPrompt(props.input, options);
    case 'troubleshootError':
      return buildTroubleshootErrorPrompt(props.input, options);
  }
};

const vmRef = (vm?: { metadata?: { name?: string; namespace?: string } }) =>
  `${vm?.metadata?.namespace ?? ''}/${vm?.metadata?.name ?? ''}`;

/** What the Lightspeed chat shows as the user's message for this intent (the prompt stays hidden). */
const questionFor = (props: AIPromptIntent, t: TFunction): string => {
  switch (props.intent) {
    case 'search':
      return props.input.userText;
    case 'diagnoseCondition':
      return t('Why is condition {{type}} {{status}} on VirtualMachine {{vm}}?', {
        type: props.input.condition.type,
        status: props.input.condition.status,
        vm: vmRef(props.input.vm),
      });
    case 'troubleshootError':
      return props.input.vm
        ? t('How do I fix "{{error}}" on VirtualMachine {{vm}}?', {
            error: props.input.error.title,
            vm: vmRef(props.input.vm),
          })
        : t('How do I fix "{{error}}"?', { error: props.input.error.title });
  }
};

/**
 * Builds the prompt for the current capability and runs it in a LightspeedCard. Loaded lazily
 * (see index.ts): prompt building, redaction and the OLS client stay out of the pages' first load.
 */
const AIPromptCard: FC<AIPromptCardProps> = ({ title, onResult, ...prompt }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { config, peerTools } = useAICapability();
  const serverName = config?.ai.mcpServerName;
  const anonymize = config?.ai.anonymizeNames === true;
  const { intent, input, capability } = prompt;
  // Rebuilt only when the inputs change, so re-renders do not restart the query.
  const { request, masker } = useMemo(() => {
    const built = {
      // Masked names need static prompts: a tool would hand the model the real ones.
      ...buildRequest(
        { intent, input, capability: anonymize ? 'static' : capability } as AIPromptCardProps,
        serverName,
        anonymize ? undefined : peerTools,
      ),
      question: questionFor({ intent, input } as AIPromptIntent, t),
    };
    return anonymize
      ? anonymizeRequest(built, input as unknown as Record<string, unknown>)
      : { request: built, masker: undefined };
  }, [intent, input, capability, serverName, peerTools, anonymize, t]);
  return (
    <>
      <StaticModeNotice />
      <LightspeedCard
        request={request}
        title={title}
        onResult={onResult}
        nameMasker={masker}
        autoStart
      />
    </>
  );
};

export default AIPromptCard;
