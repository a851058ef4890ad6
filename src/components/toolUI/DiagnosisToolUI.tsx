import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@patternfly/react-core';
import type { CheckView, FindingView } from '../DiagnosisView';
import { ChecksList, FindingsList } from '../DiagnosisView';
import { asArray, asBoolean, asRecord, asString } from './guards';
import type { ToolUIProps } from './types';
import { ToolUIFrame } from './ToolUIFrame';

export const parseChecks = (value: unknown): CheckView[] =>
  asArray(value).flatMap((entry) => {
    const check = asRecord(entry);
    const name = asString(check?.name);
    const passed = asBoolean(check?.passed);
    if (!check || !name || passed === undefined) return [];
    const status = asString(check.status);
    return [
      {
        id: asString(check.id),
        name,
        passed,
        message: asString(check.message) ?? '',
        ...(status === 'passed' || status === 'failed' || status === 'notVerified'
          ? { status }
          : {}),
      },
    ];
  });

export const parseFindings = (value: unknown): FindingView[] =>
  asArray(value).flatMap((entry) => {
    const finding = asRecord(entry);
    const ruleId = asString(finding?.ruleId);
    const message = asString(finding?.message);
    if (!finding || !ruleId || !message) return [];
    const evidence = asArray(finding.evidence).flatMap((item) => {
      const record = asRecord(item);
      if (!record) return [];
      const event = asRecord(record.event);
      return [
        {
          kind: asString(record.kind),
          name: asString(record.name),
          fieldPath: asString(record.fieldPath),
          value: asString(record.value),
          event: event
            ? { reason: asString(event.reason), message: asString(event.message) }
            : undefined,
        },
      ];
    });
    return [{ ruleId, message, severity: asString(finding.severity) ?? 'info', evidence }];
  });

/** `diagnose_vm_error` in the chat: root cause (with rule id) and the checks, failed first. */
export const DiagnosisToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  if (!content) return null;
  const checks = parseChecks(content.checks);
  const findings = parseFindings(content.findings);
  const rootCause = asRecord(content.rootCause);
  const summary = asString(rootCause?.summary);
  if (checks.length === 0 && findings.length === 0 && !summary) return null;
  const vm = asRecord(content.vm);
  const vmName = [asString(vm?.namespace), asString(vm?.name)].filter(Boolean).join('/');
  return (
    <ToolUIFrame
      title={vmName ? t('Diagnosis of {{vm}}', { vm: vmName }) : t('VirtualMachine diagnosis')}
    >
      {summary ? (
        <Alert
          variant="danger"
          isInline
          isPlain
          className="kv-ls-tool-ui__root-cause"
          title={t('Root cause: {{summary}}', { summary })}
        >
          {[asString(rootCause?.category), asString(rootCause?.ruleId)].filter(Boolean).join(' · ')}
        </Alert>
      ) : (
        asBoolean(content.healthy) && (
          <Alert variant="success" isInline isPlain title={t('No problems found')} />
        )
      )}
      {checks.length > 0 && <ChecksList checks={checks} />}
      {findings.length > 0 && <FindingsList findings={findings} />}
    </ToolUIFrame>
  );
};
