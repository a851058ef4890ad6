import { joinMessages, msg } from '../messages';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  vmEvidence,
} from '../context';
import { isImagePullEvent } from '../eventPatterns';
import type { Evidence, Finding } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);
const IMAGE_IN_MESSAGE = /image "([^"]+)"/i;

/**
 * A containerDisk, kernel-boot or launcher image that cannot be pulled. KubeVirt surfaces it as
 * printableStatus ErrImagePull/ImagePullBackOff, copied from the launcher pod's container states.
 */
export const imagePullRule: DiagnosisRule = {
  id: 'image-pull',
  category: 'ImagePull',
  checkName: msg('Container disk and launcher images can be pulled'),
  evaluate: (ctx) => {
    const evidence: Evidence[] = [];
    const images = new Set<string>();
    if (PULL_REASONS.has(ctx.printableStatus))
      evidence.push(vmEvidence(ctx, 'status.printableStatus', ctx.printableStatus));
    const sync = findCondition(ctx.snapshot.vmi, 'Synchronized');
    if (ctx.snapshot.vmi && sync?.status === 'False' && PULL_REASONS.has(sync.reason ?? '')) {
      evidence.push(conditionEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', sync));
    }
    for (const pod of ctx.pods.slice(0, 1)) {
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []).map((s, i) => ({
          s,
          path: `status.initContainerStatuses[${i}]`,
        })),
        ...(pod.status?.containerStatuses ?? []).map((s, i) => ({
          s,
          path: `status.containerStatuses[${i}]`,
        })),
      ];
      for (const { s, path } of statuses) {
        const reason = s.state?.waiting?.reason;
        if (!reason || !PULL_REASONS.has(reason)) continue;
        if (s.image) images.add(s.image);
        evidence.push(
          objectEvidence(
            pod,
            'Pod',
            `${path}.state.waiting`,
            `${s.name}: ${reason}${s.state?.waiting?.message ? ` (${s.state.waiting.message})` : ''}`,
          ),
        );
      }
    }
    const podNames = new Set(ctx.pods.map((p) => p.metadata?.name));
    const events = eventsFor(ctx.snapshot, 'Pod').filter(
      (e) =>
        podNames.has(e.involvedObject?.name) && isImagePullEvent(e.reason ?? '', e.message ?? ''),
    );
    for (const e of events) {
      const image = IMAGE_IN_MESSAGE.exec(e.message ?? '')?.[1];
      if (image) images.add(image);
    }
    evidence.push(...events.slice(0, 3).map(eventEvidence));
    if (evidence.length === 0) return [];
    // Old pull failures of a VM that now runs are history, not a problem.
    if (ctx.printableStatus === 'Running' && evidence.every((e) => e.event)) return [];

    // Point at the VM field that names the image, when we can.
    const volumes = ctx.vm.spec?.template?.spec?.volumes ?? [];
    volumes.forEach((v, i) => {
      const image = v.containerDisk?.image;
      if (image && (images.size === 0 || images.has(image))) {
        images.add(image);
        evidence.push(
          vmEvidence(ctx, `spec.template.spec.volumes[${i}].containerDisk.image`, image),
        );
      }
    });
    const detail = events.find((e) => /failed to pull/i.test(e.message ?? ''))?.message;
    const imageList = [...images].map((i) => `"${i}"`).join(', ');
    // A registry that refuses the pull although the disk names a pull secret: the secret exists
    // (else the missing-Secret rule speaks) but is not used — wrong type (the kubelet only reads
    // kubernetes.io/dockerconfigjson and dockercfg), wrong registry or expired credentials.
    const pullSecrets = [
      ...new Set(
        volumes
          .filter((v) => v.containerDisk?.image && images.has(v.containerDisk.image))
          .map((v) => (v.containerDisk as { imagePullSecret?: string }).imagePullSecret)
          .filter((n): n is string => !!n),
      ),
    ];
    const refused = /unauthorized|authentication required|denied|forbidden|\b401\b|\b403\b/i.test(
      detail ?? '',
    );
    const findings: Finding[] = [
      finding(
        'vm.image-pull',
        'critical',
        'ImagePull',
        joinMessages([
          imageList
            ? msg('The image {{image}} cannot be pulled, so the virt-launcher pod cannot start.', {
                image: imageList,
              })
            : msg(
                'The image of a container disk cannot be pulled, so the virt-launcher pod cannot start.',
              ),
          ...(detail ? [{ template: '{{detail}}', params: { detail } }] : []),
          ...(refused && pullSecrets.length > 0
            ? [
                msg(
                  'The registry refused the credentials of pull secret {{secrets}}: check that it is of type kubernetes.io/dockerconfigjson, for this registry, and not expired.',
                  { secrets: pullSecrets.map((n) => `"${n}"`).join(', ') },
                ),
              ]
            : []),
        ]),
        uniqueEvidence(evidence),
      ),
    ];
    return findings;
  },
};
