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
import { CheckCircleIcon, ExclamationCircleIcon } from '@patternfly/react-icons';

export interface CheckView {
  id?: string;
  name: string;
  passed: boolean;
  message: string;
}

/** Passed/failed checks, failed first; the icon has a text equivalent for screen readers. */
export const ChecksList: FC<{ checks: CheckView[]; ariaLabel?: string }> = ({
  checks,
  ariaLabel,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const ordered = [...checks].sort((a, b) => Number(a.passed) - Number(b.passed));
  return (
    <DataList aria-label={ariaLabel ?? t('Checks')} isCompact>
      {ordered.map((check, index) => (
        <DataListItem
          key={check.id ?? `${check.name}-${index}`}
          data-test="check"
          data-passed={check.passed}
        >
          <DataListItemRow>
            <DataListItemCells
              dataListCells={[
                <DataListCell key="status" isFilled={false}>
                  <Icon status={check.passed ? 'success' : 'danger'} isInline>
                    {check.passed ? (
                      <CheckCircleIcon title={t('Passed')} />
                    ) : (
                      <ExclamationCircleIcon title={t('Failed')} />
                    )}
                  </Icon>
                </DataListCell>,
                <DataListCell key="name" width={2}>
                  <strong>{check.name}</strong>
                </DataListCell>,
                <DataListCell key="message" width={5}>
                  {check.message}
                </DataListCell>,
              ]}
            />
          </DataListItemRow>
        </DataListItem>
      ))}
    </DataList>
  );
};
