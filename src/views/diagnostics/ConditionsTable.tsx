import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Finding } from '../../kubevirt/diagnosis';
import type {
  Condition,
  K8sEvent,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
} from '../../kubevirt/types';
import { AIEnhancedConditionPopover } from '../../components/AIEnhancedConditionPopover';

export interface ConditionsTableProps {
  conditions: { source: string; condition: Condition }[];
  vm: VirtualMachine;
  vmi?: VirtualMachineInstance;
  findings: Finding[];
  events: K8sEvent[];
  pod?: Pod;
  now: Date;
}

/** VM and VMI conditions; each type opens the AI-enhanced popover. */
export const ConditionsTable: FC<ConditionsTableProps> = ({
  conditions,
  vm,
  vmi,
  findings,
  events,
  pod,
  now,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  if (conditions.length === 0) return <p>{t('No conditions reported.')}</p>;
  return (
    <Table aria-label={t('Conditions')} variant="compact">
      <Thead>
        <Tr>
          <Th>{t('Type')}</Th>
          <Th>{t('Object')}</Th>
          <Th>{t('Status')}</Th>
          <Th>{t('Reason')}</Th>
          <Th>{t('Message')}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {conditions.map(({ source, condition }) => (
          <Tr key={`${source}/${condition.type}`}>
            <Td dataLabel={t('Type')}>
              <AIEnhancedConditionPopover
                condition={condition}
                vm={vm}
                vmi={vmi}
                findings={findings}
                events={events}
                pod={pod}
                now={now}
              >
                <Button
                  variant="link"
                  isInline
                  aria-label={t('Details of condition {{type}} of the {{object}}', {
                    type: condition.type,
                    object: source,
                  })}
                >
                  {condition.type}
                </Button>
              </AIEnhancedConditionPopover>
            </Td>
            <Td dataLabel={t('Object')}>{source}</Td>
            <Td dataLabel={t('Status')}>{condition.status}</Td>
            <Td dataLabel={t('Reason')}>{condition.reason ?? '-'}</Td>
            <Td dataLabel={t('Message')}>{condition.message ?? '-'}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
