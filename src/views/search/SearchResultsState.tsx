import type { FC, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bullseye,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Spinner,
} from '@patternfly/react-core';
import { ExclamationCircleIcon, SearchIcon, VirtualMachineIcon } from '@patternfly/react-icons';

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : '';

export interface SearchResultsStateProps {
  loaded: boolean;
  loadError: unknown;
  total: number;
  matching: number;
  filtering: boolean;
  onClearAll: () => void;
  children: ReactNode;
}

/** Loading, load error, no VMs at all, and no VMs matching: otherwise the results (children). */
export const SearchResultsState: FC<SearchResultsStateProps> = ({
  loaded,
  loadError,
  total,
  matching,
  filtering,
  onClearAll,
  children,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  if (loadError) {
    return (
      <EmptyState
        headingLevel="h2"
        titleText={t('VirtualMachines could not be loaded')}
        icon={ExclamationCircleIcon}
        status="danger"
      >
        <EmptyStateBody>{errorText(loadError)}</EmptyStateBody>
      </EmptyState>
    );
  }
  if (!loaded) {
    return (
      <Bullseye>
        <Spinner aria-label={t('Loading VirtualMachines')} />
      </Bullseye>
    );
  }
  if (total === 0) {
    return (
      <EmptyState headingLevel="h2" titleText={t('No VirtualMachines')} icon={VirtualMachineIcon}>
        <EmptyStateBody>
          {t('There are no VirtualMachines in the projects you can see.')}
        </EmptyStateBody>
      </EmptyState>
    );
  }
  if (matching === 0 && filtering) {
    return (
      <EmptyState headingLevel="h2" titleText={t('No VirtualMachines match')} icon={SearchIcon}>
        <EmptyStateBody>{t('No VirtualMachine matches all of the filters.')}</EmptyStateBody>
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="link" onClick={onClearAll}>
              {t('Clear all filters')}
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      </EmptyState>
    );
  }
  return <>{children}</>;
};
