import { useEffect, useMemo, useState } from 'react';
import type { K8sResourceCommon, WatchK8sResource } from '@openshift-console/dynamic-plugin-sdk';
import { consoleFetch, useK8sWatchResources } from '@openshift-console/dynamic-plugin-sdk';
import type { LauncherLog, LookupFailure, Pod, VmSnapshot } from '../../kubevirt/diagnosis';
import {
  LAUNCHER_LOG_LIMITS,
  bootSourcesToRead,
  buildVmSnapshot,
  launcherLogQuery,
  launcherLogTargets,
  unreadableLauncherLog,
} from '../../kubevirt/diagnosis';
import type { K8sObject, VirtualMachine } from '../../kubevirt/types';
import { CONFIGMAP_MODEL, SECRET_MODEL, useMetadataOnlyList } from './useMetadataOnlyList';

type Gvk = { group?: string; version: string; kind: string };

interface Source {
  gvk: Gvk;
  namespaced: boolean;
}

const INSTANCETYPES = 'instancetype.kubevirt.io';

/**
 * Everything the diagnosis rules read through watches (see requiredObjects and VmSnapshot). Secrets
 * and ConfigMaps are not among them: they are read as metadata only (useMetadataOnlyList).
 */
export const SNAPSHOT_SOURCES: Source[] = [
  {
    gvk: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance' },
    namespaced: true,
  },
  {
    gvk: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstanceMigration' },
    namespaced: true,
  },
  { gvk: { version: 'v1', kind: 'Pod' }, namespaced: true },
  { gvk: { version: 'v1', kind: 'PersistentVolumeClaim' }, namespaced: true },
  { gvk: { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume' }, namespaced: true },
  { gvk: { version: 'v1', kind: 'Event' }, namespaced: true },
  // A smart clone's temporary snapshot of the source claim (cloneSnapshots.ts).
  {
    gvk: { group: 'snapshot.storage.k8s.io', version: 'v1', kind: 'VolumeSnapshot' },
    namespaced: true,
  },
  {
    gvk: { group: 'k8s.cni.cncf.io', version: 'v1', kind: 'NetworkAttachmentDefinition' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineInstancetype' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachinePreference' },
    namespaced: true,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineClusterInstancetype' },
    namespaced: false,
  },
  {
    gvk: { group: INSTANCETYPES, version: 'v1beta1', kind: 'VirtualMachineClusterPreference' },
    namespaced: false,
  },
  { gvk: { version: 'v1', kind: 'Node' }, namespaced: false },
  { gvk: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' }, namespaced: false },
];

const BOOT_SOURCE_KINDS: Gvk[] = [
  { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataSource' },
  { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataImportCron' },
  { group: 'cdi.kubevirt.io', version: 'v1beta1', kind: 'DataVolume' },
];

/**
 * The boot-source namespaces (bootSources.ts) of disks still waiting for their DataSource: their
 * DataSources, DataImportCrons and DataVolumes, watched only while such a disk exists.
 */
const useBootSourceWatches = (
  vm: VirtualMachine | undefined,
  dataVolumes: K8sResourceCommon[] | undefined,
) => {
  const namespacesKey = useMemo(
    () =>
      vm
        ? [
            ...new Set(
              bootSourcesToRead(vm, (dataVolumes ?? []) as never).map((ref) => ref.namespace),
            ),
          ]
            .sort()
            .join(',')
        : '',
    [vm, dataVolumes],
  );
  const watches = useMemo(
    () =>
      namespacesKey
        .split(',')
        .filter(Boolean)
        .flatMap((ns) =>
          BOOT_SOURCE_KINDS.map((gvk) => ({
            key: `boot/${gvk.kind}/${ns}`,
            kind: gvk.kind,
            namespace: ns,
            gvk,
          })),
        ),
    [namespacesKey],
  );
  const resources = useMemo<Record<string, WatchK8sResource>>(
    () =>
      Object.fromEntries(
        watches.map((w) => [
          w.key,
          { groupVersionKind: w.gvk, isList: true, namespace: w.namespace },
        ]),
      ),
    [watches],
  );
  const results = useK8sWatchResources<Record<string, K8sResourceCommon[]>>(resources);
  return useMemo(() => ({ watches, results }), [watches, results]);
};

/** A log read that takes longer than this is "not verified" rather than holding the tab back. */
const LOG_TIMEOUT_MS = 10_000;

/** The HTTP status of a consoleFetch failure (HttpError carries the response), 0 when none. */
const statusOf = (error: unknown): number => {
  const e = error as { response?: { status?: number }; code?: number; status?: number } | null;
  return Number(e?.response?.status ?? e?.code ?? e?.status ?? 0) || 0;
};

const failureOf = (status: number): LookupFailure =>
  status === 403 ? 'Forbidden' : status === 404 ? 'NotFound' : 'Error';

/**
 * At most `maxBytes` of a response body: the stream is cancelled past the limit, so a server that
 * ignores limitBytes cannot make the tab hold more than that.
 */
const readBounded = async (response: Response, maxBytes: number): Promise<Uint8Array> => {
  const reader = response.body?.getReader?.();
  if (!reader) return new TextEncoder().encode((await response.text()).slice(0, maxBytes));
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  const out = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= out.length) break;
    out.set(chunk.subarray(0, out.length - offset), offset);
    offset += chunk.length;
  }
  return out;
};

/** One bounded log tail through the console's API proxy, with the user's own rights (pods/log). */
const fetchLauncherLog = async (
  namespace: string,
  pod: string,
  container: string,
): Promise<LauncherLog> => {
  const url =
    `/api/kubernetes/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/` +
    `${encodeURIComponent(pod)}/log?${launcherLogQuery(container)}`;
  try {
    const response = await consoleFetch(url, { method: 'GET' }, LOG_TIMEOUT_MS);
    // The reason alone (Forbidden, NotFound, Error) is shown: no untranslated English from here.
    if (!response.ok) return unreadableLauncherLog(pod, container, failureOf(response.status));
    const raw = await readBounded(response, LAUNCHER_LOG_LIMITS.bytes);
    // The full redaction (YAML parser included) loads with the first log, not with the tab.
    const { boundLauncherLog } = await import(
      /* webpackChunkName: "launcher-log-tail" */ '../../kubevirt/diagnosis/launcherLogTail'
    );
    return boundLauncherLog(pod, container, raw);
  } catch (error) {
    return unreadableLauncherLog(pod, container, failureOf(statusOf(error)));
  }
};

/**
 * The launcher's log tails (launcherLogTargets: the newest pod's started `compute` and
 * `guest-console-log`), read again when that pod or its containers' states change. `loaded` once
 * every read has answered or failed.
 */
const useLauncherLogs = (
  namespace: string | undefined,
  pods: Pod[] | undefined,
): { logs: LauncherLog[]; loaded: boolean } => {
  const targets = useMemo(() => launcherLogTargets(pods ?? []), [pods]);
  const pod = pods?.find((p) => p.metadata?.name === targets[0]?.pod);
  // Same pod, same container states (a restart, a crash) → same logs: no new request.
  const key = JSON.stringify([
    namespace,
    targets,
    (pod?.status?.containerStatuses ?? []).map((c) => [
      c.name,
      c.restartCount,
      Object.keys(c.state ?? {}),
    ]),
  ]);
  const [state, setState] = useState<{ key: string; logs: LauncherLog[] }>();
  useEffect(() => {
    if (!namespace || pods === undefined) return undefined;
    let cancelled = false;
    Promise.all(targets.map((t) => fetchLauncherLog(namespace, t.pod, t.container)))
      .then((logs) => {
        if (!cancelled) setState({ key, logs });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // `key` stands for namespace, targets and the pod's container states.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const none = pods === undefined;
  const nothingToRead = targets.length === 0;
  return useMemo(() => {
    if (none) return { logs: [], loaded: false };
    if (nothingToRead) return { logs: [], loaded: true };
    return state?.key === key ? { logs: state.logs, loaded: true } : { logs: [], loaded: false };
  }, [none, nothingToRead, state, key]);
};

export interface VmSnapshotResult {
  snapshot?: VmSnapshot;
  /** True once every watch has loaded or failed: before that, absence proves nothing. */
  loaded: boolean;
}

/**
 * Watches what the rules need and assembles the snapshot with the diagnosis library's own
 * buildVmSnapshot, so the tab and the MCP server diagnose from the same kind of snapshot. A list
 * the user may not read (or that failed) is passed as a forbidden kind, never as "not found".
 */
export const useVmSnapshot = (vm: VirtualMachine | undefined, now?: Date): VmSnapshotResult => {
  const namespace = vm?.metadata?.name ? vm.metadata.namespace : undefined;
  const resources = useMemo<Record<string, WatchK8sResource>>(
    () =>
      namespace
        ? Object.fromEntries(
            SNAPSHOT_SOURCES.map((source) => [
              source.gvk.kind,
              {
                groupVersionKind: source.gvk,
                isList: true,
                ...(source.namespaced ? { namespace } : {}),
              },
            ]),
          )
        : {},
    [namespace],
  );
  const results = useK8sWatchResources<Record<string, K8sResourceCommon[]>>(resources);
  const boot = useBootSourceWatches(vm, results?.DataVolume?.data);
  // Read again when the VM changes (a user who just created the missing Secret edits or restarts it).
  const refreshKey = vm?.metadata?.resourceVersion;
  const secrets = useMetadataOnlyList(SECRET_MODEL, namespace, refreshKey);
  const configMaps = useMetadataOnlyList(CONFIGMAP_MODEL, namespace, refreshKey);

  const base = useMemo(() => {
    const states = [
      ...SNAPSHOT_SOURCES.map(({ gvk }) => ({ kind: gvk.kind, result: results?.[gvk.kind] })),
      { kind: SECRET_MODEL.kind, result: secrets },
      { kind: CONFIGMAP_MODEL.kind, result: configMaps },
    ];
    const bootStates = boot.watches.map(({ key, kind, namespace: ns }) => ({
      kind,
      namespace: ns,
      result: boot.results?.[key],
    }));
    const loaded =
      Boolean(namespace) &&
      [...states, ...bootStates].every(({ result }) =>
        Boolean(result?.loaded || result?.loadError),
      );
    if (!vm || !loaded) return { loaded: false };
    // List items from the API server carry no `kind`: stamp it, buildVmSnapshot sorts by kind.
    const pool = [...states, ...bootStates].flatMap(({ kind, result }) =>
      (Array.isArray(result?.data) ? result.data : []).map((item) => ({
        ...(item as K8sObject),
        kind,
      })),
    );
    const forbiddenKinds = states.filter(({ result }) => result?.loadError).map(({ kind }) => kind);
    const bootSourceUnreadable = bootStates
      .filter(({ result }) => result?.loadError)
      .map(({ kind, namespace: ns, result }) => ({
        kind,
        namespace: ns,
        reason: failureOf(statusOf(result?.loadError)),
      }));
    return {
      loaded: true,
      snapshot: buildVmSnapshot(vm, pool, {
        now: now ?? new Date(),
        forbiddenKinds,
        bootSourceUnreadable,
      }),
    };
  }, [vm, namespace, results, boot, secrets, configMaps, now]);

  const launcher = useLauncherLogs(namespace, base.snapshot?.pods);
  return useMemo(() => {
    if (!base.snapshot || !launcher.loaded) return { loaded: false };
    return { loaded: true, snapshot: { ...base.snapshot, launcherLogs: launcher.logs } };
  }, [base, launcher]);
};
