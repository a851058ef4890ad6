import { msg } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  timeOf,
} from '../context';
import type { Finding, VirtualMachineInstanceMigration } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';
import { isPendingMigrationTarget } from '../context';

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
          msg(
            'Live migration "{{name}}" cannot start: its target pod "{{pod}}" cannot be scheduled: {{message}}',
            {
              name: latest.metadata?.name ?? '',
              pod: targetPod.metadata?.name ?? '',
              message: targetCond.message ?? '',
            },
          ),
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
      findings.push(migrationFailed(latest, vmiEvents.map(eventEvidence)));
    } else if (!latest && state?.failed) {
      findings.push(
        finding(
          'migration.failed',
          'critical',
          'Migration',
          state.targetNode
            ? msg('The last live migration of the VM to node "{{node}}" failed.', {
                node: state.targetNode,
              })
            : msg('The last live migration of the VM failed.'),
          uniqueEvidence([
            objectEvidence(
              ctx.snapshot.vmi,
              'VirtualMachineInstance',
              'status.migrationState.failed',
              'true',
            ),
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
    const evacuating =
      typeof vmi.status?.evacuationNodeName === 'string' ? vmi.status.evacuationNodeName : '';
    if (evacuating && migratable?.status === 'False' && findings.length === 0) {
      const warned = eventsFor(ctx.snapshot, 'VirtualMachineInstance', vmiName).filter(
        (e) => e.reason === 'Migrated' && /not migratable/i.test(e.message ?? ''),
      );
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
            objectEvidence(vmi, 'VirtualMachineInstance', 'status.evacuationNodeName', evacuating),
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

const migrationFailed = (
  m: VirtualMachineInstanceMigration,
  events: ReturnType<typeof eventEvidence>[],
): Finding => {
  const failure = findCondition(m, 'Failure') ?? findCondition(m, 'Failed');
  const reason = m.status?.migrationState?.failureReason ?? failure?.message ?? failure?.reason;
  const target = m.status?.migrationState?.targetNode;
  const name = m.metadata?.name ?? '';
  return finding(
    'migration.failed',
    'critical',
    'Migration',
    target
      ? reason
        ? msg('Live migration "{{name}}" to node "{{node}}" failed: {{reason}}', {
            name,
            node: target,
            reason,
          })
        : msg('Live migration "{{name}}" to node "{{node}}" failed.', { name, node: target })
      : reason
        ? msg('Live migration "{{name}}" failed: {{reason}}', { name, reason })
        : msg('Live migration "{{name}}" failed.', { name }),
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
      ...events.slice(0, 3),
    ]),
  );
};
