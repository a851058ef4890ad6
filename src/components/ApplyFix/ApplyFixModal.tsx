import type { FC } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  CodeBlock,
  CodeBlockCode,
  Content,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
} from '@patternfly/react-core';
import { fixEvent, undoOf, type FixOperation, type VmState } from '../../kubevirt/fixes';
import { classifyFixError, type FixError } from './errors';
import type { FixClient } from './fixClient';
import { actionLabel, errorMessage } from './labels';
import { patchDiff, requestBodyText, requestLine } from './requestView';

export interface ApplyFixModalProps {
  op: FixOperation;
  /** The VM as it was when the user chose the fix (what the request was built from). */
  before: VmState;
  /** The VM now, from the page's watches: the result, and what an Undo is built against. */
  current: VmState;
  /** The fresh diagnosis in one line (root cause, or "no problems"). */
  diagnosisSummary: string;
  client: FixClient;
  onClose: () => void;
}

interface Outcome {
  op: FixOperation;
  undo: boolean;
  eventError?: string;
}

/** The request exactly as it is sent. */
const RequestView: FC<{ op: FixOperation; vm: unknown; testId: string }> = ({ op, vm, testId }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const body = requestBodyText(op.request);
  return (
    <div data-test={testId}>
      <CodeBlock>
        <CodeBlockCode data-test="kv-ls-fix-request-line">{requestLine(op.request)}</CodeBlockCode>
      </CodeBlock>
      {op.request.patch ? (
        <>
          <Content component="p">
            {t(
              'JSON patch (application/json-patch+json); "=" lines are checked first, so a VM changed since it was read is refused and nothing is written:',
            )}
          </Content>
          <CodeBlock>
            <CodeBlockCode data-test="kv-ls-fix-request-diff">
              {patchDiff(op.request.patch, vm)
                .map((line) => `${line.sign} ${line.text}`)
                .join('\n')}
            </CodeBlockCode>
          </CodeBlock>
        </>
      ) : null}
      {body !== undefined && (
        <CodeBlock>
          <CodeBlockCode data-test="kv-ls-fix-request-body">{body}</CodeBlockCode>
        </CodeBlock>
      )}
    </div>
  );
};

/**
 * Confirms one fix: shows the exact request, sends it once with the user's token, records an Event
 * on the VM, shows the VM's new state and the fresh diagnosis, and offers the inverse as Undo. A
 * failed request is reported and never retried; clicks while a request is in flight are ignored.
 */
export const ApplyFixModal: FC<ApplyFixModalProps> = ({
  op,
  before,
  current,
  diagnosisSummary,
  client,
  onClose,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  // A ref, not state: two clicks in one frame both see `false` in state.
  const sent = useRef(new Set<string>());
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<FixError & { undo: boolean }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [user, setUser] = useState<string>();

  useEffect(() => {
    let live = true;
    void client.whoAmI().then((name) => live && setUser(name));
    return () => {
      live = false;
    };
  }, [client]);

  const undo = useMemo(
    () => (outcome && !outcome.undo ? undoOf(op, before, current) : undefined),
    [outcome, op, before, current],
  );

  const execute = async (operation: FixOperation, isUndo: boolean) => {
    const key = isUndo ? 'undo' : 'apply';
    if (sent.current.has(key)) return;
    sent.current.add(key);
    setRunning(true);
    setError(undefined);
    try {
      await client.send(operation.request);
    } catch (e) {
      setError({ ...classifyFixError(e), undo: isUndo });
      setRunning(false);
      return;
    }
    let eventError: string | undefined;
    try {
      await client.recordEvent(fixEvent(operation, user, new Date(), isUndo));
    } catch (e) {
      eventError = classifyFixError(e).detail;
    }
    setOutcome({ op: operation, undo: isUndo, eventError });
    setRunning(false);
  };

  const label = actionLabel(t, op.action);
  const status = current.vm.status?.printableStatus ?? t('Unknown');
  const applied = outcome !== undefined;
  const failed = error !== undefined;

  return (
    <Modal
      variant={ModalVariant.medium}
      isOpen
      onClose={onClose}
      aria-labelledby="kv-ls-apply-fix-title"
      data-test="kv-ls-apply-fix-modal"
    >
      <ModalHeader
        title={t('{{action}} VirtualMachine {{name}}', { action: label, name: op.vm.name })}
        labelId="kv-ls-apply-fix-title"
      />
      <ModalBody>
        <Content component="p">
          {t('Fix "{{title}}" of rule {{rule}}. This request is sent with your own permissions:', {
            title: op.suggestionTitle,
            rule: op.ruleId,
          })}
        </Content>
        <RequestView op={op} vm={before.vm} testId="kv-ls-fix-request" />

        {failed && (
          <Alert
            variant="danger"
            isInline
            title={error.undo ? t('The undo was not applied') : t('The fix was not applied')}
            data-test="kv-ls-fix-error"
          >
            {errorMessage(t, error)}
          </Alert>
        )}

        {applied && (
          <Alert
            variant="success"
            isInline
            title={
              outcome.undo
                ? t('Undone: {{action}}', { action: actionLabel(t, outcome.op.action) })
                : t('Applied: {{action}}', { action: label })
            }
            data-test="kv-ls-fix-result"
          >
            <p data-test="kv-ls-fix-vm-status">{t('VM status now: {{status}}', { status })}</p>
            <p data-test="kv-ls-fix-diagnosis">
              {t('Diagnosis now: {{summary}}', { summary: diagnosisSummary })}
            </p>
            <p data-test="kv-ls-fix-event">
              {outcome.eventError
                ? t('The change was made, but its Event could not be recorded: {{detail}}', {
                    detail: outcome.eventError,
                  })
                : t('Event {{reason}} recorded on the VM.', {
                    reason: outcome.undo ? 'AIFixUndone' : 'AIFixApplied',
                  })}
            </p>
          </Alert>
        )}

        {undo && !running && !failed && (
          <>
            <Content component="p">{t('Undo sends the inverse request:')}</Content>
            <RequestView op={undo} vm={current.vm} testId="kv-ls-fix-undo-request" />
          </>
        )}
      </ModalBody>
      <ModalFooter>
        {!applied && !failed && (
          <Button
            variant="primary"
            onClick={() => void execute(op, false)}
            isDisabled={running}
            isLoading={running}
            data-test="kv-ls-fix-confirm"
          >
            {t('Apply: {{action}}', { action: label })}
          </Button>
        )}
        {undo && !failed && (
          <Button
            variant="secondary"
            onClick={() => void execute(undo, true)}
            isDisabled={running}
            isLoading={running}
            data-test="kv-ls-fix-undo"
          >
            {t('Undo ({{action}})', { action: actionLabel(t, undo.action) })}
          </Button>
        )}
        <Button variant="link" onClick={onClose} data-test="kv-ls-fix-close">
          {applied || failed ? t('Close') : t('Cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
};
