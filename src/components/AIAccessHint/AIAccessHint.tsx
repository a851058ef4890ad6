import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { HelperText, HelperTextItem } from '@patternfly/react-core';
import { useAICapability } from '../../lightspeed/capabilities';

/**
 * Stands where an AI control would be when OLS refuses this user (no `/ols-access`): one short line
 * instead of a button whose every click would fail. Renders nothing in every other state.
 */
export const AIAccessHint: FC = () => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { reason } = useAICapability();
  if (reason !== 'not-authorized') return null;
  return (
    <HelperText className="kv-ls-ai-access-hint" data-test="kv-ls-ai-access-hint">
      <HelperTextItem>
        {t(
          'AI help is not available: your account has no access to OpenShift Lightspeed. A cluster administrator can grant it.',
        )}
      </HelperTextItem>
    </HelperText>
  );
};
