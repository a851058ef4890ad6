/**
 * One health verdict per VM, computed the same way by the search page, the VM table's status icon,
 * the MCP search tool and the Diagnostics tab: the diagnosis library (`diagnoseVm`) over whatever
 * objects the consumer has, combined with the printable status and the time spent in it.
 */
import { diagnoseVmCore } from '../diagnosis/diagnoseCore';
import type { Diagnosis, RootCauseCategory, VmSnapshot } from '../diagnosis';
import { dataMessage, msg, renderMessage, type Message } from '../diagnosis/messages';
import { isErrorStatus, vmPrintableStatus } from '../status';
import type { Condition, VirtualMachineInstance } from '../types';
import type { VmEntry } from '../vm';

export const VM_HEALTH_VALUES = [
  'healthy',
  'attention',
  'error',
  'stopped',
  'transitional',
] as const;

export type VmHealth = (typeof VM_HEALTH_VALUES)[number];

export const isVmHealth = (value: unknown): value is VmHealth =>
  typeof value === 'string' && (VM_HEALTH_VALUES as readonly string[]).includes(value);

/** Statuses that resolve by themselves; one that lasts longer than STUCK_AFTER_MS is "stuck". */
export const TRANSITIONAL_STATUSES: ReadonlySet<string> = new Set([
  'Starting',
  'Provisioning',
  'Stopping',
  'Terminating',
  'WaitingForVolumeBinding',
  'Migrating',
  'WaitingForReceiver',
]);

/**
 * 10 minutes: the threshold of the diagnosis rule `vm.stuck` (and of KubeVirt's
 * `VirtualMachineStuckInUnhealthyState`-style alerts), so "stuck" here and there agree. Migrating
 * is timed here from the VMI's `migrationState.startTimestamp` (the diagnosis leaves it to
 * `migration.stuck`).
 */
export const STUCK_AFTER_MS = 10 * 60_000;

export interface VmHealthVerdict {
  health: VmHealth;
  /** `status.printableStatus` of the VM. */
  status: string;
  /** Root-cause category of the first critical (else warning) finding, when known. */
  category?: RootCauseCategory;
  /** Rule id of that finding (`secret.missing`, `vm.stuck`, …). */
  ruleId?: string;
  /** Plain English sentence: the finding's summary or the status' meaning. */
  summary: string;
  /** The same sentence as a translatable Message (the plugin renders it with t()). */
  text: Message;
  /** A transitional status held longer than STUCK_AFTER_MS. */
  stuck: boolean;
  /** `error` or `attention`: what "broken", "needs attention" and `hasErrors: true` select. */
  problem: boolean;
}

const STUCK_RULES = new Set(['vm.stuck', 'migration.stuck']);

const condition = (vmi: VirtualMachineInstance | undefined, type: string): Condition | undefined =>
  vmi?.status?.conditions?.find((c) => c.type === type);

const since = (value: string | null | undefined, now: Date): number | undefined => {
  const millis = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(millis) ? undefined : now.getTime() - millis;
};

const migratingTooLong = (snapshot: VmSnapshot): boolean => {
  const state = snapshot.vmi?.status?.migrationState as { startTimestamp?: string } | undefined;
  const elapsed = since(state?.startTimestamp, snapshot.now);
  return elapsed !== undefined && elapsed > STUCK_AFTER_MS;
};

/** Running, but the VMI has said Ready=False for longer than the threshold (e.g. its node is gone). */
const notReadyTooLong = (snapshot: VmSnapshot): boolean | undefined => {
  const ready = condition(snapshot.vmi, 'Ready');
  if (snapshot.vmi?.status?.phase !== 'Running' || ready?.status !== 'False') return undefined;
  const elapsed = since(ready.lastTransitionTime, snapshot.now);
  return elapsed === undefined || elapsed > STUCK_AFTER_MS;
};

/** `runStrategy: Always` (or the legacy `running: true`): the VM should be running. */
const wantsToRun = (vm: VmSnapshot['vm']): boolean => {
  const spec = (vm as { spec?: { runStrategy?: string; running?: boolean } }).spec;
  return spec?.runStrategy === 'Always' || spec?.running === true;
};

const verdict = (
  health: VmHealth,
  status: string,
  text: Message,
  stuck: boolean,
  cause?: { category: RootCauseCategory; ruleId: string },
): VmHealthVerdict => ({
  health,
  status,
  ...(cause ? { category: cause.category, ruleId: cause.ruleId } : {}),
  summary: renderMessage(text),
  text,
  stuck,
  problem: health === 'error' || health === 'attention',
});

/**
 * The verdict from a snapshot and its diagnosis:
 * - `error`: a critical finding (the diagnosis' root cause) or an error status;
 * - `attention`: a warning finding, a stuck transition without a critical finding, a running VMI
 *   not Ready for longer than the threshold, Stopped although the run strategy is Always, or a
 *   status this library does not know;
 * - `transitional`: Starting, Provisioning, Stopping, Terminating, WaitingForVolumeBinding,
 *   Migrating, WaitingForReceiver (or Running and not Ready yet) within the threshold;
 * - `stopped`: Stopped (or Paused without a finding) and nothing wrong;
 * - `healthy`: Running and nothing wrong.
 */
export const healthFromDiagnosis = (
  snapshot: VmSnapshot,
  diagnosis: Diagnosis,
): VmHealthVerdict => {
  const status = vmPrintableStatus(snapshot.vm);
  const transitional = TRANSITIONAL_STATUSES.has(status);
  const stuck =
    transitional &&
    (diagnosis.findings.some((f) => STUCK_RULES.has(f.ruleId)) ||
      (status === 'Migrating' && migratingTooLong(snapshot)));
  if (diagnosis.rootCause) {
    const { rootCause } = diagnosis;
    const text = rootCause.text ?? dataMessage(rootCause.summary);
    return verdict('error', status, text, stuck, rootCause);
  }
  if (isErrorStatus(status)) {
    const text = msg('The VM reports the error status {{status}}.', { status });
    return verdict('error', status, text, stuck);
  }
  const warning = diagnosis.findings.find((f) => f.severity === 'warning');
  if (warning) {
    return verdict(
      'attention',
      status,
      warning.text ?? dataMessage(warning.message),
      stuck,
      warning,
    );
  }
  if (stuck) {
    const text = msg('The VM has been {{status}} for too long.', { status });
    return verdict('attention', status, text, stuck);
  }
  if (transitional) {
    return verdict('transitional', status, msg('The VM is {{status}}.', { status }), false);
  }
  const notReady = notReadyTooLong(snapshot);
  if (notReady === true) {
    const text = msg('The VM is Running but its instance has not been Ready for a while.');
    return verdict('attention', status, text, false);
  }
  if (notReady === false) {
    const text = msg('The VM is Running and not Ready yet.');
    return verdict('transitional', status, text, false);
  }
  if (status === 'Running') return verdict('healthy', status, msg('The VM is running.'), false);
  if (status === 'Stopped' && wantsToRun(snapshot.vm)) {
    // virt-controller should be starting it: something (often a failed dependency) prevents it
    const text = msg('The VM is Stopped although its run strategy asks for it to run.');
    return verdict('attention', status, text, false);
  }
  if (status === 'Stopped' || status === 'Paused') {
    return verdict('stopped', status, msg('The VM is {{status}}.', { status }), false);
  }
  return verdict(
    'attention',
    status,
    msg('The VM reports the status {{status}}.', { status }),
    false,
  );
};

/**
 * The snapshot of a consumer that has only the VM, its VMI and maybe its migrations (the search
 * page, the MCP search tool): nothing else was fetched, so no rule calls anything missing.
 */
export const entrySnapshot = (entry: VmEntry, now: Date): VmSnapshot => ({
  vm: entry.vm,
  ...(entry.vmi ? { vmi: entry.vmi } : {}),
  pods: [],
  pvcs: [],
  dataVolumes: [],
  events: [],
  nodes: [],
  secrets: [],
  configMaps: [],
  nads: [],
  storageClasses: [],
  migrations: entry.migrations ?? [],
  missing: [],
  now,
});

/** Diagnose a (full or partial) snapshot and return its verdict. */
export const vmHealthOfSnapshot = (snapshot: VmSnapshot): VmHealthVerdict =>
  healthFromDiagnosis(snapshot, diagnoseVmCore(snapshot, undefined, { checksAndFixes: false }));

interface CachedVerdict {
  vmi: VmEntry['vmi'];
  migrations: VmEntry['migrations'];
  now: number;
  verdict: VmHealthVerdict;
}

const cache = new WeakMap<object, CachedVerdict>();

/**
 * The verdict of a VM from what a list consumer has (VM, VMI, migrations). Cached per VM object,
 * VMI object, migrations array and `now`, so re-filtering a large list while typing stays cheap.
 */
export const vmHealth = (entry: VmEntry, { now }: { now: Date }): VmHealthVerdict => {
  const hit = cache.get(entry.vm);
  if (
    hit &&
    hit.vmi === entry.vmi &&
    hit.migrations === entry.migrations &&
    hit.now === now.getTime()
  ) {
    return hit.verdict;
  }
  const result = vmHealthOfSnapshot(entrySnapshot(entry, now));
  cache.set(entry.vm, {
    vmi: entry.vmi,
    migrations: entry.migrations,
    now: now.getTime(),
    verdict: result,
  });
  return result;
};
