import { msg } from '../messages';
import {
  allEventsNewestFirst,
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  timeOf,
} from '../context';
import { joinMessages, type Message } from '../messages';
import type {
  Evidence,
  Finding,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';
import { isPendingMigrationTarget } from '../context';
import { targetLabelsNoNodeHas } from './candidateNodes';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The most recent live migration of the VMI failed (and no later one succeeded). */
export const migrationRule: DiagnosisRule = {
  id: 'migration',
  category: 'Migration',
  checkName: msg('The last live migration did not fail'),
  evaluate: (ctx) => {
    const vmiName = ctx.snapshot.vmi?.metadata?.name ?? ctx.name;
    const vmi = ctx.snapshot.vmi;
    // A stopped VM has nothing to migrate, and a migration older than the current VMI belongs to
    // an earlier run: neither is a problem of the VM as it is now.
    if (!vmi) return [];
    const vmiCreated = timeOf(vmi.metadata?.creationTimestamp);
    const migrations = ctx.snapshot.migrations
      .filter((m) => (m.spec?.vmiName ?? m.metadata?.labels?.['kubevirt.io/vmi-name']) === vmiName)
      .filter((m) => !vmiCreated || timeOf(m.metadata?.creationTimestamp) >= vmiCreated)
      .sort(
        (a, b) => timeOf(b.metadata?.creationTimestamp) - timeOf(a.metadata?.creationTimestamp),
      );
    const latest = migrations[0];
    const vmiEvents = eventsFor(ctx.snapshot, 'VirtualMachineInstance', vmiName).filter(
      (e) =>
        e.reason === 'FailedMigration' ||
        e.reason === 'MigrationBackoff' ||
        e.reason === 'MigrationFailed',
    );
    const findings: Finding[] = [];
    const state = ctx.snapshot.vmi?.status?.migrationState;

    // The target pod of the pending migration cannot be placed (VMIM stays Pending/Scheduling).
    const targetPod = latest
      ? ctx.snapshot.pods.find(
          (p) =>
            isPendingMigrationTarget(p, ctx.snapshot) &&
            findCondition(p, 'PodScheduled')?.status === 'False' &&
            findCondition(p, 'PodScheduled')?.reason === 'Unschedulable',
        )
      : undefined;
    const targetCond = targetPod ? findCondition(targetPod, 'PodScheduled') : undefined;
    const missingLabels = targetPod ? targetLabelsNoNodeHas(ctx, targetPod) : [];
    if (
      latest &&
      targetPod &&
      targetCond &&
      ['Pending', 'Scheduling'].includes(latest.status?.phase ?? '')
    ) {
      findings.push(
        finding(
          'migration.target-unschedulable',
          'critical',
          'Migration',
          joinMessages([
            msg(
              'Live migration "{{name}}" cannot start: its target pod "{{pod}}" cannot be scheduled: {{message}}',
              {
                name: latest.metadata?.name ?? '',
                pod: targetPod.metadata?.name ?? '',
                message: targetCond.message ?? '',
              },
            ),
            ...(missingLabels.length > 0
              ? [
                  msg(
                    'No schedulable node other than the source carries what the target pod selects: {{labels}}.',
                    {
                      labels: missingLabels.join(', '),
                    },
                  ),
                ]
              : []),
          ]),
          uniqueEvidence([
            objectEvidence(
              latest,
              'VirtualMachineInstanceMigration',
              'status.phase',
              latest.status?.phase,
            ),
            conditionEvidence(targetPod, 'Pod', targetCond),
            ...vmiEvents.slice(0, 2).map(eventEvidence),
          ]),
        ),
      );
    } else if (latest && latest.status?.phase === 'Failed') {
      findings.push(migrationFailed(latest, vmi, vmiEvents.map(eventEvidence)));
    } else if (!latest && state?.failed) {
      const policy = policySettings(vmi, state as PolicyState, vmi);
      findings.push(
        finding(
          'migration.failed',
          'critical',
          'Migration',
          withPolicy(
            state.targetNode
              ? msg('The last live migration of the VM to node "{{node}}" failed.', {
                  node: state.targetNode,
                })
              : msg('The last live migration of the VM failed.'),
            policy,
            failureReasonOf(state as PolicyState),
          ),
          uniqueEvidence([
            objectEvidence(
              ctx.snapshot.vmi,
              'VirtualMachineInstance',
              'status.migrationState.failed',
              'true',
            ),
            ...(policy?.evidence ?? []),
            ...vmiEvents.slice(0, 3).map(eventEvidence),
          ]),
        ),
      );
    } else if (!latest && vmiEvents.length > 0 && ctx.printableStatus !== 'Migrating') {
      findings.push(
        finding(
          'migration.failed',
          'critical',
          'Migration',
          msg('A live migration of the VM failed: {{message}}', {
            message: vmiEvents[0].message ?? vmiEvents[0].reason ?? '',
          }),
          vmiEvents.slice(0, 3).map(eventEvidence),
        ),
      );
    } else if (
      latest &&
      ['Pending', 'Scheduling'].includes(latest.status?.phase ?? '') &&
      vmiEvents.length > 0
    ) {
      findings.push(
        finding(
          'migration.stuck',
          'warning',
          'Migration',
          msg('Live migration "{{name}}" is still {{phase}} after earlier failures.', {
            name: latest.metadata?.name ?? '',
            phase: latest.status?.phase ?? '',
          }),
          uniqueEvidence([
            objectEvidence(
              latest,
              'VirtualMachineInstanceMigration',
              'status.phase',
              latest.status?.phase,
            ),
            ...vmiEvents.slice(0, 2).map(eventEvidence),
          ]),
        ),
      );
    }

    const running = [
      'Pending',
      'Scheduling',
      'Scheduled',
      'PreparingTarget',
      'TargetReady',
      'Running',
    ];
    if (findings.length === 0 && latest && running.includes(latest.status?.phase ?? '')) {
      findings.push({
        ...finding(
          'migration.in-progress',
          'info',
          'Migration',
          msg('Live migration "{{name}}" is {{phase}}.', {
            name: latest.metadata?.name ?? '',
            phase: latest.status?.phase ?? '',
          }),
          [
            objectEvidence(
              latest,
              'VirtualMachineInstanceMigration',
              'status.phase',
              latest.status?.phase,
            ),
          ],
        ),
        role: 'transition',
      });
    }

    const migratable = findCondition(ctx.snapshot.vmi, 'LiveMigratable');
    // virt-controller sets status.evacuationNodeName when the VMI's node is drained and the
    // eviction strategy asks for a live migration; a VMI that cannot migrate then blocks the
    // drain (virt-api refuses the eviction, virt-handler warns "EvictionStrategy is set but vmi is
    // not migratable; %s"), while the VM itself still reads Running.
    // Without evacuationNodeName the drain still shows when the VMI's node is cordoned (the first
    // step of oc adm drain and NodeMaintenance) and either an eviction was refused - virt-api's
    // pod-eviction admitter denies it with "VMI %s is configured with an eviction strategy but is
    // not live-migratable" (kubevirt pkg/virt-api/webhooks/validating-webhook/admitters), which
    // drain tools repeat - or the VMI's own evictionStrategy is LiveMigrate, for which that
    // admitter refuses every eviction of a non-migratable VMI. A cordon alone says nothing here.
    const refused = allEventsNewestFirst(ctx.snapshot).filter(
      (e) =>
        (e.type === 'Warning' &&
          new RegExp(
            `VMI ${escapeRegExp(vmiName)} is configured with an eviction strategy but is not live-migratable`,
            'i',
          ).test(e.message ?? '')) ||
        (e.involvedObject?.kind === 'VirtualMachineInstance' &&
          e.involvedObject?.name === vmiName &&
          /EvictionStrategy is set but vmi is not migratable/i.test(e.message ?? '')),
    );
    const vmiNode = typeof vmi.status?.nodeName === 'string' ? vmi.status.nodeName : '';
    const cordoned = ctx.snapshot.nodes.some(
      (n) => n.metadata?.name === vmiNode && n.spec?.unschedulable === true,
    );
    const evacuating =
      typeof vmi.status?.evacuationNodeName === 'string' && vmi.status.evacuationNodeName
        ? vmi.status.evacuationNodeName
        : cordoned && (refused.length > 0 || vmi.spec?.evictionStrategy === 'LiveMigrate')
          ? vmiNode
          : '';
    if (evacuating && migratable?.status === 'False' && findings.length === 0) {
      const warned = [
        ...eventsFor(ctx.snapshot, 'VirtualMachineInstance', vmiName).filter(
          (e) => e.reason === 'Migrated' && /not migratable/i.test(e.message ?? ''),
        ),
        ...refused,
      ];
      findings.push(
        finding(
          'migration.evacuation-blocked',
          'critical',
          'Migration',
          msg(
            'Node "{{node}}" is being drained, but the VM cannot be live-migrated off it, so the drain is blocked: {{message}}',
            { node: evacuating, message: migratable.message ?? migratable.reason ?? '' },
          ),
          uniqueEvidence([
            vmi.status?.evacuationNodeName
              ? objectEvidence(
                  vmi,
                  'VirtualMachineInstance',
                  'status.evacuationNodeName',
                  evacuating,
                )
              : objectEvidence(
                  ctx.snapshot.nodes.find((n) => n.metadata?.name === evacuating),
                  'Node',
                  'spec.unschedulable',
                  'true',
                ),
            conditionEvidence(vmi, 'VirtualMachineInstance', migratable),
            ...warned.slice(0, 1).map(eventEvidence),
          ]),
        ),
      );
    } else if (ctx.snapshot.vmi && migratable?.status === 'False') {
      findings.push(
        finding(
          'migration.not-migratable',
          'info',
          'Migration',
          msg('The VM cannot be live-migrated: {{message}}', {
            message: migratable.message ?? migratable.reason ?? '',
          }),
          [conditionEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', migratable)],
        ),
      );
    }
    return findings;
  },
};

/**
 * The fields of VirtualMachineInstanceMigrationState (kubevirt.io/api core/v1, on the VMI and, in
 * newer releases, on the VMIM status) that say which migration settings applied: the
 * MigrationPolicy name ("If string is empty, no policy is matched") and the effective
 * MigrationConfiguration (the policy's values over the cluster's spec.configuration.migrations).
 */
interface PolicyState {
  migrationUid?: string;
  failureReason?: string;
  migrationPolicyName?: string;
  migrationConfiguration?: {
    bandwidthPerMigration?: string | number;
    completionTimeoutPerGiB?: number;
    progressTimeout?: number;
    allowAutoConverge?: boolean;
    allowPostCopy?: boolean;
  };
}

interface PolicySettings {
  policy?: string;
  /** A real cap: KubeVirt's default "0Mi" means unlimited. */
  bandwidthLimit?: string;
  settings: string;
  evidence: Evidence[];
}

const failureReasonOf = (state: PolicyState | undefined): string | undefined =>
  state?.failureReason;

const isZeroQuantity = (q: string): boolean => /^[+]?0*(\.0*)?[A-Za-z]*$/.test(q.trim());

/**
 * The settings one migration ran with: its own migrationState (`holder`), else the VMI's when that
 * describes the same migration (its migrationUid is the VMIM's UID, or the one the VMIM recorded).
 * Undefined when neither names a policy or a bandwidth cap, so a plain failure reads as before.
 */
const policySettings = (
  vmi: VirtualMachineInstance,
  own: PolicyState | undefined,
  holder: VirtualMachineInstance | VirtualMachineInstanceMigration,
  m?: VirtualMachineInstanceMigration,
): PolicySettings | undefined => {
  const vmiState = vmi.status?.migrationState as PolicyState | undefined;
  const vmiSame =
    !!vmiState?.migrationUid &&
    (!m || [m.metadata?.uid, own?.migrationUid].includes(vmiState.migrationUid));
  const sources: [PolicyState, VirtualMachineInstance | VirtualMachineInstanceMigration][] = [
    ...(own ? [[own, holder] as [PolicyState, typeof holder]] : []),
    ...(vmiState && vmiSame && vmiState !== own
      ? [[vmiState, vmi] as [PolicyState, typeof vmi]]
      : []),
  ];
  const policySource = sources.find(([st]) => !!st.migrationPolicyName);
  const configSource = sources.find(([st]) => !!st.migrationConfiguration);
  const policy = policySource?.[0].migrationPolicyName;
  const config = configSource?.[0].migrationConfiguration;
  const bandwidth =
    config?.bandwidthPerMigration !== undefined ? String(config.bandwidthPerMigration) : undefined;
  const bandwidthLimit = bandwidth && !isZeroQuantity(bandwidth) ? bandwidth : undefined;
  if (!policy && !bandwidthLimit) return undefined;
  const settings = [
    bandwidth !== undefined ? `bandwidthPerMigration ${bandwidth}` : '',
    config?.completionTimeoutPerGiB !== undefined
      ? `completionTimeoutPerGiB ${config.completionTimeoutPerGiB}`
      : '',
    config?.progressTimeout !== undefined ? `progressTimeout ${config.progressTimeout}` : '',
    config?.allowAutoConverge !== undefined ? `allowAutoConverge ${config.allowAutoConverge}` : '',
    config?.allowPostCopy !== undefined ? `allowPostCopy ${config.allowPostCopy}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const at = (obj: typeof holder, fieldPath: string, value: string): Evidence =>
    objectEvidence(
      obj,
      obj.kind === 'VirtualMachineInstanceMigration'
        ? 'VirtualMachineInstanceMigration'
        : 'VirtualMachineInstance',
      fieldPath,
      value,
    );
  return {
    policy,
    bandwidthLimit,
    settings,
    evidence: [
      ...(policySource && policy
        ? [at(policySource[1], 'status.migrationState.migrationPolicyName', policy)]
        : []),
      ...(configSource && bandwidth !== undefined
        ? [
            at(
              configSource[1],
              'status.migrationState.migrationConfiguration.bandwidthPerMigration',
              bandwidth,
            ),
          ]
        : []),
    ],
  };
};

/*
 * virt-launcher (pkg/virt-launcher/virtwrap live-migration-source.go) aborts a migration that runs
 * longer than completionTimeoutPerGiB × the guest's memory ("Live migration is not completed after
 * %d seconds and has been aborted") or makes no progress for progressTimeout ("Live migration stuck
 * for %d sec"): the bandwidth cap decides whether a busy guest can converge in that time.
 */
const TIMED_OUT = /not completed after \d+ seconds|stuck for \d+ sec|timed? ?out/i;

/** The failure text followed by the migration settings that applied, when the objects show them. */
const withPolicy = (
  base: Message,
  policy: PolicySettings | undefined,
  reason: string | undefined,
): Message => {
  if (!policy) return base;
  const timedOut = !!reason && TIMED_OUT.test(reason);
  const parts: Message[] = [];
  if (policy.policy)
    parts.push(
      policy.settings
        ? msg('The migration ran under MigrationPolicy "{{policy}}": {{settings}}.', {
            policy: policy.policy,
            settings: policy.settings,
          })
        : msg('The migration ran under MigrationPolicy "{{policy}}".', { policy: policy.policy }),
    );
  else
    parts.push(
      msg('No MigrationPolicy applied; the cluster-wide migration settings were: {{settings}}.', {
        settings: policy.settings,
      }),
    );
  if (timedOut && policy.bandwidthLimit !== undefined)
    parts.push(
      msg(
        'With {{bandwidth}} per migration the guest memory may not be copied (or keep up with the pages the guest dirties) before the timeout; raise bandwidthPerMigration, or allow auto-converge or post-copy.',
        { bandwidth: policy.bandwidthLimit },
      ),
    );
  // The base text may end in the failure reason (data without a full stop).
  const open = base.template.endsWith('}}') && !!reason && !/[.!?]\s*$/.test(reason);
  return joinMessages([base, joinMessages(parts)], open ? '. ' : ' ');
};

const migrationFailed = (
  m: VirtualMachineInstanceMigration,
  vmi: VirtualMachineInstance,
  events: ReturnType<typeof eventEvidence>[],
): Finding => {
  const failure = findCondition(m, 'Failure') ?? findCondition(m, 'Failed');
  const reason = m.status?.migrationState?.failureReason ?? failure?.message ?? failure?.reason;
  const target = m.status?.migrationState?.targetNode;
  const name = m.metadata?.name ?? '';
  const policy = policySettings(vmi, m.status?.migrationState as PolicyState | undefined, m, m);
  const text: Message = target
    ? reason
      ? msg('Live migration "{{name}}" to node "{{node}}" failed: {{reason}}', {
          name,
          node: target,
          reason,
        })
      : msg('Live migration "{{name}}" to node "{{node}}" failed.', { name, node: target })
    : reason
      ? msg('Live migration "{{name}}" failed: {{reason}}', { name, reason })
      : msg('Live migration "{{name}}" failed.', { name });
  return finding(
    'migration.failed',
    'critical',
    'Migration',
    withPolicy(text, policy, reason),
    uniqueEvidence([
      objectEvidence(m, 'VirtualMachineInstanceMigration', 'status.phase', 'Failed'),
      ...(m.status?.migrationState?.failureReason
        ? [
            objectEvidence(
              m,
              'VirtualMachineInstanceMigration',
              'status.migrationState.failureReason',
              m.status.migrationState.failureReason,
            ),
          ]
        : []),
      ...(failure ? [conditionEvidence(m, 'VirtualMachineInstanceMigration', failure)] : []),
      ...(policy?.evidence ?? []),
      ...events.slice(0, 3),
    ]),
  );
};
