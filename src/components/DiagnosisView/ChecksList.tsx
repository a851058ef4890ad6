import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  Icon,
} from '@patternfly/react-core';
import {
  CheckCircleIcon,
  ExclamationCircleIcon,
  QuestionCircleIcon,
} from '@patternfly/react-icons';
import type { Message } from '../../kubevirt/diagnosis/messages';
import { translatedText } from './translateMessage';

export interface CheckView {
  id?: string;
  name: string;
  passed: boolean;
  message: string;
  /** `name` and `message` as translatable Messages (diagnoseVm sets them). */
  nameText?: Message;
  text?: Message;
  /** `notVerified`: the inputs could not be read; shown neither green nor as a failure. */
  status?: 'passed' | 'failed' | 'notVerified';
}

export const checkStatus = (check: CheckView): 'passed' | 'failed' | 'notVerified' =>
  check.status ?? (check.passed ? 'passed' : 'failed');

const ORDER = { failed: 0, notVerified: 1, passed: 2 } as const;

/**
 * Failed checks first, then the ones that could not be verified, then passed; each icon has a text
 * equivalent for screen readers.
 */
export const ChecksList: FC<{ checks: CheckView[]; ariaLabel?: string }> = ({
  checks,
  ariaLabel,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const ordered = [...checks].sort((a, b) => ORDER[checkStatus(a)] - ORDER[checkStatus(b)]);
  return (
    <DataList aria-label={ariaLabel ?? t('Checks')} isCompact>
      {ordered.map((check, index) => {
        const status = checkStatus(check);
        return (
          <DataListItem
            key={check.id ?? `${check.name}-${index}`}
            data-test="check"
            data-passed={check.passed}
            data-status={status}
          >
            <DataListItemRow>
              <DataListItemCells
                dataListCells={[
                  <DataListCell key="status" isFilled={false}>
                    {status === 'passed' ? (
                      <Icon status="success" isInline>
                        <CheckCircleIcon title={t('Passed')} />
                      </Icon>
                    ) : status === 'failed' ? (
                      <Icon status="danger" isInline>
                        <ExclamationCircleIcon title={t('Failed')} />
                      </Icon>
                    ) : (
                      <Icon isInline>
                        <QuestionCircleIcon title={t('Not verified')} />
                      </Icon>
                    )}
                  </DataListCell>,
                  <DataListCell key="name" width={2}>
                    <strong>{translatedText(t, check.nameText, check.name)}</strong>
                  </DataListCell>,
                  <DataListCell key="message" width={5}>
                    {status === 'notVerified' && <strong>{t('Not verified')}: </strong>}
                    {translatedText(t, check.text, check.message)}
                  </DataListCell>,
                ]}
              />
            </DataListItemRow>
          </DataListItem>
        );
      })}
    </DataList>
  );
};
