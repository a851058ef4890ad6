import type { CSSProperties, FC, ReactElement } from 'react';
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
  type PopoverProps,
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
import { MAX_HEIGHT_PROPERTY, useBodyMaxHeight } from './useBodyMaxHeight';
import './AIEnhancedConditionPopover.css';

const VIEWPORT_MARGIN = 'var(--pf-t--global--spacer--md)';
const POPOVER_MAX_WIDTH = `min(40rem, calc(100vw - 2 * ${VIEWPORT_MARGIN}))`;
const POPOVER_MIN_WIDTH = `min(20rem, calc(100vw - 2 * ${VIEWPORT_MARGIN}))`;
/** Above or below first (the arrow stays on the trigger); aligned variants when centring overflows. */
const FLIP_ORDER: PopoverProps['flipBehavior'] = [
  'top',
  'bottom',
  'top-start',
  'bottom-start',
  'top-end',
  'bottom-end',
  'right',
  'left',
];

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
  const [trigger, setTrigger] = useState<Element | null>(null);
  const [bodyElement, setBodyElement] = useState<HTMLDivElement | null>(null);
  const maxHeight = useBodyMaxHeight(trigger, bodyElement);

  const body = (
    <div
      ref={setBodyElement}
      className="kv-ls-condition-popover"
      data-test="condition-popover-body"
      style={maxHeight ? ({ [MAX_HEIGHT_PROPERTY]: `${maxHeight}px` } as CSSProperties) : undefined}
    >
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
          <DescriptionListDescription className="kv-ls-condition-popover__message">
            {condition.message || '-'}
          </DescriptionListDescription>
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
      // Never wider than the viewport; the body's max-height keeps it no taller than the larger
      // space above or below the trigger, so one of these placements always fits.
      maxWidth={POPOVER_MAX_WIDTH}
      minWidth={POPOVER_MIN_WIDTH}
      position="top"
      enableFlip
      flipBehavior={FLIP_ORDER}
      // The element that opened it (click or Enter) is the trigger the body is sized around.
      onShow={(event) => {
        const target = event.target instanceof Element ? event.target : null;
        setTrigger(target?.closest('button, a, [tabindex]') ?? target);
      }}
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
