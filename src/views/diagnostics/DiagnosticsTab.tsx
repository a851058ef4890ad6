import type { FC } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bullseye,
  EmptyState,
  EmptyStateBody,
  Flex,
  FlexItem,
  PageSection,
  Spinner,
  Title,
} from '@patternfly/react-core';
import type { Diagnosis } from '../../kubevirt/diagnosis';
import { diagnoseVm } from '../../kubevirt/diagnosis';
import { healthFromDiagnosis, type VmHealthVerdict } from '../../kubevirt/health';
import { statusGroup } from '../../kubevirt/status';
import type { Condition, VirtualMachine } from '../../kubevirt/types';
import { AIEnhancedErrorAlert } from '../../components/AIEnhancedErrorAlert';
import { VmStatus } from '../../components/VirtualMachineTable/VmStatus';
import { TroubleshootWithAIButton } from '../actions/TroubleshootWithAIButton';
import {
  ChecksList,
  FindingsList,
  SuggestionsList,
  translateMessage,
  translatedText,
  type Translate,
} from '../../components/DiagnosisView';
import { AppliableFixes } from '../../components/ApplyFix';
import type { VmState } from '../../kubevirt/fixes';
import { ConditionsTable } from './ConditionsTable';
import { useVmSnapshot } from './useVmSnapshot';
import './DiagnosticsTab.css';

export interface DiagnosticsTabProps {
  /** kubevirt-plugin (and the console's horizontal nav) pass the VM as `obj`. */
  obj?: VirtualMachine;
  /**
   * kubevirt-plugin's route params (HorizontalNavbar passes `useParams()`); `cluster` is set on ACM
   * fleet pages, where the VM lives on a managed (spoke) cluster.
   */
  params?: { cluster?: string };
  now?: Date;
}

/** The root cause's findings in English (for the AI prompt) or, given `t`, translated. */
const rootCauseMessage = (diagnosis: Diagnosis, t?: Translate): string => {
  const rule = diagnosis.rootCause?.ruleId;
  const messages = diagnosis.findings
    .filter((f) => f.ruleId === rule)
    .map((f) => (t ? translatedText(t, f.text, f.message) : f.message));
  const summary = diagnosis.rootCause?.summary ?? '';
  return messages.length > 0
    ? messages.join('\n')
    : t
      ? translatedText(t, diagnosis.rootCause?.text, summary)
      : summary;
};

/** Root-cause categories in words (the ids stay in the AI prompt and the MCP output). */
const categoryLabel = (t: Translate, category: string): string =>
  ({
    ImagePull: t('Image pull'),
    MissingVolume: t('Missing volume'),
    StorageProvisioning: t('Storage provisioning'),
    DataVolumeImport: t('DataVolume import'),
    MissingSecretOrConfigMap: t('Missing Secret or ConfigMap'),
    InsufficientResources: t('Insufficient resources'),
    SchedulingConstraint: t('Scheduling constraint'),
    CrashLoop: t('Crash loop'),
    NetworkAttachment: t('Network attachment'),
    Migration: t('Migration'),
    Paused: t('Paused'),
    NodeProblem: t('Node problem'),
    Unknown: t('Unknown cause'),
  })[category] ?? category;

/** The verdict in words: the same one search, the VM table and the MCP search tool give. */
const HealthVerdict: FC<{ verdict: VmHealthVerdict }> = ({ verdict }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const label: Record<VmHealthVerdict['health'], string> = {
    healthy: t('Healthy'),
    attention: t('Needs attention'),
    error: t('Error'),
    stopped: t('Stopped'),
    transitional: t('In progress'),
  };
  return (
    <span
      data-test="kv-ls-health-verdict"
      data-health={verdict.health}
      data-category={verdict.category}
    >
      {t('Health: {{verdict}}', { verdict: label[verdict.health] })}
      {verdict.stuck && ` · ${t('stuck')}`}
      {verdict.category && ` · ${categoryLabel(t, verdict.category)}`}
    </span>
  );
};

/**
 * "AI troubleshooting" tab on the VirtualMachine details page: the local rule-based diagnosis (works
 * with AI off), conditions with AI-enhanced popovers, and an AI-enhanced alert when something is wrong.
 *
 * On ACM fleet pages (a `cluster` route param) it diagnoses nothing: its watches, cnv-mcp-server and
 * OLS all act on the hub, so a spoke VM would be diagnosed against the hub's namespace of that name.
 */
const DiagnosticsTab: FC<DiagnosticsTabProps> = ({ obj: vm, params, now }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const spokeCluster = params?.cluster;
  const { snapshot, loaded } = useVmSnapshot(spokeCluster ? undefined : vm, now);
  const diagnosis = useMemo(() => (snapshot ? diagnoseVm(snapshot) : undefined), [snapshot]);
  const verdict = useMemo(
    () => (snapshot && diagnosis ? healthFromDiagnosis(snapshot, diagnosis) : undefined),
    [snapshot, diagnosis],
  );
  // What a confirmed fix is built from and checked against: the VM as the page's watches see it.
  const fixState = useMemo<VmState | undefined>(
    () => (snapshot && vm ? { vm, vmi: snapshot.vmi, migrations: snapshot.migrations } : undefined),
    [snapshot, vm],
  );

  if (spokeCluster) {
    return (
      <PageSection>
        <EmptyState
          headingLevel="h2"
          titleText={t('Not available for VirtualMachines on managed clusters')}
          data-test="kv-ls-fleet-unavailable"
        >
          <EmptyStateBody>
            {t(
              'This VirtualMachine runs on cluster {{cluster}}. AI troubleshooting reads the cluster it runs in; open the VirtualMachine in the console of cluster {{cluster}}.',
              { cluster: spokeCluster },
            )}
          </EmptyStateBody>
        </EmptyState>
      </PageSection>
    );
  }

  if (!vm?.metadata?.name) {
    return (
      <PageSection>
        <EmptyState headingLevel="h2" titleText={t('No VirtualMachine')}>
          <EmptyStateBody>{t('This tab needs a VirtualMachine to diagnose.')}</EmptyStateBody>
        </EmptyState>
      </PageSection>
    );
  }
  if (!loaded || !diagnosis || !snapshot || !verdict) {
    return (
      <Bullseye>
        <Spinner aria-label={t('Loading diagnostics')} />
      </Bullseye>
    );
  }

  const status = vm.status?.printableStatus ?? 'Unknown';
  const conditions: { source: string; condition: Condition }[] = [
    ...(vm.status?.conditions ?? []).map((condition) => ({ source: 'VirtualMachine', condition })),
    ...(snapshot.vmi?.status?.conditions ?? []).map((condition) => ({
      source: 'VirtualMachineInstance',
      condition,
    })),
  ];
  const failedChecks = diagnosis.checks.filter(
    (check) => (check.status ?? (check.passed ? 'passed' : 'failed')) === 'failed',
  ).length;

  return (
    <PageSection className="kv-ls-diagnostics">
      <Flex
        className="kv-ls-diagnostics__summary"
        justifyContent={{ default: 'justifyContentSpaceBetween' }}
        alignItems={{ default: 'alignItemsCenter' }}
      >
        <FlexItem>
          <Title headingLevel="h2">{t('Diagnostics')}</Title>
          <p>
            <VmStatus
              status={status}
              group={statusGroup(status)}
              health={verdict.health}
              stuck={verdict.stuck}
              summary={translateMessage(t, verdict.text)}
            />
            {' · '}
            <HealthVerdict verdict={verdict} />
            {' · '}
            {diagnosis.healthy
              ? t('No problems found')
              : t('{{failed}} of {{total}} checks failed', {
                  failed: failedChecks,
                  total: diagnosis.checks.length,
                })}
          </p>
        </FlexItem>
        {!diagnosis.healthy && (
          <FlexItem>
            <TroubleshootWithAIButton vm={vm} variant="secondary" />
          </FlexItem>
        )}
      </Flex>

      {diagnosis.rootCause && (
        <AIEnhancedErrorAlert
          title={diagnosis.rootCause.summary}
          message={rootCauseMessage(diagnosis)}
          displayTitle={translatedText(t, diagnosis.rootCause.text, diagnosis.rootCause.summary)}
          displayMessage={rootCauseMessage(diagnosis, t)}
          vm={vm}
          vmi={snapshot.vmi}
          events={snapshot.events}
          findings={diagnosis.findings}
        />
      )}

      <Title headingLevel="h3" className="kv-ls-diagnostics__heading">
        {t('Conditions')}
      </Title>
      <ConditionsTable
        conditions={conditions}
        vm={vm}
        vmi={snapshot.vmi}
        findings={diagnosis.findings}
        events={snapshot.events}
        pod={snapshot.pods[0]}
        now={snapshot.now}
      />

      <Title headingLevel="h3" className="kv-ls-diagnostics__heading">
        {t('Checks')}
      </Title>
      <ChecksList checks={diagnosis.checks} />

      {diagnosis.findings.length > 0 && (
        <>
          <Title headingLevel="h3" className="kv-ls-diagnostics__heading">
            {t('Findings')}
          </Title>
          <FindingsList findings={diagnosis.findings} />
        </>
      )}

      {diagnosis.suggestions.length > 0 && (
        <>
          <Title headingLevel="h3" className="kv-ls-diagnostics__heading">
            {t('Suggestions')}
          </Title>
          <SuggestionsList suggestions={diagnosis.suggestions} />
        </>
      )}

      {fixState && (
        <AppliableFixes
          suggestions={diagnosis.suggestions}
          state={fixState}
          diagnosisSummary={
            diagnosis.rootCause ? diagnosis.rootCause.summary : t('No problems found')
          }
        />
      )}
    </PageSection>
  );
};

export default DiagnosticsTab;
