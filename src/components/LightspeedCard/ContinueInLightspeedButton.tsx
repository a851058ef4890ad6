import { Button } from '@patternfly/react-core';
import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { toLightspeedConsoleAttachments } from '../../lightspeed/hooks/lightspeedConsoleAttachments';
import type { UseOpenOLS } from '../../lightspeed/hooks/useOpenInLightspeed';
import type { LightspeedRequest } from '../../lightspeed/types';

interface ContinueInLightspeedButtonProps {
  /** lightspeed-console's hook; this component exists only when it does, so the hook call is stable. */
  useOpenOLS: UseOpenOLS;
  request: LightspeedRequest;
}

/** Opens the Lightspeed chat with the same prompt and attachments, and submits it there. */
export const ContinueInLightspeedButton: FC<ContinueInLightspeedButtonProps> = ({
  useOpenOLS,
  request,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const openOLS = useOpenOLS();
  return (
    <Button
      variant="link"
      isInline
      onClick={() =>
        openOLS(request.query, toLightspeedConsoleAttachments(request.attachments), true, false)
      }
      aria-label={t('Continue in Lightspeed chat')}
    >
      {t('Continue in Lightspeed')}
    </Button>
  );
};
