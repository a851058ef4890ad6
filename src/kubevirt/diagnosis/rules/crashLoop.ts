import { joinMessages, msg } from '../messages';
import { eventEvidence, eventsFor, objectEvidence, vmEvidence, type RuleContext } from '../context';
import type { Evidence, Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

const SHUTDOWN_COMMAND =
  /\b(shutdown|poweroff|halt|reboot)\b|\bsystemctl\s+(halt|poweroff|reboot)\b|\binit\s+[06]\b/;
const RECREATIONS_FOR_LOOP = 3;

/**
 * The VM keeps failing to start or keeps stopping: KubeVirt's CrashLoopBackOff (startFailure),
 * a crashing virt-launcher container, a VMI recreated again and again, or a cloud-init script that
 * powers the guest off while runStrategy Always starts it again.
 */
export const crashLoopRule: DiagnosisRule = {
  id: 'crash-loop',
  category: 'CrashLoop',
  checkName: msg('The VM is not in a start/stop loop'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const evidence: Evidence[] = [];
    const failCount = ctx.vm.status?.startFailure?.consecutiveFailCount ?? 0;
    if (ctx.printableStatus === 'CrashLoopBackOff')
      evidence.push(vmEvidence(ctx, 'status.printableStatus', 'CrashLoopBackOff'));
    if (failCount > 0)
      evidence.push(vmEvidence(ctx, 'status.startFailure.consecutiveFailCount', String(failCount)));
    evidence.push(...podCrashEvidence(ctx));
    const recreations = eventsFor(ctx.snapshot, 'VirtualMachine', ctx.name).filter(
      (e) =>
        e.reason === 'SuccessfulCreate' &&
        /creating the new virtual machine instance/i.test(e.message ?? '') &&
        (e.count ?? 1) >= RECREATIONS_FOR_LOOP,
    );
    evidence.push(...recreations.slice(0, 1).map(eventEvidence));
    // virt-handler (kubevirt pkg/virt-handler/vm.go) records Warning Stopped "The
    // VirtualMachineInstance crashed." each time the domain fails; repeated, the VM keeps crashing
    // even when it is Running right now.
    const crashes = eventsFor(ctx.snapshot, 'VirtualMachineInstance').filter(
      (e) => e.reason === 'Stopped' && e.type === 'Warning' && /crashed/i.test(e.message ?? ''),
    );
    const crashCount = crashes.reduce((n, e) => n + (e.count ?? 1), 0);
    evidence.push(...crashes.slice(0, 1).map(eventEvidence));

    const shutdown = cloudInitShutdown(ctx);
    if (shutdown) {
      const loops = ctx.runStrategy === 'Always';
      findings.push(
        finding(
          'vm.cloudinit-shutdown',
          loops ? 'critical' : 'warning',
          'CrashLoop',
          loops
            ? msg(
                'Cloud-init runs "{{command}}", which stops the guest right after boot; with runStrategy Always KubeVirt starts it again, so the VM loops.',
                { command: shutdown.command },
              )
            : msg('Cloud-init runs "{{command}}", which stops the guest right after boot.', {
                command: shutdown.command,
              }),
          uniqueEvidence([
            vmEvidence(ctx, shutdown.fieldPath, shutdown.command),
            vmEvidence(ctx, 'spec.runStrategy', ctx.runStrategy),
            ...evidence,
          ]),
        ),
      );
    } else if (
      evidence.length > 0 &&
      // Crash history of a VM stopped on purpose (no running VMI) is not a loop.
      (ctx.wantsRunning || ctx.snapshot.vmi?.status?.phase === 'Running')
    ) {
      const parts = [
        msg('The VM keeps failing shortly after starting.'),
        ...(failCount > 0
          ? [msg('{{count}} consecutive start failure(s).', { count: failCount })]
          : []),
        ...(crashCount > 0
          ? [msg('The VMI crashed {{count}} time(s).', { count: crashCount })]
          : []),
      ];
      const severity =
        ctx.printableStatus === 'Running' &&
        failCount === 0 &&
        recreations.length === 0 &&
        crashCount < RECREATIONS_FOR_LOOP &&
        !evidence.some((e) => e.kind === 'Pod')
          ? 'warning'
          : 'critical';
      findings.push(
        finding(
          'vm.crash-loop',
          severity,
          'CrashLoop',
          joinMessages(parts),
          uniqueEvidence(evidence),
        ),
      );
    }
    return findings;
  },
};

const podCrashEvidence = (ctx: RuleContext): Evidence[] => {
  const evidence: Evidence[] = [];
  const pod = ctx.pods[0];
  if (!pod) return evidence;
  (pod.status?.containerStatuses ?? []).forEach((s, i) => {
    const waiting = s.state?.waiting?.reason;
    const terminated = s.state?.terminated?.reason ?? s.lastState?.terminated?.reason;
    if (waiting === 'CrashLoopBackOff')
      evidence.push(
        objectEvidence(
          pod,
          'Pod',
          `status.containerStatuses[${i}].state.waiting.reason`,
          `${s.name}: CrashLoopBackOff`,
        ),
      );
    if (terminated === 'OOMKilled')
      evidence.push(
        objectEvidence(
          pod,
          'Pod',
          `status.containerStatuses[${i}].lastState.terminated.reason`,
          `${s.name}: OOMKilled`,
        ),
      );
  });
  const names = new Set(ctx.pods.map((p) => p.metadata?.name));
  evidence.push(
    ...eventsFor(ctx.snapshot, 'Pod')
      .filter(
        (e) =>
          names.has(e.involvedObject?.name) &&
          e.reason === 'BackOff' &&
          /restarting failed container/i.test(e.message ?? ''),
      )
      .slice(0, 2)
      .map(eventEvidence),
  );
  return evidence;
};

/** A shutdown/poweroff/reboot in runcmd or bootcmd, or a power_state module, in inline user data. */
const cloudInitShutdown = (
  ctx: RuleContext,
): { command: string; fieldPath: string } | undefined => {
  const volumes = ctx.vm.spec?.template?.spec?.volumes ?? [];
  for (const [i, v] of volumes.entries()) {
    for (const field of ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const) {
      const source = v[field];
      if (!source) continue;
      const text = source.userData ?? decodeBase64(source.userDataBase64);
      const path = `spec.template.spec.volumes[${i}].${field}.${source.userData ? 'userData' : 'userDataBase64'}`;
      const command = text ? findShutdownCommand(text) : undefined;
      if (command) return { command, fieldPath: path };
    }
  }
  return undefined;
};

/** Line-based: only list items under `runcmd:`/`bootcmd:` and `power_state.mode` count. */
export const findShutdownCommand = (userData: string): string | undefined => {
  let section = '';
  for (const raw of userData.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    const top = /^([A-Za-z_]+):/.exec(line);
    if (top) section = top[1];
    if (section === 'power_state') {
      const mode = /^\s+mode:\s*["']?(poweroff|halt|reboot)/.exec(line);
      if (mode) return `power_state mode ${mode[1]}`;
    }
    if (section !== 'runcmd' && section !== 'bootcmd') continue;
    const item = /^\s*-\s*(.+)$/.exec(line);
    if (item && SHUTDOWN_COMMAND.test(item[1]))
      return item[1]
        .replace(/^\[|\]$/g, '')
        .replace(/["']/g, '')
        .trim();
  }
  return undefined;
};

const decodeBase64 = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  try {
    return atob(value);
  } catch {
    return undefined;
  }
};
