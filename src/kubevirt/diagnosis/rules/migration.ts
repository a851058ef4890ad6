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

/** The most recent live migration of the VMI failed (and no later one succeeded). */
export const migrationRule: DiagnosisRule = {
  id: 'migration',
  category: 'Migration',
  checkName: 'The last live migration did not fail',
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

    if (latest && latest.status?.phase === 'Failed') {
      findings.push(migrationFailed(latest, vmiEvents.map(eventEvidence)));
    } else if (!latest && state?.failed) {
      findings.push(
        finding(
          'migration.failed',
          'critical',
          'Migration',
          `The last live migration of the VM${state.targetNode ? ` to node "${state.targetNode}"` : ''} failed.`,
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
          `A live migration of the VM failed: ${vmiEvents[0].message ?? vmiEvents[0].reason ?? ''}`,
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
          `Live migration "${latest.metadata?.name ?? ''}" is still ${latest.status?.phase ?? ''} after earlier failures.`,
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
          `Live migration "${latest.metadata?.name ?? ''}" is ${latest.status?.phase ?? ''}.`,
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
    if (ctx.snapshot.vmi && migratable?.status === 'False') {
      findings.push(
        finding(
          'migration.not-migratable',
          'info',
          'Migration',
          `The VM cannot be live-migrated: ${migratable.message ?? migratable.reason ?? ''}`,
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
  return finding(
    'migration.failed',
    'critical',
    'Migration',
    `Live migration "${m.metadata?.name ?? ''}"${target ? ` to node "${target}"` : ''} failed${reason ? `: ${reason}` : '.'}`,
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
