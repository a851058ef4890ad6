import { msg } from '../messages';
/**
 * Disks cloned from a boot source: the clone is refused (no permission in the source namespace) or
 * the DataSource it names does not exist. Both stop before any DataVolume work starts, so the
 * DataVolume rule sees nothing failing — only "Provisioning"/"Stopped" on the VM.
 *
 * Message sources:
 * - kubevirt/kubevirt pkg/virt-controller/watch/vm (handleDataVolumes): Warning event reason
 *   `UnauthorizedDataVolumeCreate`, "Not authorized to create DataVolume %s: %v".
 * - kubevirt/containerized-data-importer clone authorization (SubjectAccessReview on
 *   datavolumes/source, pkg/apis/core/v1beta1 authorize): "User %s has insufficient permissions in
 *   clone source namespace %s" — also what virt-api's VM admission returns ("Authorization failed,
 *   message is: …").
 * - k8s.io/apimachinery pkg/api/errors NewNotFound: `%s "%s" not found` with the qualified resource
 *   (`datasources.cdi.kubevirt.io "fedora" not found`), how a missing DataSource is reported by the
 *   virt-controller clone-source lookup and by CDI's DataVolume controller.
 */
import { bootSourceState } from '../bootSources';
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  vmEvidence,
  type RuleContext,
} from '../context';
import type { DataVolume, Evidence, Finding, K8sEvent } from '../model';
import { importProblem, NOT_STARTED_PHASES } from './dataVolumeImport';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

export const CLONE_UNAUTHORIZED_MESSAGE =
  /User "?([^\s"]+)"? has insufficient permissions in clone source namespace "?([^\s":]+)"?/i;
export const DATASOURCE_NOT_FOUND_MESSAGE =
  /datasources?(?:\.cdi\.kubevirt\.io)? "([^"]+)" not found/i;

interface TemplateSource {
  dv: string;
  index: number;
  kind: 'DataSource' | 'PVC' | 'Snapshot';
  name: string;
  namespace?: string;
}

/** Clone sources named by the VM's dataVolumeTemplates (sourceRef or source.pvc/snapshot). */
const templateSources = (vm: { spec?: Record<string, unknown> }): TemplateSource[] => {
  const templates =
    (vm.spec?.dataVolumeTemplates as
      { metadata?: { name?: string }; spec?: DataVolume['spec'] }[] | undefined) ?? [];
  const out: TemplateSource[] = [];
  templates.forEach((t, index) => {
    const dv = t.metadata?.name ?? '';
    const ref = t.spec?.sourceRef;
    if (ref?.name)
      out.push({ dv, index, kind: 'DataSource', name: ref.name, namespace: ref.namespace });
    const source = (t.spec?.source ?? {}) as Record<string, { name?: string; namespace?: string }>;
    for (const [key, kind] of [
      ['pvc', 'PVC'],
      ['snapshot', 'Snapshot'],
    ] as const) {
      if (source[key]?.name)
        out.push({
          dv,
          index,
          kind,
          name: source[key].name ?? '',
          namespace: source[key].namespace,
        });
    }
  });
  return out;
};

const warningTexts = (events: K8sEvent[]): K8sEvent[] =>
  events.filter((e) => e.type === 'Warning' && e.message);

export const cloneSourceRule: DiagnosisRule = {
  id: 'clone-source',
  category: 'DataVolumeImport',
  checkName: msg('Boot sources exist and may be cloned'),
  reads: ['Event'],
  unverified: (ctx) =>
    (ctx.snapshot.bootSources?.unreadable ?? []).map((u) =>
      msg(
        'the {{kind}} list of boot-source namespace {{namespace}} could not be read ({{reason}})',
        {
          kind: u.kind,
          namespace: u.namespace,
          reason: u.reason,
        },
      ),
    ),
  evaluate: (ctx) => {
    const sources = templateSources(ctx.vm);
    if (sources.length === 0) return [];
    const findings: Finding[] = [];
    const dvByName = new Map(ctx.snapshot.dataVolumes.map((d) => [d.metadata?.name ?? '', d]));
    const vmEvents = warningTexts(eventsFor(ctx.snapshot, 'VirtualMachine', ctx.name));
    for (const source of sources) {
      const dv = dvByName.get(source.dv);
      if (dv?.status?.phase === 'Succeeded') continue;
      const dvEvents = warningTexts(eventsFor(ctx.snapshot, 'DataVolume', source.dv));
      const related = [
        ...vmEvents.filter((e) => (e.message ?? '').includes(source.dv)),
        ...dvEvents,
      ];
      const dvConditions = (dv?.status?.conditions ?? []).filter(
        (c) => c.status !== 'True' && c.message,
      );
      const sourceNs = source.namespace ?? ctx.namespace;
      const fieldPath =
        source.kind === 'DataSource'
          ? `spec.dataVolumeTemplates[${source.index}].spec.sourceRef`
          : `spec.dataVolumeTemplates[${source.index}].spec.source.${source.kind.toLowerCase()}`;

      const missing = [
        ...related
          .filter((e) => DATASOURCE_NOT_FOUND_MESSAGE.test(e.message ?? ''))
          .map(eventEvidence),
        ...(dv
          ? dvConditions
              .filter((c) => DATASOURCE_NOT_FOUND_MESSAGE.test(c.message ?? ''))
              .map((c) => conditionEvidence(dv, 'DataVolume', c))
          : []),
      ];
      if (source.kind === 'DataSource' && missing.length > 0) {
        findings.push(
          finding(
            'dv.boot-source-missing',
            'critical',
            'DataVolumeImport',
            msg(
              'DataSource "{{name}}" in namespace {{sourceNs}}, the boot source of disk "{{dv}}", does not exist, so the disk is never cloned.',
              { name: source.name, sourceNs, dv: source.dv },
            ),
            uniqueEvidence([
              vmEvidence(ctx, fieldPath, `${sourceNs}/${source.name}`),
              ...missing,
              { kind: 'DataSource', name: source.name, namespace: sourceNs, value: 'not found' },
            ]),
          ),
        );
        continue;
      }
      if (source.kind === 'DataSource') {
        const waiting = bootSourceFinding(ctx, source, sourceNs, fieldPath, dv);
        if (waiting) {
          findings.push(waiting);
          continue;
        }
      }

      const refused = related.filter(
        (e) =>
          CLONE_UNAUTHORIZED_MESSAGE.test(e.message ?? '') ||
          (e.reason === 'UnauthorizedDataVolumeCreate' &&
            !DATASOURCE_NOT_FOUND_MESSAGE.test(e.message ?? '')),
      );
      const failure = findCondition(ctx.vm, 'Failure');
      const refusedText =
        refused[0]?.message ??
        (failure?.status === 'True' && CLONE_UNAUTHORIZED_MESSAGE.test(failure.message ?? '')
          ? failure.message
          : undefined);
      if (refusedText) {
        const [, user, ns] = CLONE_UNAUTHORIZED_MESSAGE.exec(refusedText) ?? [];
        const evidence: Evidence[] = [
          vmEvidence(ctx, fieldPath, `${sourceNs}/${source.name}`),
          ...refused.slice(0, 2).map(eventEvidence),
          ...(failure?.status === 'True' && !refused.length
            ? [conditionEvidence(ctx.vm, 'VirtualMachine', failure)]
            : []),
        ];
        findings.push(
          finding(
            'dv.clone-unauthorized',
            'critical',
            'DataVolumeImport',
            msg(
              'Cloning disk "{{dv}}" from {{kind}} "{{name}}" in namespace {{ns}} is refused: {{user}} may not clone from that namespace (datavolumes/source permission).',
              {
                dv: source.dv,
                kind: source.kind,
                name: source.name,
                ns: ns ?? sourceNs,
                user: user ?? msg('the ServiceAccount'),
              },
            ),
            uniqueEvidence(evidence),
          ),
        );
      }
    }
    return findings;
  },
};

/**
 * A disk whose boot source has no image yet: the DataImportCron's import of it fails (the decisive
 * error is there), or the DataSource is not ready and points to a claim that does not exist.
 */
const bootSourceFinding = (
  ctx: RuleContext,
  source: TemplateSource,
  sourceNs: string,
  fieldPath: string,
  dv: DataVolume | undefined,
): Finding | undefined => {
  const objects = ctx.snapshot.bootSources;
  if (!objects || !NOT_STARTED_PHASES.has(dv?.status?.phase ?? '')) return undefined;
  const state = bootSourceState({ dv: source.dv, name: source.name, namespace: sourceNs }, objects);
  const ready = findCondition(state.dataSource, 'Ready');
  if (!state.dataSource || ready?.status === 'True') return undefined;
  const base: Evidence[] = [
    vmEvidence(ctx, fieldPath, `${sourceNs}/${source.name}`),
    ready
      ? conditionEvidence(state.dataSource, 'DataSource', ready)
      : objectEvidence(state.dataSource, 'DataSource'),
  ];
  const problem = state.importDv ? importProblem(state.importDv) : undefined;
  const cronName = state.cron?.metadata?.name;
  const importName = state.importDv?.metadata?.name ?? '';
  if (problem) {
    const params = { dv: source.dv, name: source.name, ns: sourceNs, importDv: importName };
    return finding(
      'dv.boot-source-import-failed',
      'critical',
      'DataVolumeImport',
      cronName
        ? msg(
            'Disk "{{dv}}" waits for boot source "{{name}}" in namespace {{ns}}, which has no image: DataImportCron "{{cron}}" cannot import it (DataVolume "{{importDv}}"): {{detail}}',
            { ...params, cron: cronName, detail: problem.detail },
          )
        : msg(
            'Disk "{{dv}}" waits for boot source "{{name}}" in namespace {{ns}}, which has no image: the import of its claim fails (DataVolume "{{importDv}}"): {{detail}}',
            { ...params, detail: problem.detail },
          ),
      uniqueEvidence([
        ...base,
        ...(state.cron ? [objectEvidence(state.cron, 'DataImportCron')] : []),
        ...problem.evidence,
      ]),
    );
  }
  // An import under way is a transition; a Ready=False for another reason says nothing here.
  const claimAbsent =
    ready?.reason === 'NotFound' ||
    (dv?.status?.conditions ?? []).some((c) => c.reason === 'CloneWithoutSource');
  if (state.importDv || !claimAbsent) return undefined;
  const claim = state.claim ? `${state.claim.namespace}/${state.claim.name}` : '';
  return finding(
    'dv.boot-source-not-ready',
    'critical',
    'DataVolumeImport',
    msg(
      'Boot source "{{name}}" in namespace {{ns}} is not ready ({{reason}}): the claim {{claim}} it points to does not exist, so disk "{{dv}}" is never cloned.',
      {
        name: source.name,
        ns: sourceNs,
        reason: ready?.reason ?? msg('no Ready condition'),
        claim: claim || msg('(none)'),
        dv: source.dv,
      },
    ),
    uniqueEvidence([
      ...base,
      ...(state.cron ? [objectEvidence(state.cron, 'DataImportCron')] : []),
    ]),
  );
};
