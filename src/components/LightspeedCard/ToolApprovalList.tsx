import {
  ActionList,
  ActionListGroup,
  ActionListItem,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
  Title,
} from '@patternfly/react-core';
import type { FC } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { redactObject } from '../../kubevirt/redaction';
import { describeOlsError, type TranslateFn } from '../../lightspeed/client/describeError';
import {
  submitToolApprovalDecision,
  ToolApprovalError,
  type ToolApprovalRequest,
} from '../../lightspeed/client/toolApproval';
import { OlsError } from '../../lightspeed/client/errors';
import type { UseOpenOLS } from '../../lightspeed/hooks/useOpenInLightspeed';
import type { LightspeedRequest, OLSQueryResult } from '../../lightspeed/types';
import { ContinueInLightspeedButton } from './ContinueInLightspeedButton';

/** Longest argument value shown; the rest is cut (the user can read it in the Lightspeed chat). */
export const MAX_ARGUMENT_CHARS = 200;
const MAX_ARGUMENTS = 20;

type Decision =
  | { status: 'sending'; approved: boolean }
  | { status: 'sent'; approved: boolean }
  | { status: 'failed'; approved: boolean; error: ToolApprovalError };

interface DecidedApproval {
  approval: ToolApprovalRequest;
  decision: Decision;
}

const truncate = (text: string): string =>
  text.length > MAX_ARGUMENT_CHARS ? `${text.slice(0, MAX_ARGUMENT_CHARS - 1)}…` : text;

const argumentText = (value: unknown): string =>
  truncate(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

const describeFailure = (error: ToolApprovalError, t: TranslateFn) => {
  switch (error.reason) {
    case 'expired':
      return {
        title: t('The approval request has expired'),
        message: t(
          'OpenShift Lightspeed no longer waits for this decision: it timed out or was already handled. Continue in the Lightspeed chat to ask again.',
        ),
      };
    case 'already-decided':
      return {
        title: t('Already decided'),
        message: t('This tool call was already approved or denied.'),
      };
    case 'unsupported':
      return {
        title: t('Tool approval is not available'),
        message: t(
          'This OpenShift Lightspeed does not accept tool approval decisions. Continue in the Lightspeed chat instead.',
        ),
      };
    default:
      return {
        title: t('The decision was not sent'),
        message: `${describeOlsError(error.olsError, t).message} ${t(
          'You can also continue in the Lightspeed chat.',
        )}`,
      };
  }
};

interface ToolApprovalItemProps {
  approval: ToolApprovalRequest;
  decision?: Decision;
  onDecide: (approved: boolean) => void;
  request: LightspeedRequest;
  result?: Pick<OLSQueryResult, 'conversationId' | 'text'>;
  useOpenOLS?: UseOpenOLS;
}

const ToolApprovalItem: FC<ToolApprovalItemProps> = ({
  approval,
  decision,
  onDecide,
  request,
  result,
  useOpenOLS,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  // Arguments may carry cluster data (names, specs, pasted text): only their redacted form is shown.
  const args = Object.entries(redactObject(approval.args));
  const tool = approval.toolName || t('Unknown tool');
  const canDecide =
    !decision ||
    decision.status === 'sending' ||
    (decision.status === 'failed' && decision.error.reason === 'failed');
  const sending = decision?.status === 'sending';
  const failure = decision?.status === 'failed' ? describeFailure(decision.error, t) : undefined;

  return (
    <section
      className="kv-ls-tool-approval"
      aria-label={t('Approval for {{tool}}', { tool })}
      data-test="lightspeed-tool-approval"
    >
      <div className="kv-ls-tool-approval__header">
        <Title headingLevel="h4" size="md">
          {t('Approval required')}
        </Title>
        {(approval.annotations.readOnlyHint === true ||
          approval.annotations.destructiveHint === true) && (
          <LabelGroup>
            {approval.annotations.readOnlyHint === true && (
              <Label isCompact color="blue">
                {t('Read-only')}
              </Label>
            )}
            {approval.annotations.destructiveHint === true && (
              <Label isCompact color="orange">
                {t('Destructive')}
              </Label>
            )}
          </LabelGroup>
        )}
      </div>
      <p className="kv-ls-tool-approval__text">
        {t('OpenShift Lightspeed wants to run a tool and waits for your decision.')}
      </p>
      {approval.description && <p className="kv-ls-tool-approval__text">{approval.description}</p>}
      <DescriptionList isCompact isHorizontal className="kv-ls-tool-approval__details">
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Tool')}</DescriptionListTerm>
          <DescriptionListDescription>
            <code className="kv-ls-tool-approval__value">{tool}</code>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Server')}</DescriptionListTerm>
          <DescriptionListDescription>
            {approval.serverName ?? t('Not reported')}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('Arguments')}</DescriptionListTerm>
          <DescriptionListDescription>
            {args.length === 0 ? (
              t('None')
            ) : (
              <dl className="kv-ls-tool-approval__args" aria-label={t('Arguments')}>
                {args.slice(0, MAX_ARGUMENTS).map(([name, value]) => (
                  <div key={name} className="kv-ls-tool-approval__arg">
                    <dt className="kv-ls-tool-approval__value">{name}</dt>
                    <dd className="kv-ls-tool-approval__value">
                      <code>{argumentText(value)}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {args.length > MAX_ARGUMENTS && (
              <p>{t('More arguments: {{count}}', { count: args.length - MAX_ARGUMENTS })}</p>
            )}
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      {failure && (
        <Alert
          isInline
          variant="danger"
          title={failure.title}
          className="kv-ls-tool-approval__footer"
        >
          <p>{failure.message}</p>
          {useOpenOLS && (
            <ContinueInLightspeedButton useOpenOLS={useOpenOLS} request={request} result={result} />
          )}
        </Alert>
      )}
      <div className="kv-ls-tool-approval__footer" aria-live="polite">
        {decision?.status === 'sent' ? (
          <Label status={decision.approved ? 'success' : 'danger'}>
            {decision.approved ? t('Approved') : t('Denied')}
          </Label>
        ) : (
          canDecide && (
            <ActionList>
              <ActionListGroup>
                <ActionListItem>
                  <Button
                    variant="primary"
                    onClick={() => onDecide(true)}
                    isDisabled={sending}
                    isLoading={sending && decision?.approved === true}
                    aria-label={t('Approve {{tool}}', { tool })}
                  >
                    {t('Approve')}
                  </Button>
                </ActionListItem>
                <ActionListItem>
                  <Button
                    variant="secondary"
                    onClick={() => onDecide(false)}
                    isDisabled={sending}
                    isLoading={sending && decision?.approved === false}
                    aria-label={t('Deny {{tool}}', { tool })}
                  >
                    {t('Deny')}
                  </Button>
                </ActionListItem>
              </ActionListGroup>
            </ActionList>
          )
        )}
      </div>
    </section>
  );
};

export interface ToolApprovalListProps {
  /** The answer's approvals OLS still waits on (`result.pendingApprovals`). */
  approvals: readonly ToolApprovalRequest[];
  /** The question and the answer so far, for "Continue in Lightspeed" when a decision fails. */
  request: LightspeedRequest;
  result?: Pick<OLSQueryResult, 'conversationId' | 'text'>;
  useOpenOLS?: UseOpenOLS;
}

/**
 * Tool calls OLS holds for the user's approval (OLSConfig `tools_approval`): what would run, with
 * Approve / Deny, then the decision. Decided approvals stay listed after OLS moved on. Remount it
 * (a `key`) for a new answer.
 */
export const ToolApprovalList: FC<ToolApprovalListProps> = ({
  approvals,
  request,
  result,
  useOpenOLS,
}) => {
  const [decided, setDecided] = useState<Record<string, DecidedApproval>>({});
  const controllerRef = useRef<AbortController | undefined>(undefined);
  useEffect(
    () => () => {
      controllerRef.current?.abort();
    },
    [],
  );

  const decide = (approval: ToolApprovalRequest, approved: boolean) => {
    controllerRef.current ??= new AbortController();
    const { signal } = controllerRef.current;
    const set = (decision: Decision) =>
      setDecided((previous) => ({ ...previous, [approval.approvalId]: { approval, decision } }));
    set({ status: 'sending', approved });
    submitToolApprovalDecision({ approvalId: approval.approvalId, approved, signal }).then(
      () => set({ status: 'sent', approved }),
      (error: unknown) => {
        if (signal.aborted) return;
        set({
          status: 'failed',
          approved,
          error:
            error instanceof ToolApprovalError
              ? error
              : new ToolApprovalError('failed', new OlsError('network')),
        });
      },
    );
  };

  const pendingIds = new Set(approvals.map((approval) => approval.approvalId));
  const shown = [
    ...Object.values(decided)
      .filter(({ approval }) => !pendingIds.has(approval.approvalId))
      .map(({ approval }) => approval),
    ...approvals,
  ];
  if (shown.length === 0) return null;

  return (
    <div className="kv-ls-lightspeed-card__section">
      {shown.map((approval) => (
        <ToolApprovalItem
          key={approval.approvalId}
          approval={approval}
          decision={decided[approval.approvalId]?.decision}
          onDecide={(approved) => decide(approval, approved)}
          request={request}
          result={result}
          useOpenOLS={useOpenOLS}
        />
      ))}
    </div>
  );
};
