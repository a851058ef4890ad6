/**
 * Launcher log tails as snapshot data: which containers of which pod to read, the query both
 * clients send (the bounding and redaction every tail goes through is launcherLogTail.ts). Pure: the
 * fetch is the client's (cnv-mcp-server's snapshot, the plugin's useVmSnapshot).
 */
import type { LauncherLog, LookupFailure, Pod } from './model';

export const LAUNCHER_LOG_LIMITS = {
  /** Lines kept from the end of the log (`tailLines`). */
  lines: 200,
  /** UTF-8 bytes of the tail (`limitBytes`; the client cuts again if the server did not). */
  bytes: 64 * 1024,
  /** Characters kept of one line. */
  lineChars: 2048,
} as const;

/**
 * virt-launcher's `compute` container (virt-launcher, libvirt and QEMU write there) and, where the
 * VM has a serial console log (kubevirt `logSerialConsole`), KubeVirt's `guest-console-log`.
 */
export const LAUNCHER_LOG_CONTAINERS = ['compute', 'guest-console-log'] as const;

/** The `pods/log` query for one container: a bounded tail, no timestamps, no follow. */
export const launcherLogQuery = (container: string): string =>
  new URLSearchParams({
    container,
    tailLines: String(LAUNCHER_LOG_LIMITS.lines),
    limitBytes: String(LAUNCHER_LOG_LIMITS.bytes),
  }).toString();

const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

/**
 * The logs worth reading: the containers above of the newest launcher pod that have started (a
 * waiting container has no log yet; the kubelet answers 400). One pod only, to keep the request
 * budget: the newest pod is the one whose failure the VM shows. `guest-console-log` is a native
 * sidecar in current KubeVirt (an init container with `restartPolicy: Always`, its status in
 * `initContainerStatuses`), a regular container in older releases: both are looked at. No
 * `previous=true` read: the launcher pod's `restartPolicy` is `Never`, so `compute` never has an
 * earlier run, and the kubelet already answers a terminated container's log without it.
 */
export const launcherLogTargets = (pods: readonly Pod[]): { pod: string; container: string }[] => {
  const pod = [...pods].sort((a, b) => created(b) - created(a))[0];
  const podName = pod?.metadata?.name;
  if (!pod || !podName) return [];
  const declared = new Set(
    [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name),
  );
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ];
  return LAUNCHER_LOG_CONTAINERS.filter((container) => {
    if (!declared.has(container)) return false;
    const status = statuses.find((s) => s.name === container);
    return !!(status?.state?.running || status?.state?.terminated || status?.lastState?.terminated);
  }).map((container) => ({ pod: podName, container }));
};

export const unreadableLauncherLog = (
  pod: string,
  container: string,
  reason: LookupFailure,
  message?: string,
): LauncherLog => ({
  pod,
  container,
  lines: [],
  unreadable: { reason, ...(message ? { message } : {}) },
});

/**
 * The rules' second pass over a line or detail: the text rules only (no YAML parser), since the
 * tail was already fully redacted by launcherLogTail.ts in the client that read it.
 */
export { redactTextRules as redactLogText } from '../redaction/textRules';
