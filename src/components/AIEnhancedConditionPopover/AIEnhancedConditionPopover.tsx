import type { FC, ReactElement } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  List,
  ListItem,
  Popover,
  Title,
} from '@patternfly/react-core';
import type { Finding } from '../../kubevirt/diagnosis';
import type {
  Condition,
  K8sEvent,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
} from '../../kubevirt/types';
import { useAICapability } from '../../lightspeed/capabilities';
import { AIAccessHint } from '../AIAccessHint';
import { AIPromptCard } from '../AIPromptCard';
import { formatAge } from '../VirtualMachineTable/formatAge';
import { translatedText } from '../DiagnosisView/translateMessage';
import { findingsForCondition } from './conditionFindings';
import './AIEnhancedConditionPopover.css';

export interface AIEnhancedConditionPopoverProps {
  condition: Condition;
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
  findings?: Finding[];
  events?: K8sEvent[];
  pod?: Pod;
  /** The trigger; defaults to a link button reading "<type>: <status>". */
  children?: ReactElement;
  now?: Date;
}

/**
 * Wraps a VM/VMI condition: shows it plainly with the local checks that explain it, and offers
 * "Get AI Diagnosis" (diagnose_vm_error prompt or its static variant) when AI is available.
 */
export const AIEnhancedConditionPopover: FC<AIEnhancedConditionPopoverProps> = ({
  condition,
  vm,
  vmi,
  findings,
  events,
  pod,
  children,
  now,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability } = useAICapability();
  const [diagnosing, setDiagnosing] = useState(false);
  const explaining = useMemo(
    () => findingsForCondition(condition, findings),
    [condition, findings],
  );
  const input = useMemo(
    () => ({ vm, vmi, condition, findings: explaining, events, pod }),
    [vm, vmi, condition, explaining, events, pod],
  );
  const age = formatAge(condition.lastTransitionTime ?? undefined, now ?? new Date());

  const body = (
    <div className="kv-ls-condition-popover">
      <DescriptionList isCompact isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Type')}</DescriptionListTerm>
          <DescriptionListDescription>{condition.type}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Status')}</DescriptionListTerm>
          <DescriptionListDescription>{condition.status}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Reason')}</DescriptionListTerm>
          <DescriptionListDescription>{condition.reason || '-'}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Message')}</DescriptionListTerm>
          <DescriptionListDescription>{condition.message || '-'}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Age')}</DescriptionListTerm>
          <DescriptionListDescription>{age || '-'}</DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      {explaining.length > 0 && (
        <>
          <Title headingLevel="h4" className="kv-ls-condition-popover__heading">
            {t('What the local checks found')}
          </Title>
          <List isPlain>
            {explaining.map((finding) => (
              <ListItem key={`${finding.ruleId}:${finding.message}`}>
                {translatedText(t, finding.text, finding.message)}{' '}
                <code className="kv-ls-rule-id">{finding.ruleId}</code>
              </ListItem>
            ))}
          </List>
        </>
      )}
      <AIAccessHint />
      {capability !== 'off' &&
        (diagnosing ? (
          <div className="kv-ls-condition-popover__ai">
            <AIPromptCard
              intent="diagnoseCondition"
              input={input}
              capability={capability}
              title={t('AI diagnosis')}
            />
          </div>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setDiagnosing(true)}>
            {t('Get AI Diagnosis')}
          </Button>
        ))}
    </div>
  );

  return (
    <Popover
      headerContent={t('Condition {{type}}', { type: condition.type })}
      bodyContent={body}
      maxWidth="40rem"
      aria-label={t('Condition {{type}} details', { type: condition.type })}
    >
      {children ?? (
        <Button variant="link" isInline>
          {t('{{type}}: {{status}}', { type: condition.type, status: condition.status })}
        </Button>
      )}
    </Popover>
  );
};
