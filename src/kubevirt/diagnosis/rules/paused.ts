import { msg } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  observedMinutesSince,
  vmEvidence,
  type RuleContext,
} from '../context';
import { durationMessage } from '../duration';
import type { Finding, LauncherLog } from '../model';
import { logEvidence } from './launcherLog';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * A snapshot or backup freezes the guest filesystems for seconds (kubevirt
 * pkg/virt-launcher/virtwrap: FreezeVMI, with a safety unfreeze after the caller's timeout;
 * VMI status.fsFreezeStatus "frozen" meanwhile). Longer than this, guest I/O is blocked.
 */
const FROZEN_MINUTES = 2;
/** virt-launcher's freeze log lines (storage manager "Freezing vmi", libvirt's agent command). */
const FREEZE_LINE = /Freezing vmi|guest-fsfreeze-freeze/i;

/** When the freeze began, from the newest freeze line of the launcher log (its JSON timestamp). */
const frozenSince = (
  ctx: RuleContext,
): { at: string; line: string; log: LauncherLog } | undefined => {
  for (const log of ctx.snapshot.launcherLogs ?? []) {
    for (let i = log.lines.length - 1; i >= 0; i--) {
      const line = log.lines[i];
      if (!FREEZE_LINE.test(line)) continue;
      const at = /"timestamp":\s*"([^"]+)"/.exec(line)?.[1];
      if (at && !Number.isNaN(Date.parse(at))) return { at, line, log };
    }
  }
  return undefined;
};

const frozenFilesystems = (ctx: RuleContext): Finding[] => {
  const vmi = ctx.snapshot.vmi;
  if (vmi?.status?.fsFreezeStatus !== 'frozen') return [];
  const since = frozenSince(ctx);
  // The cluster's clock, so a snapshot read later does not lengthen the freeze.
  const minutes = since ? observedMinutesSince(ctx, since.at) : undefined;
  const evidence = uniqueEvidence([
    objectEvidence(vmi, 'VirtualMachineInstance', 'status.fsFreezeStatus', 'frozen'),
    ...(since ? [logEvidence(ctx, since.log, since.line)] : []),
  ]);
  if (minutes !== undefined && minutes < FROZEN_MINUTES)
    return [
      {
        ...finding(
          'vm.filesystems-frozen',
          'info',
          'Paused',
          msg('The guest filesystems are frozen for a snapshot or backup in progress.'),
          evidence,
        ),
        role: 'transition',
      },
    ];
  return [
    finding(
      'vm.filesystems-frozen',
      'critical',
      'Paused',
      minutes !== undefined
        ? msg(
            'The guest filesystems have been frozen (fsfreeze) for {{duration}}: a snapshot or backup froze them and never thawed them, so every write in the guest blocks.',
            { duration: durationMessage(minutes) },
          )
        : msg(
            'The guest filesystems are frozen (fsfreeze): a snapshot or backup froze them and has not thawed them, so every write in the guest blocks.',
          ),
      evidence,
    ),
  ];
};

/** The VMI is paused: by a user (virtctl pause) or by KubeVirt after a storage I/O error. */
export const pausedRule: DiagnosisRule = {
  id: 'paused',
  category: 'Paused',
  checkName: msg('The VM is not paused'),
  evaluate: (ctx) => {
    const vmi = ctx.snapshot.vmi;
    const paused = findCondition(vmi, 'Paused');
    const vmPaused = findCondition(ctx.vm, 'Paused');
    const condition =
      paused?.status === 'True' ? paused : vmPaused?.status === 'True' ? vmPaused : undefined;
    if (!condition && ctx.printableStatus !== 'Paused') return frozenFilesystems(ctx);
    const reason = condition?.reason ?? '';
    const evidence = uniqueEvidence([
      ...(ctx.printableStatus === 'Paused'
        ? [vmEvidence(ctx, 'status.printableStatus', 'Paused')]
        : []),
      ...(condition && paused === condition && vmi
        ? [conditionEvidence(vmi, 'VirtualMachineInstance', condition)]
        : []),
      ...(condition && vmPaused === condition
        ? [conditionEvidence(ctx.vm, 'VirtualMachine', condition)]
        : []),
      ...eventsFor(ctx.snapshot, 'VirtualMachineInstance', vmi?.metadata?.name ?? ctx.name)
        .filter((e) => /pause|i\/?o ?error/i.test(`${e.reason ?? ''} ${e.message ?? ''}`))
        .slice(0, 3)
        .map(eventEvidence),
    ]);
    const findings: Finding[] = [];
    if (/IOError/i.test(reason)) {
      findings.push(
        finding(
          'vm.paused-io-error',
          'critical',
          'Paused',
          msg(
            'The VM was paused by KubeVirt because a disk returned an I/O error (often a full or unreachable volume); it will not resume until storage is fixed and the VM is unpaused.',
          ),
          evidence,
        ),
      );
    } else {
      // spec.template.spec.startStrategy: Paused boots every run paused (KubeVirt api: StartStrategy).
      const startPaused =
        (ctx.vm.spec?.template?.spec as { startStrategy?: string } | undefined)?.startStrategy ===
        'Paused';
      findings.push(
        finding(
          'vm.paused-user',
          'critical',
          'Paused',
          startPaused
            ? msg(
                'The VM starts paused by design (spec.template.spec.startStrategy: Paused) and nobody has unpaused it: the guest does not run until then.',
              )
            : /user/i.test(reason)
              ? msg('The VM is paused by a user: the guest does not run until it is unpaused.')
              : msg('The VM is paused: the guest does not run until it is unpaused.'),
          startPaused
            ? [vmEvidence(ctx, 'spec.template.spec.startStrategy', 'Paused'), ...evidence]
            : evidence,
        ),
      );
    }
    return findings;
  },
};
