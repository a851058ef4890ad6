import { msg, type Message, type MessageParam } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  vmEvidence,
} from '../context';
import type { DataVolume, Evidence, Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

const FAILING_RUNNING_REASONS = new Set([
  'Error',
  'ImagePullFailed',
  'ErrImportFailed',
  'ClaimMisbound',
  'OOMKilled',
]);
const RESTARTS_BEFORE_CRITICAL = 3;

/**
 * CDI import, clone or upload that fails. Since CDI 1.65 a failing importer usually keeps its phase
 * (ImportInProgress) and retries: the Running=False reason=Error condition is the real signal.
 */
export const dataVolumeImportRule: DiagnosisRule = {
  id: 'datavolume-import',
  category: 'DataVolumeImport',
  checkName: msg('DataVolume imports, clones and uploads succeed'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const names = new Set(ctx.refs.filter((r) => r.kind === 'DataVolume').map((r) => r.name));
    const vmImportEvents = eventsFor(ctx.snapshot, 'VirtualMachine', ctx.name).filter(
      (e) => e.reason === 'FailedDataVolumeImport' || e.reason === 'FailedDataVolumeCreate',
    );
    for (const dv of ctx.snapshot.dataVolumes) {
      const name = dv.metadata?.name ?? '';
      if (!names.has(name)) continue;
      const problem = importProblem(dv);
      const dvEvents = eventsFor(ctx.snapshot, 'DataVolume', name).filter(
        (e) => e.type === 'Warning',
      );
      const pvcEvents = eventsFor(ctx.snapshot, 'PersistentVolumeClaim', name).filter(
        (e) => e.reason === 'ErrImportFailed',
      );
      const relatedVmEvents = vmImportEvents.filter((e) => (e.message ?? '').includes(name));
      if (
        !problem &&
        relatedVmEvents.length === 0 &&
        !(
          dvEvents.length > 0 &&
          dv.status?.phase !== 'Succeeded' &&
          isFailureEvent(dvEvents[0].reason)
        )
      ) {
        const transition = inProgress(dv, ctx.wantsRunning);
        if (transition) findings.push(transition);
        continue;
      }
      const evidence: Evidence[] = [
        ...(problem?.evidence ?? [
          objectEvidence(dv, 'DataVolume', 'status.phase', dv.status?.phase ?? ''),
        ]),
        ...(ctx.printableStatus === 'DataVolumeError'
          ? [vmEvidence(ctx, 'status.printableStatus', 'DataVolumeError')]
          : []),
        ...dvEvents.slice(0, 3).map(eventEvidence),
        ...pvcEvents.slice(0, 2).map(eventEvidence),
        ...relatedVmEvents.slice(0, 2).map(eventEvidence),
      ];
      const detail = problem?.detail ?? dvEvents[0]?.message ?? relatedVmEvents[0]?.message ?? '';
      findings.push(
        finding(
          'dv.import-failed',
          'critical',
          'DataVolumeImport',
          detail
            ? msg('DataVolume "{{name}}" ({{operation}}) is failing: {{detail}}', {
                name,
                operation: operationOf(dv),
                detail,
              })
            : msg('DataVolume "{{name}}" ({{operation}}) is failing.', {
                name,
                operation: operationOf(dv),
              }),
          uniqueEvidence(evidence),
        ),
      );
    }
    // The VM may name a failed DataVolume that was not fetched.
    if (
      findings.length === 0 &&
      vmImportEvents.length > 0 &&
      ctx.printableStatus === 'DataVolumeError'
    ) {
      findings.push(
        finding(
          'dv.import-failed',
          'critical',
          'DataVolumeImport',
          msg('A DataVolume of the VM failed: {{message}}', {
            message: vmImportEvents[0].message ?? '',
          }),
          [
            vmEvidence(ctx, 'status.printableStatus', 'DataVolumeError'),
            ...vmImportEvents.slice(0, 3).map(eventEvidence),
          ],
        ),
      );
    }
    return findings;
  },
};

/** CDI DataVolume phases of an operation that is under way (CDI pkg/apis/core/v1beta1/types.go). */
const IN_PROGRESS_PHASES = new Set([
  'Pending',
  'ImportScheduled',
  'ImportInProgress',
  'CloneScheduled',
  'CloneInProgress',
  'CSICloneInProgress',
  'SnapshotForSmartCloneInProgress',
  'CloneFromSnapshotSourceInProgress',
  'SmartClonePVCInProgress',
  'ExpansionInProgress',
  'NamespaceTransferInProgress',
  'PrepClaimInProgress',
  'RebindInProgress',
  'UploadScheduled',
  'UploadReady',
  'WaitForFirstConsumer',
  'PendingPopulation',
]);

/** A normal, running CDI operation: explains a Provisioning VM and a Pending claim. */
const inProgress = (dv: DataVolume, wantsRunning: boolean): Finding | undefined => {
  const phase = dv.status?.phase ?? '';
  if (!IN_PROGRESS_PHASES.has(phase)) return undefined;
  const name = dv.metadata?.name ?? '';
  const progress = dv.status?.progress;
  const waiting = phase === 'WaitForFirstConsumer' || phase === 'PendingPopulation';
  const ruleId = waiting ? 'pvc.wait-for-first-consumer' : 'dv.import-in-progress';
  const message = waiting
    ? wantsRunning
      ? msg(
          'DataVolume "{{name}}" is {{phase}}: its claim binds when the VM\'s pod is scheduled.',
          {
            name,
            phase,
          },
        )
      : msg(
          'DataVolume "{{name}}" is {{phase}}: its claim binds when the VM\'s pod is scheduled (the VM is stopped).',
          { name, phase },
        )
    : progress && progress !== 'N/A'
      ? msg(
          'DataVolume "{{name}}" ({{operation}}) is {{phase}} ({{progress}}); the VM starts when it completes.',
          { name, operation: operationOf(dv), phase, progress },
        )
      : msg(
          'DataVolume "{{name}}" ({{operation}}) is {{phase}}; the VM starts when it completes.',
          {
            name,
            operation: operationOf(dv),
            phase,
          },
        );
  return {
    ...finding(ruleId, 'info', 'DataVolumeImport', message, [
      objectEvidence(dv, 'DataVolume', 'status.phase', phase),
      {
        kind: 'PersistentVolumeClaim',
        name,
        ...(dv.metadata?.namespace ? { namespace: dv.metadata.namespace } : {}),
      },
    ]),
    role: 'transition',
  };
};

/**
 * Warning reasons of a DataVolume whose operation cannot go on. CloneSourceInUse: CDI waits for
 * every pod using the source claim to go away (a running VM's launcher keeps it forever).
 */
const isFailureEvent = (reason: string | undefined): boolean =>
  [
    'Error',
    'ImportFailed',
    'CloneFailed',
    'UploadFailed',
    'ImagePullFailed',
    'CloneSourceInUse',
  ].includes(reason ?? '');

const operationOf = (dv: DataVolume): Message => {
  const source = dv.spec?.source ?? {};
  if ('pvc' in source || 'snapshot' in source || dv.spec?.sourceRef) return msg('clone');
  if ('upload' in source) return msg('upload');
  const kind = Object.keys(source)[0];
  return kind ? msg('import from {{kind}}', { kind }) : msg('import');
};

const importProblem = (
  dv: DataVolume,
): { detail: MessageParam; evidence: Evidence[] } | undefined => {
  const phase = dv.status?.phase;
  if (phase === 'Succeeded') return undefined;
  const running = findCondition(dv, 'Running');
  if (phase === 'Failed') {
    const reason = running?.message ?? running?.reason ?? msg('phase Failed');
    return {
      detail: reason,
      evidence: [
        objectEvidence(dv, 'DataVolume', 'status.phase', 'Failed'),
        ...(running ? [conditionEvidence(dv, 'DataVolume', running)] : []),
      ],
    };
  }
  if (running?.status === 'False' && FAILING_RUNNING_REASONS.has(running.reason ?? '')) {
    return {
      detail: running.message ?? running.reason ?? '',
      evidence: [
        objectEvidence(dv, 'DataVolume', 'status.phase', phase ?? ''),
        conditionEvidence(dv, 'DataVolume', running),
      ],
    };
  }
  if ((dv.status?.restartCount ?? 0) >= RESTARTS_BEFORE_CRITICAL) {
    return {
      detail: msg('the importer pod restarted {{count}} times', {
        count: dv.status?.restartCount ?? 0,
      }),
      evidence: [
        objectEvidence(dv, 'DataVolume', 'status.restartCount', String(dv.status?.restartCount)),
      ],
    };
  }
  return undefined;
};
