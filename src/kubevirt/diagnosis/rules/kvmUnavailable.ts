import { eventEvidence, eventsFor, vmiNodeEvidence, vmNodeName } from '../context';
import { msg } from '../messages';
import type { Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * The launcher was placed on a node but cannot use hardware virtualization there. Sources:
 * - libvirt src/qemu/qemu_process.c (start validation, `virFileExists("/dev/kvm")`):
 *   "Domain requires KVM, but it is not available. Check that virtualization is enabled in the host
 *   BIOS, and host configuration is setup to load the kvm modules." — surfaced by virt-handler as
 *   Warning `SyncFailed` "server error. command SyncVMI failed: …LibvirtError(Code=67…)";
 * - kubevirt pkg/virt-launcher/virtwrap/converter/kvm/configurator.go: "kvm not present and
 *   emulation is not allowed".
 * The scheduler's form ("Insufficient devices.kubevirt.io/kvm") is `sched.insufficient-resources`.
 */
const KVM_MISSING =
  /Domain requires KVM, but it is not available|kvm not present and emulation is not allowed|Could not access KVM kernel module|failed to initialize kvm/i;

export const kvmUnavailableRule: DiagnosisRule = {
  id: 'kvm-available',
  category: 'NodeProblem',
  checkName: msg("Hardware virtualization (KVM) is usable on the VM's node"),
  reads: ['Event'],
  evaluate: (ctx) => {
    const events = [
      ...eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name),
      ...eventsFor(ctx.snapshot, 'Pod').filter((e) =>
        ctx.pods.some((p) => p.metadata?.name === e.involvedObject?.name),
      ),
    ].filter((e) => e.type === 'Warning' && KVM_MISSING.test(e.message ?? ''));
    if (events.length === 0) return [];
    const node = vmNodeName(ctx) ?? events[0].source?.host ?? 'unknown';
    return [
      finding(
        'node.kvm-unavailable',
        ctx.wantsRunning ? 'critical' : 'warning',
        'NodeProblem',
        msg(
          'KVM is not usable on node "{{node}}": libvirt cannot start the domain ("{{detail}}"). Hardware virtualization is disabled in the BIOS, the kvm modules are not loaded, or the node lacks nested virtualization.',
          {
            node,
            detail: KVM_MISSING.exec(events[0].message ?? '')?.[0] ?? '',
          },
        ),
        uniqueEvidence([...events.slice(0, 2).map(eventEvidence), ...vmiNodeEvidence(ctx, node)]),
      ),
    ] satisfies Finding[];
  },
};
