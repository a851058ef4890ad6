import { dataMessage, joinMessages, msg, type Message } from '../messages';
import {
  eventEvidence,
  eventTime,
  eventsFor,
  findCondition,
  conditionEvidence,
  minutesSince,
  objectEvidence,
  timeOf,
  vmEvidence,
  type RuleContext,
} from '../context';
import type { DataVolume, Evidence, Finding, PersistentVolumeClaim, StorageClass } from '../model';
import { durationMessage } from '../duration';
import { schedulingBlock } from './candidateNodes';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';
import { MISSING_SECRET_MESSAGE } from '../eventPatterns';

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];
const STUCK_MINUTES = 10;

/**
 * Claims that stay unbound: a StorageClass that does not exist, no default class, a provisioner
 * that fails, no PersistentVolume for a static class, or a claim that lost its volume.
 */
export const storageProvisioningRule: DiagnosisRule = {
  id: 'storage-provisioning',
  category: 'StorageProvisioning',
  checkName: msg('Disk claims can be provisioned and bound'),
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    const claimNames = new Set(
      ctx.refs
        .filter((r) => r.kind === 'PersistentVolumeClaim' || r.kind === 'DataVolume')
        .map((r) => r.name),
    );
    const pvcs = ctx.snapshot.pvcs.filter((p) => claimNames.has(p.metadata?.name ?? ''));
    const dvs = ctx.snapshot.dataVolumes.filter((d) => claimNames.has(d.metadata?.name ?? ''));
    const statusEvidence = ['Provisioning', 'WaitingForVolumeBinding'].includes(ctx.printableStatus)
      ? [vmEvidence(ctx, 'status.printableStatus', ctx.printableStatus)]
      : [];
    const reportedClasses = new Set<string>();

    const checkClass = (
      className: string | undefined,
      owner: PersistentVolumeClaim | DataVolume,
      ownerKind: string,
      fieldPath: string,
    ) => {
      if (!className || reportedClasses.has(className)) return;
      if (ctx.lookup('StorageClass', className).state !== 'notFound') return;
      reportedClasses.add(className);
      const dvBound = ownerKind === 'DataVolume' ? findCondition(owner, 'Bound') : undefined;
      findings.push(
        finding(
          'storage.class-missing',
          'critical',
          'StorageProvisioning',
          joinMessages([
            msg(
              'StorageClass "{{className}}" requested by {{ownerKind}} "{{name}}" does not exist, so its claim can never be provisioned.',
              { className, ownerKind, name: owner.metadata?.name ?? '' },
            ),
            ...availableClasses(ctx),
          ]),
          uniqueEvidence([
            objectEvidence(owner, ownerKind, fieldPath, className),
            { kind: 'StorageClass', name: className, value: 'not found' },
            ...(dvBound && dvBound.status !== 'True'
              ? [conditionEvidence(owner, 'DataVolume', dvBound)]
              : []),
            ...statusEvidence,
            ...eventsFor(ctx.snapshot, ownerKind, owner.metadata?.name)
              .filter((e) => e.type === 'Warning')
              .slice(0, 2)
              .map(eventEvidence),
          ]),
        ),
      );
    };

    for (const dv of dvs) {
      checkClass(
        dv.spec?.storage?.storageClassName ?? undefined,
        dv,
        'DataVolume',
        'spec.storage.storageClassName',
      );
      checkClass(
        dv.spec?.pvc?.storageClassName ?? undefined,
        dv,
        'DataVolume',
        'spec.pvc.storageClassName',
      );
    }
    for (const pvc of pvcs) {
      checkClass(
        pvc.spec?.storageClassName ?? undefined,
        pvc,
        'PersistentVolumeClaim',
        'spec.storageClassName',
      );
      if (pvc.spec?.storageClassName && reportedClasses.has(pvc.spec.storageClassName)) continue;
      const problem = unboundProblem(ctx, pvc);
      if (problem) findings.push(problem);
    }

    // A DataVolume whose PVC was not fetched: judge from its Bound condition.
    for (const dv of dvs) {
      if (pvcs.some((p) => p.metadata?.name === dv.metadata?.name)) continue;
      const className = dv.spec?.storage?.storageClassName ?? dv.spec?.pvc?.storageClassName;
      if (className && reportedClasses.has(className)) continue;
      const bound = findCondition(dv, 'Bound');
      if (
        bound?.status === 'False' &&
        bound.reason === 'Pending' &&
        minutesSince(ctx, bound.lastTransitionTime) > STUCK_MINUTES &&
        ctx.wantsRunning
      ) {
        findings.push(
          finding(
            'pvc.unbound',
            'critical',
            'StorageProvisioning',
            msg(
              'The claim of DataVolume "{{name}}" has been Pending for more than {{minutes}} minutes.',
              { name: dv.metadata?.name ?? '', minutes: STUCK_MINUTES },
            ),
            uniqueEvidence([conditionEvidence(dv, 'DataVolume', bound), ...statusEvidence]),
          ),
        );
      }
    }
    const attach = attachProblem(ctx, pvcs);
    if (attach) findings.push(attach);
    const volumeBinding = schedulingBlock(ctx, 'StorageProvisioning');
    if (volumeBinding) {
      findings.push(
        finding(
          'sched.volume-binding',
          volumeBinding.decisive ? 'critical' : 'warning',
          'StorageProvisioning',
          msg(
            "The virt-launcher pod cannot be scheduled because of its volumes: {{text}}. The VM's claims are bound to (or can only be provisioned in) a zone or node the VM cannot use.",
            { text: volumeBinding.text },
          ),
          uniqueEvidence([
            ...volumeBinding.evidence,
            ...pvcs.map((p) =>
              objectEvidence(
                p,
                'PersistentVolumeClaim',
                'spec.volumeName',
                p.spec?.volumeName ?? '',
              ),
            ),
          ]),
        ),
      );
    }
    return findings;
  },
};

const availableClasses = (ctx: RuleContext): Message[] => {
  const names = ctx.snapshot.storageClasses.map((sc) =>
    isDefaultClass(sc)
      ? msg('{{name}} (default)', { name: sc.metadata?.name ?? '' })
      : dataMessage(sc.metadata?.name ?? ''),
  );
  return names.length > 0
    ? [msg('Available StorageClasses: {{classes}}.', { classes: joinMessages(names, ', ') })]
    : [];
};

export const isDefaultClass = (sc: StorageClass): boolean =>
  DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.metadata?.annotations?.[a] === 'true');

/**
 * Claims CDI's volume populators stage a claim in: the import/upload/clone populator provisions
 * "PVC prime" in the target's namespace, named `prime-<target claim UID>`
 * (containerized-data-importer pkg/controller/populators/util.go `PVCPrimeName`:
 * fmt.Sprintf("%s-%s", primePvcPrefix, targetPVC.UID) with primePvcPrefix "prime"), and rebinds
 * its volume to the target once populated. The provisioner's errors are events of the prime
 * claim only; the target just says "Assuming an external populator will provision the volume".
 * The UID of the DataVolume that owns the target is accepted as well (its populator source is
 * `volume-import-source-<DataVolume UID>`): either UID belongs to this disk alone, so no other
 * claim can match. Both snapshot builders read the events of these names.
 */
export const primeClaimNames = (pvc: PersistentVolumeClaim): string[] =>
  [
    pvc.metadata?.uid,
    ...(pvc.metadata?.ownerReferences ?? [])
      .filter((o) => o.kind === 'DataVolume')
      .map((o) => o.uid),
  ]
    .filter((uid): uid is string => !!uid)
    .map((uid) => `prime-${uid}`);

/** pv_controller / external-provisioner Warnings that say a claim cannot get a volume. */
const PROVISIONING_FAILURE = new Set(['ProvisioningFailed', 'FailedBinding', 'VolumeMismatch']);

/** The newest provisioning Warning of the claims that stage `pvc` (see primeClaimNames). */
const primeFailure = (ctx: RuleContext, pvc: PersistentVolumeClaim) =>
  primeClaimNames(pvc)
    .flatMap((prime) => eventsFor(ctx.snapshot, 'PersistentVolumeClaim', prime))
    .filter((e) => e.type === 'Warning' && PROVISIONING_FAILURE.has(e.reason ?? ''))
    .sort((a, b) => timeOf(eventTime(b)) - timeOf(eventTime(a)));

const unboundProblem = (ctx: RuleContext, pvc: PersistentVolumeClaim): Finding | undefined => {
  const name = pvc.metadata?.name ?? '';
  const phase = pvc.status?.phase;
  const events = eventsFor(ctx.snapshot, 'PersistentVolumeClaim', name);
  const evidence = (value: string): Evidence[] =>
    uniqueEvidence([
      objectEvidence(pvc, 'PersistentVolumeClaim', 'status.phase', value),
      ...events
        .filter((e) => e.type === 'Warning')
        .slice(0, 3)
        .map(eventEvidence),
    ]);
  if (phase === 'Lost') {
    return finding(
      'pvc.lost',
      'critical',
      'StorageProvisioning',
      msg(
        'PersistentVolumeClaim "{{name}}" lost its PersistentVolume (phase Lost); the disk data is unreachable.',
        { name },
      ),
      evidence('Lost'),
    );
  }
  if (phase !== 'Pending') return undefined;

  const failed = events.find(
    (e) => e.reason === 'ProvisioningFailed' || e.reason === 'FailedBinding',
  );
  if (failed) {
    return finding(
      'pvc.provisioning-failed',
      'critical',
      'StorageProvisioning',
      msg('PersistentVolumeClaim "{{name}}" cannot be provisioned: {{message}}', {
        name,
        message: failed.message ?? failed.reason ?? '',
      }),
      evidence('Pending'),
    );
  }
  const [primeFailed, ...primeOthers] = primeFailure(ctx, pvc);
  if (primeFailed) {
    const prime = primeFailed.involvedObject?.name ?? '';
    return finding(
      'pvc.prime-provisioning-failed',
      'critical',
      'StorageProvisioning',
      msg(
        'PersistentVolumeClaim "{{name}}" cannot be provisioned: the claim CDI stages it in, "{{prime}}", fails: {{message}}',
        { name, prime, message: primeFailed.message ?? primeFailed.reason ?? '' },
      ),
      uniqueEvidence([
        eventEvidence(primeFailed),
        ...evidence('Pending'),
        ...primeOthers
          .filter((e) => e.involvedObject?.name !== prime || e.reason !== primeFailed.reason)
          .slice(0, 2)
          .map(eventEvidence),
      ]),
    );
  }
  const className = pvc.spec?.storageClassName;
  if (
    !className &&
    ctx.snapshot.storageClassesListed &&
    !ctx.snapshot.storageClasses.some(isDefaultClass)
  ) {
    return finding(
      'storage.no-default-class',
      'critical',
      'StorageProvisioning',
      msg(
        'PersistentVolumeClaim "{{name}}" names no StorageClass and the cluster has no default StorageClass.',
        { name },
      ),
      evidence('Pending'),
    );
  }
  const sc = className ? ctx.lookup('StorageClass', className) : undefined;
  const waitsForConsumer =
    sc?.state === 'present' &&
    (sc.object as StorageClass).volumeBindingMode === 'WaitForFirstConsumer';
  // WaitForFirstConsumer claims are Pending until the launcher pod is scheduled: that is normal.
  if (waitsForConsumer && !ctx.pods.some((p) => p.spec?.nodeName))
    return {
      ...finding(
        'pvc.wait-for-first-consumer',
        'info',
        'StorageProvisioning',
        ctx.wantsRunning
          ? msg(
              'PersistentVolumeClaim "{{name}}" waits for its first consumer (StorageClass "{{className}}" uses WaitForFirstConsumer).',
              { name, className: className ?? '' },
            )
          : msg(
              'PersistentVolumeClaim "{{name}}" waits for its first consumer (StorageClass "{{className}}" uses WaitForFirstConsumer); the VM is stopped.',
              { name, className: className ?? '' },
            ),
        [objectEvidence(pvc, 'PersistentVolumeClaim', 'status.phase', 'Pending')],
      ),
      role: 'transition',
    };
  const pendingMinutes = minutesSince(ctx, pvc.metadata?.creationTimestamp);
  // kube-controller-manager pv_controller only says it waits for the external
  // provisioner ("Waiting for a volume to be created either by the external provisioner '%s' ...")
  // and the provisioner never reported "External provisioner is provisioning volume": it is not
  // running or not registered.
  const waiting = events.find((e) => e.reason === 'ExternalProvisioning');
  const started = events.some((e) => e.reason === 'Provisioning');
  const provisioner =
    /external provisioner ['"]([^'"]+)['"]/.exec(waiting?.message ?? '')?.[1] ??
    pvc.metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'];
  if (waiting && !started && provisioner && pendingMinutes > STUCK_MINUTES && ctx.wantsRunning) {
    return finding(
      'pvc.provisioner-not-running',
      'critical',
      'StorageProvisioning',
      msg(
        'PersistentVolumeClaim "{{name}}" has waited {{duration}} for provisioner "{{provisioner}}" (StorageClass "{{className}}"), which never started provisioning it: the CSI driver is probably not running or not registered.',
        {
          name,
          duration: durationMessage(pendingMinutes),
          provisioner,
          className: className ?? '',
        },
      ),
      uniqueEvidence([
        objectEvidence(pvc, 'PersistentVolumeClaim', 'status.phase', 'Pending'),
        eventEvidence(waiting),
      ]),
    );
  }
  if (pendingMinutes > STUCK_MINUTES && ctx.wantsRunning) {
    return finding(
      'pvc.unbound',
      'critical',
      'StorageProvisioning',
      className
        ? msg(
            'PersistentVolumeClaim "{{name}}" has been Pending for {{duration}}; no volume was provisioned or bound.',
            { name, duration: durationMessage(pendingMinutes) },
          )
        : msg(
            'PersistentVolumeClaim "{{name}}" has been Pending for {{duration}}; no volume was provisioned or bound (it names no StorageClass).',
            { name, duration: durationMessage(pendingMinutes) },
          ),
      evidence('Pending'),
    );
  }
  return undefined;
};

/** Volume names an attach/mount event lists: `volume "x"` and kubelet's `unmounted volumes=[a b]`. */
const namedVolumes = (message: string): string[] => [
  ...[...message.matchAll(/volume "([^"]+)"/gi)].map((m) => m[1]),
  ...[...message.matchAll(/(?:unmounted|unattached) volumes=\[([^\]]*)\]/gi)].flatMap((m) =>
    m[1].split(/[\s,]+/).filter(Boolean),
  ),
];

/**
 * A bound claim the scheduled launcher pod cannot attach or mount: attachdetach-controller
 * FailedAttachVolume ("Multi-Attach error for volume %q ...", CSI ControllerPublish errors) or
 * kubelet FailedMount ("MountVolume.SetUp failed for volume %q : %v"). The pod stays
 * ContainerCreating and the VM only says Starting. Secrets/ConfigMaps have their own rule.
 */
/**
 * "Multi-Attach error … Volume is already used by pod(s) X" (kube-controller-manager attach-detach
 * controller) where X is an earlier launcher of the same VM still terminating on a node that is
 * not Ready: the volume is held because that node cannot confirm the old pod is gone, a node
 * problem (rules/stuckTermination.ts names it); the attach error only follows from it.
 */
const heldByStrandedLauncher = (ctx: RuleContext, message: string): boolean => {
  const users = /already used by pod\(s\) ([^\s].*)$/i.exec(message)?.[1]?.split(/[,\s]+/) ?? [];
  return ctx.snapshot.pods.some((p) => {
    if (!users.includes(p.metadata?.name ?? '') || !p.metadata?.deletionTimestamp) return false;
    const node = ctx.snapshot.nodes.find((n) => n.metadata?.name === p.spec?.nodeName);
    const ready = findCondition(node, 'Ready');
    return !!node && ready?.status !== 'True';
  });
};

/**
 * Attach/mount/map errors saying the claim's backing volume no longer exists on the storage side:
 * - the rbd CLI's "rbd: error opening image %s: (2) No such file or directory" (ceph
 *   src/tools/rbd/Utils.cc open_image; ceph-csi maps exactly that to ErrImageNotFound, and
 *   kubernetes' in-tree rbd plugin documents it as "image does not exist"), which ceph-csi's
 *   NodeStage repeats in "rbd: map failed with error …, rbd error output: …" (ceph-csi
 *   internal/rbd/rbd_attach.go). A bare "rbd: map failed: (2) No such file or directory" is not
 *   enough: the kernel client also returns ENOENT when it cannot reach the monitors
 *   (ceph/ceph-csi#3076, "failed to get mon address").
 * - "rbd image %s does not exist" / "image %s not found" as CSI drivers word it;
 * - a CSI gRPC status NotFound (ControllerPublish/NodeStage/NodePublish, CSI spec: "Volume does
 *   not exist") about the volume, not about the node or instance.
 */
const BACKING_MISSING = [
  /error opening image \S+: \(2\) No such file or directory/i,
  /\b(?:rbd )?image \S+ (?:does not exist|not found)/i,
  /code = NotFound desc = (?![^\n]*\b(?:node|instance)\b)[^\n]*\b(?:volume|image|disk)\b/i,
];
const backingMissing = (message: string): boolean => BACKING_MISSING.some((p) => p.test(message));

const attachProblem = (ctx: RuleContext, pvcs: PersistentVolumeClaim[]): Finding | undefined => {
  const pod = ctx.pods[0];
  if (!pod || !ctx.wantsRunning || pod.status?.phase !== 'Pending' || !pod.spec?.nodeName)
    return undefined;
  const podVolumes = (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []) as {
    name?: string;
    persistentVolumeClaim?: { claimName?: string };
  }[];
  const claimOf = (volume: string): PersistentVolumeClaim | undefined =>
    pvcs.find(
      (p) =>
        p.spec?.volumeName === volume ||
        podVolumes.some(
          (v) => v.name === volume && v.persistentVolumeClaim?.claimName === p.metadata?.name,
        ),
    );
  const events = eventsFor(ctx.snapshot, 'Pod', pod.metadata?.name).filter(
    (e) =>
      e.type === 'Warning' &&
      // kubelet reports block-mode (volumeMode: Block, the usual VM disk) failures as
      // FailedMapVolume ("MapVolume.SetUpDevice failed for volume %q"), filesystem ones as FailedMount.
      (e.reason === 'FailedAttachVolume' ||
        e.reason === 'FailedMount' ||
        e.reason === 'FailedMapVolume') &&
      !MISSING_SECRET_MESSAGE.test(e.message ?? ''),
  );
  const about = events.filter((e) => namedVolumes(e.message ?? '').some((v) => claimOf(v)));
  // The attach error is the specific one; kubelet's "timed out waiting for the condition" follows it.
  const gone = about.find((e) => backingMissing(e.message ?? ''));
  const chosen =
    gone ??
    about.find((e) => e.reason === 'FailedAttachVolume') ??
    about.find((e) => e.reason === 'FailedMapVolume') ??
    about[0];
  if (!chosen) return undefined;
  const claim = namedVolumes(chosen.message ?? '')
    .map(claimOf)
    .find(Boolean) as PersistentVolumeClaim;
  const name = claim.metadata?.name ?? '';
  const claimEvidence = objectEvidence(
    claim,
    'PersistentVolumeClaim',
    'spec.volumeName',
    claim.spec?.volumeName ?? '',
  );
  if (gone) {
    // Claim and PV may both read Bound: only the storage backend knows the volume is gone, and
    // no retry mounts it again; its data has to come back from a backup or snapshot.
    return finding(
      'pvc.backing-volume-missing',
      'critical',
      'MissingVolume',
      msg(
        'The backing volume of PersistentVolumeClaim "{{name}}" (PersistentVolume "{{pv}}") no longer exists on the storage side, so node "{{node}}" cannot mount it: {{message}}',
        {
          name,
          pv: claim.spec?.volumeName ?? '',
          node: pod.spec.nodeName,
          message: gone.message ?? '',
        },
      ),
      uniqueEvidence([
        eventEvidence(gone),
        claimEvidence,
        ...about
          .filter((e) => e !== gone)
          .slice(0, 1)
          .map(eventEvidence),
      ]),
    );
  }
  return finding(
    'pvc.attach-failed',
    heldByStrandedLauncher(ctx, chosen.message ?? '') ? 'warning' : 'critical',
    'StorageProvisioning',
    chosen.reason === 'FailedAttachVolume'
      ? msg(
          'The volume of PersistentVolumeClaim "{{name}}" cannot be attached to node "{{node}}": {{message}}',
          { name, node: pod.spec.nodeName, message: chosen.message ?? '' },
        )
      : msg(
          'The volume of PersistentVolumeClaim "{{name}}" cannot be mounted on node "{{node}}": {{message}}',
          { name, node: pod.spec.nodeName, message: chosen.message ?? '' },
        ),
    uniqueEvidence([
      eventEvidence(chosen),
      claimEvidence,
      ...about
        .filter((e) => e !== chosen)
        .slice(0, 2)
        .map(eventEvidence),
    ]),
  );
};
