import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@patternfly/react-core';
import { useAICapability } from '../../lightspeed/capabilities';

/**
 * Why an answer is built from attached data instead of live cnv-mcp-server tools: a short, plain
 * notice, so an admin can tell an old OLS from a missing registration or a TLS trust problem.
 */
export const StaticModeNotice: FC = () => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability, reason } = useAICapability();
  if (capability !== 'static') return null;
  let title: string | undefined;
  let body: string | undefined;
  switch (reason) {
    case 'ols-too-old':
      title = t('This OpenShift Lightspeed version cannot call cnv-mcp-server tools');
      body = t(
        'Answers use the data attached here. Live tools need OpenShift Lightspeed 1.0.10 or later.',
      );
      break;
    case 'mcp-not-registered':
      title = t('cnv-mcp-server is not registered in OpenShift Lightspeed');
      body = t('Answers use the data attached here. An administrator can register the server.');
      break;
    case 'mcp-unreachable':
      title = t('OpenShift Lightspeed could not reach cnv-mcp-server');
      body = t(
        'Answers use the data attached here. Check that the server runs and that OpenShift Lightspeed trusts its service CA certificate (additionalCAConfigMapRef).',
      );
      break;
    case 'names-anonymized':
      title = t('Names are masked before they are sent');
      body = t(
        'An administrator requires that names of virtual machines, namespaces and nodes do not leave the console. Answers use the attached data with placeholders and show the real names here.',
      );
      break;
    default:
      return null;
  }
  return (
    <Alert
      variant="info"
      isInline
      isPlain
      title={title}
      className="kv-ls-static-mode-notice"
      data-test="kv-ls-static-mode-notice"
      data-reason={reason}
    >
      {body}
    </Alert>
  );
};
