import { Button } from '@patternfly/react-core';
import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { useLightspeedChat } from '../../lightspeed/hooks/useLightspeedChat';
import type { UseOpenOLS } from '../../lightspeed/hooks/useOpenInLightspeed';
import type { LightspeedRequest, OLSQueryResult } from '../../lightspeed/types';

interface ContinueInLightspeedButtonProps {
  /** lightspeed-console's hook; this component exists only when it does, so the hook call is stable. */
  useOpenOLS: UseOpenOLS;
  request: LightspeedRequest;
  /** The card's answer so far: with a conversation id the chat continues it. */
  result?: Pick<OLSQueryResult, 'conversationId' | 'text'>;
}

/**
 * Opens the Lightspeed chat on the card's conversation: with an answer (and its conversation id) the
 * chat shows the question and the answer and the user asks the next question there; without one,
 * the chat asks the card's prompt itself, hidden behind the short question.
 */
export const ContinueInLightspeedButton: FC<ContinueInLightspeedButtonProps> = ({
  useOpenOLS,
  request,
  result,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const openChat = useLightspeedChat(useOpenOLS());
  const question = request.question ?? t('Help with this VirtualMachine');
  const continued =
    result?.conversationId && result.text
      ? { conversationId: result.conversationId, answer: result.text }
      : undefined;
  return (
    <Button
      variant="link"
      isInline
      onClick={() => openChat({ question, request, continued })}
      aria-label={t('Continue in Lightspeed chat')}
    >
      {t('Continue in Lightspeed')}
    </Button>
  );
};
