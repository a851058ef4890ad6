import { cloneSnapshotsOf, snapshotNamespacesToRead } from '../cloneSnapshots';
import { msg, type Message, type MessageParam } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  observedNow,
  objectEvidence,
  timeOf,
  vmEvidence,
  type RuleContext,
} from '../context';
import { durationMessage } from '../duration';
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
  unverified: (ctx) => {
    const unread = ctx.snapshot.unreadable?.find((u) => u.kind === 'VolumeSnapshot');
    const cloning = snapshotNamespacesToRead(ownDataVolumes(ctx)).length > 0;
    return unread && cloning
      ? [
          msg('the VolumeSnapshots of the clone could not be read ({{reason}})', {
            reason: unread.reason,
          }),
        ]
      : [];
  },
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const names = new Set(ctx.refs.filter((r) => r.kind === 'DataVolume').map((r) => r.name));
    const vmImportEvents = eventsFor(ctx.snapshot, 'VirtualMachine', ctx.name).filter(
      (e) => e.reason === 'FailedDataVolumeImport' || e.reason === 'FailedDataVolumeCreate',
    );
    for (const dv of ctx.snapshot.dataVolumes) {
      const name = dv.metadata?.name ?? '';
      if (!names.has(name)) continue;
      const snapshotFailure = cloneSnapshotProblem(ctx, dv) ?? claimNotRenderable(ctx, dv);
      if (snapshotFailure) {
        findings.push(snapshotFailure);
        continue;
      }
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
          isFailureEvent(dvEvents[0].reason, dv)
        )
      ) {
        const stalled = ctx.wantsRunning ? stuckOperation(ctx, dv) : undefined;
        const transition = stalled ?? inProgress(dv, ctx.wantsRunning);
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

const ownDataVolumes = (ctx: RuleContext): DataVolume[] => {
  const names = new Set(ctx.refs.filter((r) => r.kind === 'DataVolume').map((r) => r.name));
  return ctx.snapshot.dataVolumes.filter((dv) => names.has(dv.metadata?.name ?? ''));
};

/**
 * A clone whose VolumeSnapshot failed: external-snapshotter writes the CSI driver's error to
 * status.error ("Failed to check and update snapshot content: failed to take snapshot of the
 * volume %s: %q", pkg/sidecar-controller/snapshot_controller.go) and Warning events such as
 * SnapshotContentCheckandUpdateFailed / SnapshotCreationFailed, while the DataVolume shows only
 * its phase and a Normal event.
 */
const cloneSnapshotProblem = (ctx: RuleContext, dv: DataVolume): Finding | undefined => {
  for (const snap of cloneSnapshotsOf(dv, ctx.snapshot.pvcs, ctx.snapshot.volumeSnapshots ?? [])) {
    const snapName = snap.metadata?.name ?? '';
    const warnings = eventsFor(ctx.snapshot, 'VolumeSnapshot', snapName).filter(
      (e) => e.type === 'Warning',
    );
    const error =
      snap.status?.error?.message ?? (snap.status?.readyToUse ? '' : warnings[0]?.message);
    if (!error) continue;
    const name = dv.metadata?.name ?? '';
    const claim = snap.spec?.source?.persistentVolumeClaimName ?? '';
    return finding(
      'dv.clone-snapshot-failed',
      'critical',
      'DataVolumeImport',
      msg(
        'DataVolume "{{name}}" (clone) cannot go on: VolumeSnapshot "{{snapshot}}" of claim "{{claim}}" failed: {{error}}',
        { name, snapshot: snapName, claim, error },
      ),
      uniqueEvidence([
        objectEvidence(
          snap,
          'VolumeSnapshot',
          snap.status?.error?.message ? 'status.error.message' : 'status.readyToUse',
          snap.status?.error?.message ?? String(snap.status?.readyToUse ?? false),
        ),
        objectEvidence(dv, 'DataVolume', 'status.phase', dv.status?.phase ?? ''),
        ...warnings.slice(0, 2).map(eventEvidence),
      ]),
    );
  }
  return undefined;
};

/**
 * CDI cannot even render the claim: a DataVolume using the `storage` API without access modes
 * on a class whose StorageProfile has none (CDI pkg/controller/datavolume: ErrClaimNotValid "no
 * accessMode specified in StorageProfile %s"). No PVC, no importer: it looks like a slow import.
 */
const PROFILE_INCOMPLETE = /no accessMode specified in StorageProfile (\S+)/i;

const claimNotRenderable = (ctx: RuleContext, dv: DataVolume): Finding | undefined => {
  const name = dv.metadata?.name ?? '';
  const condition = (dv.status?.conditions ?? []).find((c) =>
    PROFILE_INCOMPLETE.test(c.message ?? ''),
  );
  const events = eventsFor(ctx.snapshot, 'DataVolume', name).filter((e) =>
    PROFILE_INCOMPLETE.test(e.message ?? ''),
  );
  const text = condition?.message ?? events[0]?.message;
  const profile = text ? PROFILE_INCOMPLETE.exec(text)?.[1] : undefined;
  if (!profile || dv.status?.phase === 'Succeeded') return undefined;
  return finding(
    'storage.profile-incomplete',
    'critical',
    'StorageProvisioning',
    msg(
      'CDI cannot create the claim of DataVolume "{{name}}": StorageProfile "{{profile}}" names no access mode (and the DataVolume gives none), so no PVC is made.',
      { name, profile },
    ),
    uniqueEvidence([
      ...(condition ? [conditionEvidence(dv, 'DataVolume', condition)] : []),
      ...events.slice(0, 2).map(eventEvidence),
      { kind: 'StorageProfile', name: profile, fieldPath: 'status.claimPropertySets', value: '[]' },
    ]),
  );
};

/** Phases that report no progress figure, or wait for someone to upload the image. */
const WAITING_FOR_CONSUMER = new Set(['WaitForFirstConsumer', 'PendingPopulation']);
const UPLOAD_PHASES = new Set(['UploadScheduled', 'UploadReady']);
/**
 * Longer than any snapshot, CSI clone or claim preparation takes in practice (CDI's smart-clone
 * docs mention 5–10 minutes for a 200 GB snapshot on slow storage).
 */
const STUCK_AFTER_MINUTES = 30;

const hasProgress = (dv: DataVolume): boolean => {
  const value = parseFloat(dv.status?.progress ?? '');
  return Number.isFinite(value) && value > 0;
};

/** When the DataVolume entered its phase: the newest condition change, else its creation. */
const phaseSince = (dv: DataVolume): string | undefined => {
  const times = (dv.status?.conditions ?? [])
    .map((c) => c.lastTransitionTime)
    .filter((t): t is string => !!t && Number.isFinite(timeOf(t)));
  return times.sort((a, b) => timeOf(b) - timeOf(a))[0] ?? dv.metadata?.creationTimestamp;
};

/**
 * An operation that has not moved for longer than it ever should: a phase with no progress figure
 * (snapshot, CSI clone, claim preparation, scheduled pods) or an upload nobody made. Imports and
 * host-assisted clones that report a percentage are left alone: a large image legitimately takes
 * hours.
 */
const stuckOperation = (ctx: RuleContext, dv: DataVolume): Finding | undefined => {
  const phase = dv.status?.phase ?? '';
  if (!IN_PROGRESS_PHASES.has(phase) || WAITING_FOR_CONSUMER.has(phase) || hasProgress(dv))
    return undefined;
  const since = phaseSince(dv);
  const minutes = since ? (observedNow(ctx.snapshot) - timeOf(since)) / 60000 : 0;
  if (minutes < STUCK_AFTER_MINUTES) return undefined;
  const name = dv.metadata?.name ?? '';
  const duration = durationMessage(minutes);
  const message = UPLOAD_PHASES.has(phase)
    ? msg(
        'DataVolume "{{name}}" has waited {{duration}} for an upload ({{phase}}): no image was uploaded, so the VM cannot start.',
        { name, duration, phase },
      )
    : msg(
        'DataVolume "{{name}}" ({{operation}}) has been {{phase}} for {{duration}} without progress: CDI is not moving it forward.',
        { name, operation: operationOf(dv), phase, duration },
      );
  return finding(
    'dv.stuck',
    'critical',
    'DataVolumeImport',
    message,
    uniqueEvidence([
      objectEvidence(dv, 'DataVolume', 'status.phase', phase),
      ...(since
        ? [objectEvidence(dv, 'DataVolume', 'status.conditions[].lastTransitionTime', since)]
        : []),
      ...eventsFor(ctx.snapshot, 'DataVolume', name).slice(0, 2).map(eventEvidence),
    ]),
  );
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
const isFailureEvent = (reason: string | undefined, dv: DataVolume): boolean =>
  [
    'Error',
    'ImportFailed',
    'CloneFailed',
    'UploadFailed',
    'ImagePullFailed',
    'CloneSourceInUse',
  ].includes(reason ?? '') ||
  // CDI "The source pvc %s doesn't exist": the clone never starts while the source is absent.
  (reason === 'CloneWithoutSource' && NOT_STARTED_PHASES.has(dv.status?.phase ?? ''));

/** DataVolume phases before any clone work: the disk still waits for its source. */
export const NOT_STARTED_PHASES = new Set(['', 'Pending', 'CloneScheduled']);

const operationOf = (dv: DataVolume): Message => {
  const source = dv.spec?.source ?? {};
  if ('pvc' in source || 'snapshot' in source || dv.spec?.sourceRef) return msg('clone');
  if ('upload' in source) return msg('upload');
  const kind = Object.keys(source)[0];
  return kind ? msg('import from {{kind}}', { kind }) : msg('import');
};

export const importProblem = (
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
