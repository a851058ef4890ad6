import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Label, List, ListItem } from '@patternfly/react-core';
import type { Message } from '../../kubevirt/diagnosis/messages';
import { translatedText, type Translate } from './translateMessage';

export interface EvidenceView {
  kind?: string;
  name?: string;
  namespace?: string;
  fieldPath?: string;
  value?: string;
  event?: { reason?: string; message?: string; count?: number };
}

export interface FindingView {
  ruleId: string;
  severity: string;
  message: string;
  /** `message` as a translatable Message (diagnoseVm sets it). */
  text?: Message;
  evidence?: EvidenceView[];
}

/** Severity in words; an unknown value (from a newer server) is shown as is. */
export const severityLabel = (t: Translate, severity: string): string =>
  ({ critical: t('Critical'), warning: t('Warning'), info: t('Info') })[severity] ?? severity;

const severityColor = (severity: string) =>
  severity === 'critical' ? 'red' : severity === 'warning' ? 'orange' : 'blue';

const evidenceText = (evidence: EvidenceView): string => {
  const object = [evidence.kind, evidence.name].filter(Boolean).join(' ');
  const field = evidence.fieldPath ? ` ${evidence.fieldPath}` : '';
  const value = evidence.value ? ` = ${evidence.value}` : '';
  const event = evidence.event
    ? ` — ${[evidence.event.reason, evidence.event.message].filter(Boolean).join(': ')}`
    : '';
  return `${object}${field}${value}${event}`.trim();
};

/** Findings with their rule id (what the AI cites), severity and the evidence they rest on. */
export const FindingsList: FC<{ findings: FindingView[] }> = ({ findings }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  return (
    <List isPlain className="kv-ls-findings" aria-label={t('Findings')}>
      {findings.map((finding, index) => (
        <ListItem key={`${finding.ruleId}-${index}`} data-test="finding">
          <Label color={severityColor(finding.severity)} isCompact>
            {severityLabel(t, finding.severity)}
          </Label>{' '}
          {translatedText(t, finding.text, finding.message)}{' '}
          <code className="kv-ls-rule-id">{finding.ruleId}</code>
          {(finding.evidence ?? []).length > 0 && (
            <List className="kv-ls-diagnostics__evidence" aria-label={t('Evidence')}>
              {(finding.evidence ?? []).map((evidence, i) => (
                <ListItem key={i}>{evidenceText(evidence)}</ListItem>
              ))}
            </List>
          )}
        </ListItem>
      ))}
    </List>
  );
};
