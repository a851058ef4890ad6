import type { RuleContext } from '../context';
import { redactLogText as redactText } from '../launcherLog';
import { msg, type Message } from '../messages';
import type { Evidence, Finding, LauncherLog, RootCauseCategory } from '../model';
import { finding, type DiagnosisRule } from './rule';

/**
 * Known libvirt / QEMU / virt-launcher error lines in the launcher's log tail (see
 * launcherLog.ts for how the tail is read and bounded). Each pattern notes where its text comes
 * from; the category follows the meaning of the error, not the container it was printed in.
 */
interface LogPattern {
  id: string;
  category: RootCauseCategory;
  /** The container whose log carries the message. */
  container: 'compute' | 'guest-console-log';
  pattern: RegExp;
  /**
   * Follows from another failure more often than it causes one: decisive only when no other
   * pattern matched.
   */
  consequence?: boolean;
  text: (detail: string, line: string) => Message;
}

const DISK_VOLUME = /\/(?:vmi-disks|hotplug-disks|container-disks?[^/]*)\/([^/'"\s]+)\//;

const LOG_PATTERNS: readonly LogPattern[] = [
  {
    // QEMU accel/kvm/kvm-all.c kvm_init: error_report("Could not access KVM kernel module: %m"),
    // then "failed to initialize kvm: %s"; libvirt src/qemu/qemu_process.c "Domain requires KVM,
    // but it is not available…"; kubevirt pkg/virt-launcher/virtwrap/converter "kvm not present and
    // emulation is not allowed".
    id: 'launcher-log.kvm-unavailable',
    category: 'NodeProblem',
    container: 'compute',
    pattern:
      /Could not access KVM kernel module[^"'\\\n]*|failed to initialize kvm[^"'\\\n]*|Domain requires KVM, but it is not available|kvm not present and emulation is not allowed/i,
    text: (detail) =>
      msg(
        'QEMU cannot use KVM on the VM\'s node ("{{detail}}"): hardware virtualization is disabled, the kvm modules are not loaded, or /dev/kvm is not usable there.',
        { detail },
      ),
  },
  {
    // libvirt src/cpu/cpu_x86.c virCPUx86Compare: "the CPU is incompatible with host CPU: Host CPU
    // does not provide required features: %s"; src/qemu/qemu_process.c
    // qemuProcessVerifyCPUFeatures: "guest CPU doesn't match specification: missing features: %s";
    // src/qemu/qemu_validate.c / domain capabilities: "unsupported configuration: CPU mode '%s' for
    // %s %s domain on %s host is not supported by hypervisor".
    id: 'launcher-log.cpu-unsupported',
    category: 'SchedulingConstraint',
    container: 'compute',
    pattern:
      /the CPU is incompatible with host CPU[^"'\\\n]*|Host CPU does not provide required features[^"'\\\n]*|guest CPU doesn't match specification[^"'\\\n]*|unsupported configuration: CPU [^\n]{0,200}?is not supported by hypervisor|CPU model [^\n]{0,200}?is not supported by hypervisor/i,
    text: (detail) =>
      msg(
        'The node\'s CPU cannot provide the CPU model or features the VM asks for ("{{detail}}"). Choose a CPU model all candidate nodes support, or select nodes that have it.',
        { detail },
      ),
  },
  {
    // QEMU system/physmem.c ram_block_add: "cannot set up guest memory '%s': Cannot allocate
    // memory"; util/oslib-posix.c "os_mem_prealloc: Insufficient free host memory pages available
    // to allocate guest RAM"; backends/hostmem-file / file_ram_alloc "unable to map backing store
    // for guest RAM" (hugepages); ENOMEM's strerror "Cannot allocate memory".
    id: 'launcher-log.memory-allocation',
    category: 'InsufficientResources',
    container: 'compute',
    pattern:
      /cannot set up guest memory[^"'\\\n]*|Insufficient free host memory pages[^"'\\\n]*|unable to map backing store for guest RAM[^"'\\\n]*|failed to allocate memory[^"'\\\n]*|Cannot allocate memory/i,
    text: (detail) =>
      msg(
        'QEMU could not allocate the guest memory ("{{detail}}"): the launcher pod\'s memory limit, the node\'s free memory or its free hugepages are short of what the VM asks for.',
        { detail },
      ),
  },
  {
    // QEMU block/file-posix.c raw_check_lock_bytes: 'Failed to get "write" lock' (or shared
    // "…" lock) with the hint "Is another process using the image [%s]?".
    id: 'launcher-log.disk-locked',
    category: 'StorageProvisioning',
    container: 'compute',
    // In virt-launcher's JSON lines the quotes arrive escaped (\"write\").
    pattern:
      /Failed to get (?:shared )?\\?"[a-z ]+\\?" lock|Is another process using the image[^"'\\\n]*/i,
    text: (detail) =>
      msg(
        'A disk image is locked by another process ("{{detail}}"): another VM or an old launcher pod still uses the volume, or a ReadWriteOnce claim is attached elsewhere.',
        { detail },
      ),
  },
  {
    // libvirt src/storage_file/storage_source.c virStorageSourceReportBrokenChain: "Cannot access
    // storage file '%s' (as uid:%u, gid:%u): %s"; QEMU block/file-posix.c raw_open_common: "Could
    // not open '%s': Permission denied"; KubeVirt puts disks under
    // /var/run/kubevirt-private/vmi-disks/<volume>/disk.img.
    id: 'launcher-log.disk-access',
    category: 'StorageProvisioning',
    container: 'compute',
    pattern:
      /Cannot access storage file '[^']*'[^"\\\n]*?(?:Permission denied|No such file or directory|Read-only file system|Input\/output error)|Could not open '[^']*': (?:Permission denied|No such file or directory|Read-only file system)|Permission denied[^\n]{0,300}?\/(?:vmi-disks|hotplug-disks)\//i,
    text: (detail, line) => {
      const volume = DISK_VOLUME.exec(line)?.[1];
      return volume
        ? msg(
            'QEMU cannot open the disk of volume "{{volume}}" ("{{detail}}"): the file is missing or its ownership / SELinux label / access mode does not let the VM (uid 107) read and write it.',
            { volume, detail },
          )
        : msg(
            'QEMU cannot open a disk image ("{{detail}}"): the file is missing or its ownership / SELinux label / access mode does not let the VM (uid 107) read and write it.',
            { detail },
          );
    },
  },
  {
    // strerror(ENOSPC), as QEMU's block layer and libvirt report a full volume.
    id: 'launcher-log.no-space',
    category: 'StorageProvisioning',
    container: 'compute',
    pattern: /[^"'\n]{0,120}No space left on device/i,
    text: (detail) =>
      msg('A volume of the VM is full ("{{detail}}"): expand the claim or free space on it.', {
        detail,
      }),
  },
  {
    // kubevirt pkg/network/driver: fmt.Errorf("failed to create tap device named %s. Reason: %v").
    id: 'launcher-log.tap-device',
    category: 'NetworkAttachment',
    container: 'compute',
    pattern: /failed to create tap device named [^"\\\n]*/i,
    text: (detail) =>
      msg(
        'The VM\'s network interface could not be set up in the launcher pod ("{{detail}}"): the tun device or the network binding is not available on the node.',
        { detail },
      ),
  },
  {
    // Linux kernel/panic.c panic(): "Kernel panic - not syncing: %s" on the guest's serial console.
    id: 'launcher-log.guest-kernel-panic',
    category: 'CrashLoop',
    container: 'guest-console-log',
    pattern: /Kernel panic - not syncing[^\n]*/,
    text: (detail) =>
      msg('The guest kernel panicked at boot ("{{detail}}"): the guest OS, not KubeVirt, stops.', {
        detail,
      }),
  },
  {
    // libvirt src/rpc/virnetsocket.c virNetSocketNewConnectUNIX: "Failed to connect socket to
    // '%s': %s" — virt-launcher cannot reach its virtqemud; usually virtqemud died first.
    id: 'launcher-log.libvirt-unreachable',
    category: 'CrashLoop',
    container: 'compute',
    consequence: true,
    pattern: /Failed to connect socket to '[^']*'[^"\\\n]*|failed to connect to the hypervisor/i,
    text: (detail) =>
      msg(
        'virt-launcher lost its libvirt daemon ("{{detail}}"): virtqemud inside the launcher pod stopped or never started.',
        { detail },
      ),
  },
];

/** A virt-launcher JSON line (kubevirt pkg/util/log) at info or debug level. */
const INFO_LEVEL = /"level":"(?:info|debug)"/;

/** Evidence lines and detail text stay short: the tail's line bound is 2 KiB, a detail ≤ 300. */
const MAX_DETAIL = 300;

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The VM should run and does not (or its launcher died): only then is a log line decisive. A
 * running VM's old warnings are reported for information, never as a cause.
 */
const vmIsFailing = (ctx: RuleContext): boolean => {
  if (!ctx.wantsRunning) return false;
  const phase = ctx.snapshot.vmi?.status?.phase;
  if (phase === 'Failed') return true;
  // Paused keeps QEMU alive: the paused rule says why (a user, an I/O error).
  const running =
    ['Running', 'Migrating', 'Paused'].includes(ctx.printableStatus) && phase === 'Running';
  return !running;
};

interface Match {
  pattern: LogPattern;
  log: LauncherLog;
  /** Matching lines, newest first (at most two kept). */
  lines: string[];
  detail: string;
}

export const logEvidence = (ctx: RuleContext, log: LauncherLog, line: string): Evidence => ({
  kind: 'Pod',
  name: log.pod,
  namespace: ctx.namespace,
  fieldPath: `log[container=${log.container}]`,
  // Redacted again: a snapshot built by another client may carry lines that were not.
  value: redactText(line),
});

export const launcherLogRule: DiagnosisRule = {
  id: 'launcher-log',
  category: 'Unknown',
  checkName: msg('The virt-launcher log shows no known libvirt or QEMU error'),
  unverified: (ctx) =>
    (ctx.snapshot.launcherLogs ?? [])
      .filter((log) => log.unreadable)
      .map((log) =>
        log.unreadable?.message
          ? msg(
              'the log of container {{container}} of pod {{pod}} could not be read ({{reason}}: {{message}})',
              {
                container: log.container,
                pod: log.pod,
                reason: log.unreadable.reason,
                message: short(log.unreadable.message, MAX_DETAIL),
              },
            )
          : msg(
              'the log of container {{container}} of pod {{pod}} could not be read ({{reason}})',
              {
                container: log.container,
                pod: log.pod,
                reason: log.unreadable?.reason ?? 'Error',
              },
            ),
      ),
  evaluate: (ctx) => {
    const matches: Match[] = [];
    for (const pattern of LOG_PATTERNS) {
      for (const log of ctx.snapshot.launcherLogs ?? []) {
        if (log.container !== pattern.container || log.unreadable) continue;
        const lines: string[] = [];
        let detail = '';
        // Newest first: the last error before the failure is the one that matters.
        for (let i = log.lines.length - 1; i >= 0 && lines.length < 2; i -= 1) {
          const line = log.lines[i];
          // virt-launcher logs its start-up retries at info level: not an error for a consequence.
          if (pattern.consequence && INFO_LEVEL.test(line)) continue;
          const m = pattern.pattern.exec(line);
          if (!m) continue;
          lines.push(line);
          if (!detail) detail = short(redactText(m[0].replace(/\\"/g, '"').trim()), MAX_DETAIL);
        }
        if (lines.length > 0) matches.push({ pattern, log, lines, detail });
      }
    }
    if (matches.length === 0) return [];
    const failing = vmIsFailing(ctx);
    const decisive = matches.some((m) => !m.pattern.consequence);
    return matches.map((m): Finding => {
      const critical = failing && (!m.pattern.consequence || !decisive);
      return {
        ...finding(
          m.pattern.id,
          critical ? 'critical' : 'info',
          m.pattern.category,
          m.pattern.text(m.detail, m.lines[0]),
          m.lines.map((line) => logEvidence(ctx, m.log, line)),
        ),
        role: 'cause',
      };
    });
  },
};
