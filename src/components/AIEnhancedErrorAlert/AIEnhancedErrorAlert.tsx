import type { FC, ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  AlertActionLink,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import type { Finding } from '../../kubevirt/diagnosis';
import type { K8sEvent, VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import { useAICapability } from '../../lightspeed/capabilities';
import { AIAccessHint } from '../AIAccessHint';
import { AIPromptCard } from '../AIPromptCard';
import './AIEnhancedErrorAlert.css';

export interface AIEnhancedErrorAlertProps {
  /** English: what the AI prompt reads. */
  title: string;
  message: string;
  /** What the alert shows when it differs from the prompt's text (translated diagnosis text). */
  displayTitle?: string;
  displayMessage?: string;
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
  events?: K8sEvent[];
  findings?: Finding[];
  /** The view's own actions (retry, open YAML, ...), shown before the AI link. */
  actionLinks?: ReactNode;
}

/**
 * A danger Alert for any error a view catches (a failed action, a VM in an error status), with
 * "Troubleshoot with AI" that runs the troubleshooting prompt (root cause, what to check, how to
 * fix) below it. With AI off it is a plain, complete error alert.
 */
export const AIEnhancedErrorAlert: FC<AIEnhancedErrorAlertProps> = ({
  title,
  message,
  displayTitle,
  displayMessage,
  vm,
  vmi,
  events,
  findings,
  actionLinks,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability } = useAICapability();
  const [troubleshooting, setTroubleshooting] = useState(false);
  const aiAvailable = capability !== 'off';
  const input = useMemo(
    () => ({ error: { title, message }, vm, vmi, events, findings }),
    [title, message, vm, vmi, events, findings],
  );
  const name = vm?.metadata?.name;
  const namespace = vm?.metadata?.namespace;

  return (
    <div className="kv-ls-error-alert">
      <Alert
        variant="danger"
        variantLabel={t('Danger alert:')}
        isInline
        title={displayTitle ?? title}
        actionLinks={
          actionLinks || aiAvailable ? (
            <>
              {actionLinks}
              {aiAvailable && (
                <AlertActionLink
                  onClick={() => setTroubleshooting((shown) => !shown)}
                  aria-expanded={troubleshooting}
                >
                  {troubleshooting ? t('Hide AI troubleshooting') : t('Troubleshoot with AI')}
                </AlertActionLink>
              )}
            </>
          ) : undefined
        }
      >
        <p className="kv-ls-error-alert__message">{displayMessage ?? message}</p>
        <AIAccessHint />
        {name && (
          <DescriptionList isCompact isHorizontal className="kv-ls-error-alert__resource">
            <DescriptionListGroup>
              <DescriptionListTerm>{t('Resource')}</DescriptionListTerm>
              <DescriptionListDescription>
                {t('VirtualMachine {{name}}', { name })}
              </DescriptionListDescription>
            </DescriptionListGroup>
            {namespace && (
              <DescriptionListGroup>
                <DescriptionListTerm>{t('Namespace')}</DescriptionListTerm>
                <DescriptionListDescription>{namespace}</DescriptionListDescription>
              </DescriptionListGroup>
            )}
          </DescriptionList>
        )}
      </Alert>
      {aiAvailable && troubleshooting && (
        <div className="kv-ls-error-alert__ai">
          <AIPromptCard
            intent="troubleshootError"
            input={input}
            capability={capability}
            title={t('AI troubleshooting')}
          />
        </div>
      )}
    </div>
  );
};
