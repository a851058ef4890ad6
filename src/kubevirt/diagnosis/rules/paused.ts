import { msg } from '../messages';
import { conditionEvidence, eventEvidence, eventsFor, findCondition, vmEvidence } from '../context';
import type { Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

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
    if (!condition && ctx.printableStatus !== 'Paused') return [];
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
