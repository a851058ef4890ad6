import { purposeMessage } from '../purpose';
import { msg } from '../messages';
import {
  allEventsNewestFirst,
  conditionEvidence,
  eventEvidence,
  findCondition,
  objectEvidence,
  vmEvidence,
} from '../context';
import { MISSING_PVC_MESSAGE, PVC_BEING_DELETED } from '../eventPatterns';
import type { Evidence, Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * A disk references a PVC or DataVolume that does not exist (and will not be created by KubeVirt).
 * KubeVirt reports ErrorPvcNotFound / FailedPvcNotFound; CDI garbage-collects finished DataVolumes,
 * so a DataVolume is only missing when its PVC is missing too.
 */
export const missingVolumeRule: DiagnosisRule = {
  id: 'volumes-exist',
  category: 'MissingVolume',
  checkName: msg('Referenced PVCs and DataVolumes exist'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const pvcEvents = allEventsNewestFirst(ctx.snapshot).filter(
      (e) => e.reason === 'FailedPvcNotFound' || MISSING_PVC_MESSAGE.test(e.message ?? ''),
    );
    const eventsNaming = (name: string) =>
      pvcEvents.filter((e) =>
        new RegExp(`["/ ]${escapeRegExp(name)}("| |$)`).test(e.message ?? ''),
      );
    const statusEvidence = statusEvidenceFor(ctx);

    for (const ref of ctx.refs) {
      if (ref.optional) continue;
      if (ref.kind === 'PersistentVolumeClaim') {
        const presence = ctx.lookup(ref.kind, ref.name, ref.namespace);
        const events = eventsNaming(ref.name);
        const deleting = beingDeleted(ctx, ref.name, presence);
        if (deleting) {
          findings.push(deleting);
          continue;
        }
        if (
          presence.state === 'notFound' ||
          (presence.state === 'notFetched' && events.length > 0)
        ) {
          findings.push(
            finding(
              'pvc.missing',
              'critical',
              'MissingVolume',
              msg(
                'PersistentVolumeClaim "{{name}}" ({{purpose}}) does not exist in namespace {{namespace}}.',
                {
                  name: ref.name,
                  purpose: purposeMessage(ref.purpose),
                  namespace: ref.namespace ?? '',
                },
              ),
              uniqueEvidence([
                vmEvidence(ctx, ref.fieldPath, ref.name),
                {
                  kind: ref.kind,
                  name: ref.name,
                  namespace: ref.namespace ?? '',
                  value: 'not found',
                },
                ...statusEvidence,
                ...events.slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        }
      } else if (ref.kind === 'DataVolume') {
        const dv = ctx.lookup('DataVolume', ref.name, ref.namespace);
        const pvc = ctx.lookup('PersistentVolumeClaim', ref.name, ref.namespace);
        if (dv.state === 'notFound' && pvc.state !== 'present') {
          findings.push(
            finding(
              'dv.missing',
              'critical',
              'MissingVolume',
              msg(
                'DataVolume "{{name}}" ({{purpose}}) does not exist in namespace {{namespace}} and is not a dataVolumeTemplate of the VM, so nothing will create it.',
                {
                  name: ref.name,
                  purpose: purposeMessage(ref.purpose),
                  namespace: ref.namespace ?? '',
                },
              ),
              uniqueEvidence([
                vmEvidence(ctx, ref.fieldPath, ref.name),
                {
                  kind: 'DataVolume',
                  name: ref.name,
                  namespace: ref.namespace ?? '',
                  value: 'not found',
                },
                ...statusEvidence,
                ...eventsNaming(ref.name).slice(0, 3).map(eventEvidence),
              ]),
            ),
          );
        }
      }
    }

    if (findings.length === 0 && (statusEvidence.length > 0 || pvcEvents.length > 0)) {
      // KubeVirt itself says a claim is missing, though the snapshot could not name it.
      const claim = pvcEvents.map((e) => MISSING_PVC_MESSAGE.exec(e.message ?? '')).find(Boolean);
      const name = claim ? (claim[1] ?? claim[3]) : undefined;
      findings.push(
        finding(
          'pvc.missing',
          'critical',
          'MissingVolume',
          name
            ? msg('PersistentVolumeClaim "{{name}}" used by the VM does not exist.', { name })
            : msg('A PersistentVolumeClaim used by the VM does not exist.'),
          uniqueEvidence([...statusEvidence, ...pvcEvents.slice(0, 3).map(eventEvidence)]),
        ),
      );
    }
    return findings;
  },
};

/**
 * A claim deleted while still in use: the pvc-protection finalizer keeps it (Bound, with a
 * deletionTimestamp) until no pod uses it, and kube-scheduler refuses new pods that mount it
 * (PVC_BEING_DELETED).
 */
const beingDeleted = (
  ctx: Parameters<DiagnosisRule['evaluate']>[0],
  name: string,
  presence: ReturnType<Parameters<DiagnosisRule['evaluate']>[0]['lookup']>,
): Finding | undefined => {
  const pvc = presence.state === 'present' ? presence.object : undefined;
  const since = pvc?.metadata?.deletionTimestamp;
  const events = allEventsNewestFirst(ctx.snapshot).filter(
    (e) => PVC_BEING_DELETED.exec(e.message ?? '')?.[1] === name,
  );
  if (!since && events.length === 0) return undefined;
  // A running VM keeps its claim until it stops; it is the next start that fails.
  return finding(
    'pvc.being-deleted',
    ctx.printableStatus === 'Running' ? 'warning' : 'critical',
    'MissingVolume',
    msg(
      'PersistentVolumeClaim "{{name}}" is being deleted (kept only until no pod uses it), so no new virt-launcher pod may mount it: the VM cannot start on it again.',
      { name },
    ),
    uniqueEvidence([
      ...(pvc && since
        ? [objectEvidence(pvc, 'PersistentVolumeClaim', 'metadata.deletionTimestamp', since)]
        : []),
      ...events.slice(0, 2).map(eventEvidence),
    ]),
  );
};

const statusEvidenceFor = (ctx: Parameters<DiagnosisRule['evaluate']>[0]): Evidence[] => {
  const evidence: Evidence[] = [];
  if (ctx.printableStatus === 'ErrorPvcNotFound')
    evidence.push(vmEvidence(ctx, 'status.printableStatus', 'ErrorPvcNotFound'));
  const sync = findCondition(ctx.snapshot.vmi, 'Synchronized');
  if (ctx.snapshot.vmi && sync?.status === 'False' && sync.reason === 'FailedPvcNotFound') {
    evidence.push(conditionEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', sync));
  }
  return evidence;
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
