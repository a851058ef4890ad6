import { translatedText } from '../DiagnosisView/translateMessage';
import type { FC } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  Title,
} from '@patternfly/react-core';
import type { Suggestion } from '../../kubevirt/diagnosis';
import { fixForSuggestion, type FixOperation, type VmState } from '../../kubevirt/fixes';
import { ApplyFixModal } from './ApplyFixModal';
import { sdkFixClient, type FixClient } from './fixClient';
import { actionLabel, deniedReason } from './labels';
import { useFixAccess } from './useFixAccess';
import { useFixesEnabled } from './useFixesEnabled';

/** "Apply…", disabled with the reason when the access review says no. */
const ApplyButton: FC<{ op: FixOperation; client: FixClient; onApply: () => void }> = ({
  op,
  client,
  onApply,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const access = useFixAccess(client, op);
  const reason =
    access.state === 'denied'
      ? deniedReason(t, op.request.access, access.reason)
      : access.state === 'unknown'
        ? t('Your permission could not be checked: {{error}}', { error: access.error })
        : undefined;
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={onApply}
        isDisabled={access.state !== 'allowed'}
        isLoading={access.state === 'checking'}
        aria-label={t('Apply {{action}}', { action: actionLabel(t, op.action) })}
        data-test="kv-ls-fix-apply"
        data-action={op.action}
      >
        {t('Apply…')}
      </Button>
      {reason && (
        <div className="pf-v6-u-font-size-sm pf-v6-u-color-200" data-test="kv-ls-fix-denied-reason">
          {reason}
        </div>
      )}
    </>
  );
};

export interface AppliableFixesProps {
  suggestions: Suggestion[];
  state: VmState;
  diagnosisSummary: string;
  /** Injected by tests; the console SDK otherwise. */
  client?: FixClient;
}

/**
 * The diagnosis suggestions that are one API request, each with "Apply…". The open dialog lives
 * here, not in a row: once the fix works its suggestion leaves the diagnosis, and the dialog must
 * stay to show the result and offer Undo. Hidden when the admin switched fixes off.
 */
export const AppliableFixes: FC<AppliableFixesProps> = ({
  suggestions,
  state,
  diagnosisSummary,
  client = sdkFixClient,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const enabled = useFixesEnabled();
  const [open, setOpen] = useState<{ op: FixOperation; before: VmState }>();
  const fixes = useMemo(
    () =>
      suggestions
        .map((suggestion) => fixForSuggestion(suggestion, state))
        .filter((op): op is FixOperation => op !== undefined),
    [suggestions, state],
  );
  if (enabled !== true) return null;
  return (
    <>
      {fixes.length > 0 && (
        <>
          <Title headingLevel="h3" className="kv-ls-diagnostics__heading">
            {t('Fixes you can apply')}
          </Title>
          <DataList aria-label={t('Fixes you can apply')} isCompact data-test="kv-ls-fixes">
            {fixes.map((op) => (
              <DataListItem key={`${op.ruleId}-${op.suggestionId}`} data-test="kv-ls-fix">
                <DataListItemRow>
                  <DataListItemCells
                    dataListCells={[
                      <DataListCell key="what">
                        <strong>
                          {translatedText(
                            t,
                            suggestions.find((s) => s.title === op.suggestionTitle)?.titleText,
                            op.suggestionTitle,
                          )}
                        </strong>{' '}
                        {t('({{action}}, rule {{rule}})', {
                          action: actionLabel(t, op.action),
                          rule: op.ruleId,
                        })}
                      </DataListCell>,
                      <DataListCell key="apply" alignRight isFilled={false}>
                        <ApplyButton
                          op={op}
                          client={client}
                          onApply={() => setOpen({ op, before: state })}
                        />
                      </DataListCell>,
                    ]}
                  />
                </DataListItemRow>
              </DataListItem>
            ))}
          </DataList>
        </>
      )}
      {open && (
        <ApplyFixModal
          op={open.op}
          before={open.before}
          current={state}
          diagnosisSummary={diagnosisSummary}
          client={client}
          onClose={() => setOpen(undefined)}
        />
      )}
    </>
  );
};
