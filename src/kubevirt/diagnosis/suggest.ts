import { msg, renderMessage, type Message } from './messages';
import type { Diagnosis, Evidence, Finding, Risk, Suggestion, VmSnapshot } from './model';

/** POSIX single-quoting; plain words (names, flags, paths) stay bare for readability. */
export const shellQuote = (arg: string): string =>
  /^[A-Za-z0-9._/:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;

const sh = (...args: string[]): string => args.map(shellQuote).join(' ');

/** `oc patch vm` of the diagnosed VM with a JSON (RFC 6902) or merge patch. */
const patchVm = (
  c: Pick<FixContext, 'vm' | 'ns'>,
  type: 'json' | 'merge',
  patch: unknown,
): string =>
  sh('oc', 'patch', 'vm', c.vm, '-n', c.ns, `--type=${type}`, '-p', JSON.stringify(patch));

interface FixContext {
  vm: string;
  ns: string;
  finding: Finding;
  snapshot: VmSnapshot;
  pod?: string;
}

type Template = (c: FixContext) => Omit<Suggestion, 'ruleId'>[];

/** Every admission webhook configuration of the cluster (to find the one named in a refusal). */
const LIST_WEBHOOKS = sh(
  'oc',
  'get',
  'mutatingwebhookconfigurations,validatingwebhookconfigurations',
  '-o',
  'name',
);

const evidenceOf = (f: Finding, kind: string): Evidence | undefined =>
  f.evidence.find((e) => e.kind === kind && e.name);
/** Title and description are Messages (translated by the plugin), rendered in English here. */
const suggestion = (
  title: Message,
  description: Message,
  commands: string[],
  risk: Risk,
): Omit<Suggestion, 'ruleId'> => ({
  title: renderMessage(title),
  description: renderMessage(description),
  commands,
  risk,
  titleText: title,
  descriptionText: description,
});

/** Changing the VM spec takes effect on the next start: edit, then restart. */
const editAndRestart = (c: FixContext): string[] => [
  sh('oc', 'edit', 'vm', c.vm, '-n', c.ns),
  sh('virtctl', 'restart', c.vm, '-n', c.ns),
];

const inspectEvents = (c: FixContext): string =>
  sh(
    'oc',
    'get',
    'events',
    '-n',
    c.ns,
    '--sort-by=.lastTimestamp',
    '--field-selector',
    `involvedObject.name=${c.pod ?? c.vm}`,
  );

/**
 * Sub-causes of a failing CDI import, read from the importer's message. Sources (CDI
 * pkg/importer): http-datasource "expected status code 200, got %d. Status: %s"; Go's TLS client
 * "x509: certificate signed by unknown authority"; registry "unauthorized: authentication
 * required" / "denied"; pkg/common ScratchSpaceRequired "scratch space required and none found".
 */
const importSubCauseFixes = (c: FixContext, dv: string): Omit<Suggestion, 'ruleId'>[] => {
  const text = findingText(c.finding);
  const editSource = sh('oc', 'edit', 'vm', c.vm, '-n', c.ns);
  if (/x509|certificate signed by unknown authority|tls: failed to verify/i.test(text))
    return [
      suggestion(
        msg("Trust the source server's certificate authority"),
        msg(
          'The importer does not trust the TLS certificate of the source. Put the CA bundle in a ConfigMap in {{ns}} and name it in the DataVolume source (certConfigMap), then re-create the DataVolume.',
          { ns: c.ns },
        ),
        [
          sh(
            'oc',
            'create',
            'configmap',
            `${dv}-source-ca`,
            '-n',
            c.ns,
            '--from-file=ca.pem=./ca.pem',
          ),
          editSource,
          sh('oc', 'delete', 'datavolume', dv, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  if (/\b(401|403)\b|unauthorized|authentication required|denied|forbidden/i.test(text))
    return [
      suggestion(
        msg('Give the importer credentials for the source'),
        msg(
          "The source refused the importer's request. Create a Secret with accessKeyId/secretKey (HTTP, S3) or registry credentials in {{ns}} and name it in the DataVolume source (secretRef), then re-create the DataVolume.",
          { ns: c.ns },
        ),
        [
          sh(
            'oc',
            'create',
            'secret',
            'generic',
            `${dv}-source-auth`,
            '-n',
            c.ns,
            '--from-literal=accessKeyId=USER',
            '--from-literal=secretKey=PASSWORD',
          ),
          editSource,
          sh('oc', 'delete', 'datavolume', dv, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  if (/\b404\b|not found/i.test(text))
    return [
      suggestion(
        msg('Correct the source URL'),
        msg(
          'The source server answers 404: the image path or tag is wrong. Check the URL, fix it in the dataVolumeTemplates, then re-create the DataVolume.',
        ),
        [
          sh('oc', 'get', 'datavolume', dv, '-n', c.ns, '-o', 'jsonpath={.spec.source}'),
          editSource,
          sh('oc', 'delete', 'datavolume', dv, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  if (/scratch space/i.test(text))
    return [
      suggestion(
        msg('Make scratch space available'),
        msg(
          'This import needs a temporary scratch claim and it cannot be provisioned. Check the scratch PVC and the scratch storage class (CDI spec.config.scratchSpaceStorageClass).',
        ),
        [
          sh('oc', 'get', 'pvc', '-n', c.ns),
          sh('oc', 'get', 'cdi', '-o', 'jsonpath={.items[0].spec.config.scratchSpaceStorageClass}'),
          sh('oc', 'get', 'storageclass'),
        ],
        'low',
      ),
    ];
  return [];
};

const TEMPLATES: Record<string, Template> = {
  'secret.missing': (c) => {
    const name =
      evidenceOf(c.finding, 'Secret')?.name ??
      /Secret "([^"]+)"/.exec(c.finding.message)?.[1] ??
      'SECRET_NAME';
    return [
      suggestion(
        msg('Create the Secret "{{name}}"', { name }),
        msg(
          'Create Secret {{name}} in namespace {{ns}} with the keys the VM expects (for cloud-init: "userdata"). The pending virt-launcher pod mounts it on its next retry.',
          { name, ns: c.ns },
        ),
        [
          sh('oc', 'get', 'vm', c.vm, '-n', c.ns, '-o', 'jsonpath={.spec.template.spec.volumes}'),
          sh(
            'oc',
            'create',
            'secret',
            'generic',
            name,
            '-n',
            c.ns,
            '--from-file=userdata=./cloud-init.yaml',
          ),
        ],
        'low',
      ),
      suggestion(
        msg('Restart the VM if it stays Starting'),
        msg('If the launcher pod does not recover after the Secret exists, restart the VM.'),
        [sh('virtctl', 'restart', c.vm, '-n', c.ns)],
        'medium',
      ),
    ];
  },
  'configmap.missing': (c) => {
    const name =
      evidenceOf(c.finding, 'ConfigMap')?.name ??
      /ConfigMap "([^"]+)"/.exec(c.finding.message)?.[1] ??
      'CONFIGMAP_NAME';
    return [
      suggestion(
        msg('Create the ConfigMap "{{name}}"', { name }),
        msg('Create ConfigMap {{name}} in namespace {{ns}} with the files the VM expects.', {
          name,
          ns: c.ns,
        }),
        [sh('oc', 'create', 'configmap', name, '-n', c.ns, '--from-file=./unattend.xml')],
        'low',
      ),
    ];
  },
  'net.nad-missing': (c) => {
    const nad = evidenceOf(c.finding, 'NetworkAttachmentDefinition');
    const ns = nad?.namespace ?? c.ns;
    return [
      suggestion(
        msg('Create NetworkAttachmentDefinition "{{name}}"', { name: nad?.name ?? 'NAD_NAME' }),
        msg(
          'Create the NetworkAttachmentDefinition in namespace {{ns}}, or point the VM at an existing one.',
          { ns },
        ),
        [
          sh('oc', 'get', 'network-attachment-definitions', '-n', ns),
          sh('oc', 'apply', '-n', ns, '-f', './network-attachment-definition.yaml'),
        ],
        'low',
      ),
      suggestion(
        msg("Or change the VM's network"),
        msg(
          'Edit spec.template.spec.networks[].multus.networkName to an existing NetworkAttachmentDefinition, then restart.',
        ),
        editAndRestart(c),
        'medium',
      ),
    ];
  },
  'net.nad-invalid': (c) => {
    const nad = evidenceOf(c.finding, 'NetworkAttachmentDefinition');
    return [
      suggestion(
        msg('Fix the CNI config'),
        msg('spec.config must be a JSON CNI configuration with a plugin "type".'),
        [
          sh(
            'oc',
            'get',
            'network-attachment-definitions',
            nad?.name ?? 'NAD_NAME',
            '-n',
            nad?.namespace ?? c.ns,
            '-o',
            'yaml',
          ),
          sh(
            'oc',
            'edit',
            'network-attachment-definitions',
            nad?.name ?? 'NAD_NAME',
            '-n',
            nad?.namespace ?? c.ns,
          ),
        ],
        'medium',
      ),
    ];
  },
  'net.attach-failed': (c) => {
    // The NAD itself, else the VM's network reference ("namespace/name").
    const nad = evidenceOf(c.finding, 'NetworkAttachmentDefinition');
    const ref = c.finding.evidence.find((e) => e.kind === 'VirtualMachine' && e.value)?.value;
    const [nadNs, nadName] = nad
      ? [nad.namespace ?? c.ns, nad.name]
      : ref?.includes('/')
        ? ref.split('/')
        : [c.ns, ref ?? 'NAD_NAME'];
    const showNad = sh(
      'oc',
      'get',
      'network-attachment-definitions',
      nadName,
      '-n',
      nadNs,
      '-o',
      'yaml',
    );
    if (/namespace isolation/i.test(findingText(c.finding)))
      return [
        suggestion(
          msg('Use a NetworkAttachmentDefinition in namespace {{ns}}', { ns: c.ns }),
          msg(
            'Multus namespace isolation lets the pod use only NetworkAttachmentDefinitions of {{ns}} or of a global namespace. Create the network in {{ns}} (same CNI config) and point spec.template.spec.networks[].multus.networkName at it, then restart; or ask the cluster admin to list {{nadNs}} in multus globalNamespaces.',
            { ns: c.ns, nadNs },
          ),
          [
            showNad,
            sh('oc', 'apply', '-n', c.ns, '-f', './network-attachment-definition.yaml'),
            ...editAndRestart(c),
          ],
          'medium',
        ),
      ];
    return [
      suggestion(
        msg("Check the secondary network's CNI configuration"),
        msg(
          "Multus reported the error while adding the pod to the network: check the NetworkAttachmentDefinition's CNI config and the plugin's prerequisites on the node (bridge, VLAN, IPAM range).",
        ),
        [showNad, inspectEvents(c)],
        'low',
      ),
    ];
  },
  'pvc.missing': (c) => {
    const pvc = evidenceOf(c.finding, 'PersistentVolumeClaim')?.name ?? 'PVC_NAME';
    return [
      suggestion(
        msg('Restore or create PVC "{{pvc}}"', { pvc }),
        msg(
          'The VM mounts PersistentVolumeClaim {{pvc}}; restore it from backup or create it, or remove the disk from the VM.',
          { pvc },
        ),
        [sh('oc', 'get', 'pvc', '-n', c.ns), sh('oc', 'apply', '-n', c.ns, '-f', './pvc.yaml')],
        'low',
      ),
      suggestion(
        msg('Or remove the disk from the VM'),
        msg('Edit the VM to drop (or repoint) the volume and its disk, then restart.'),
        editAndRestart(c),
        'high',
      ),
    ];
  },
  'dv.missing': (c) => {
    const dv = evidenceOf(c.finding, 'DataVolume')?.name ?? 'DV_NAME';
    return [
      suggestion(
        msg('Create DataVolume "{{dv}}" or add it as a dataVolumeTemplate', { dv }),
        msg('A DataVolume referenced only under volumes is never created by KubeVirt.'),
        [sh('oc', 'get', 'datavolumes', '-n', c.ns), sh('oc', 'edit', 'vm', c.vm, '-n', c.ns)],
        'medium',
      ),
    ];
  },
  'storage.class-missing': (c) => {
    const sc = evidenceOf(c.finding, 'StorageClass')?.name ?? 'STORAGECLASS';
    const dv = evidenceOf(c.finding, 'DataVolume')?.name;
    const commands = [
      sh('oc', 'get', 'storageclass'),
      ...(dv ? (templateStorageClassFix(c, dv, 'replace') ?? []) : []),
    ];
    return [
      suggestion(
        msg('Use an existing StorageClass instead of "{{sc}}"', { sc }),
        msg(
          'StorageClass {{sc}} does not exist. Point the disk at an existing class (replace EXISTING_STORAGECLASS); deleting the never-bound DataVolume lets KubeVirt recreate it from the template.',
          { sc },
        ),
        commands,
        'medium',
      ),
    ];
  },
  'storage.no-default-class': (c) => [
    ...setStorageClass(c),
    suggestion(
      msg('Or mark a StorageClass as default'),
      msg(
        'Claims without storageClassName need a default StorageClass; marking one default affects every future claim in the cluster.',
      ),
      [
        sh('oc', 'get', 'storageclass'),
        sh(
          'oc',
          'patch',
          'storageclass',
          'STORAGECLASS',
          '-p',
          '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}',
        ),
      ],
      'medium',
    ),
  ],
  'pvc.provisioning-failed': (c) =>
    pvcInspect(
      c,
      msg(
        'The provisioner reports an error; check the StorageClass parameters, quotas and the CSI driver.',
      ),
    ),
  'pvc.prime-provisioning-failed': (c) => {
    // The event names the staging claim; the status.phase evidence is the VM's own claim.
    const prime = c.finding.evidence.find((e) => e.event && e.kind === 'PersistentVolumeClaim');
    const target = c.finding.evidence.find(
      (e) => e.kind === 'PersistentVolumeClaim' && e.fieldPath === 'status.phase',
    );
    const primeName = prime?.name ?? 'PRIME_PVC_NAME';
    return [
      suggestion(
        msg('Read the provisioning error of claim "{{prime}}"', { prime: primeName }),
        msg(
          'CDI provisions claim {{prime}} for {{pvc}} and moves its volume over when it is filled. Its provisioner reports the error: free space on the storage backend (or use another StorageClass), check the class parameters and the CSI driver.',
          { prime: primeName, pvc: target?.name ?? 'PVC_NAME' },
        ),
        [
          sh('oc', 'describe', 'pvc', primeName, '-n', c.ns),
          sh(
            'oc',
            'get',
            'events',
            '-n',
            c.ns,
            '--sort-by=.lastTimestamp',
            '--field-selector',
            `involvedObject.name=${primeName}`,
          ),
          sh('oc', 'get', 'storageclass'),
        ],
        'low',
      ),
    ];
  },
  'pvc.unbound': (c) =>
    claimWithoutClass(c)
      ? setStorageClass(c)
      : pvcInspect(
          c,
          msg(
            'No volume was provisioned or bound. Check the StorageClass provisioner and, for static classes, that a matching PersistentVolume exists.',
          ),
        ),
  'pvc.lost': (c) =>
    pvcInspect(
      c,
      msg(
        "The claim's PersistentVolume is gone. Restore the volume from backup; the data on the lost volume is not reachable.",
      ),
    ),
  'dv.import-failed': (c) => {
    const dv = evidenceOf(c.finding, 'DataVolume')?.name ?? 'DV_NAME';
    return [
      ...importSubCauseFixes(c, dv),
      suggestion(
        msg('Inspect DataVolume "{{dv}}" and its importer', { dv }),
        msg(
          'The importer pod log shows why the source cannot be read (URL, credentials, certificate, checksum, image registry).',
        ),
        [
          sh('oc', 'describe', 'datavolume', dv, '-n', c.ns),
          sh('oc', 'get', 'pods', '-n', c.ns, '-l', 'app=containerized-data-importer'),
          sh('oc', 'logs', '-n', c.ns, '-l', 'app=containerized-data-importer', '--tail=50'),
        ],
        'low',
      ),
      suggestion(
        msg('Fix the source and re-create the DataVolume'),
        msg(
          "Correct the source in the VM's dataVolumeTemplates, then delete the failed DataVolume so KubeVirt recreates it (its partial data is discarded).",
        ),
        [
          sh('oc', 'edit', 'vm', c.vm, '-n', c.ns),
          sh('oc', 'delete', 'datavolume', dv, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  },
  'dv.clone-unauthorized': (c) => {
    const text = c.finding.evidence.map((e) => e.event?.message ?? e.value ?? '').join('\n');
    const m =
      /User "?([^\s"]+)"? has insufficient permissions in clone source namespace "?([^\s":]+)"?/i.exec(
        text,
      );
    const user = m?.[1] ?? `system:serviceaccount:${c.ns}:default`;
    const sourceNs = m?.[2] ?? 'SOURCE_NAMESPACE';
    const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(user);
    return [
      suggestion(
        msg('Allow {{user}} to clone from namespace {{sourceNs}}', { user, sourceNs }),
        msg(
          'CDI checks "create datavolumes/source" in the source namespace for the VM\'s ServiceAccount. An administrator of {{sourceNs}} grants it with a ClusterRole on datavolumes/source and a RoleBinding there; KubeVirt retries the DataVolume on its own.',
          { sourceNs },
        ),
        [
          sh('oc', 'auth', 'can-i', 'create', 'datavolumes/source', '-n', sourceNs, `--as=${user}`),
          sh(
            'oc',
            'create',
            'clusterrole',
            'datavolume-cloner',
            '--verb=create',
            '--resource=datavolumes.cdi.kubevirt.io/source',
          ),
          sh(
            'oc',
            'create',
            'rolebinding',
            `${c.ns}-clone`,
            '-n',
            sourceNs,
            '--clusterrole=datavolume-cloner',
            sa ? `--serviceaccount=${sa[1]}:${sa[2]}` : `--user=${user}`,
          ),
        ],
        'medium',
      ),
    ];
  },
  'dv.clone-snapshot-failed': (c) => {
    const dv = evidenceOf(c.finding, 'DataVolume')?.name ?? 'DV_NAME';
    const snap = evidenceOf(c.finding, 'VolumeSnapshot');
    const snapNs = snap?.namespace ?? c.ns;
    const retry = suggestion(
      msg('Retry the clone once the snapshot can be taken'),
      msg(
        'Delete the DataVolume: KubeVirt recreates it from the dataVolumeTemplates and CDI takes a new snapshot of the source claim.',
      ),
      [sh('oc', 'delete', 'datavolume', dv, '-n', c.ns)],
      'medium',
    );
    const inspect = sh('oc', 'describe', 'volumesnapshot', snap?.name ?? 'SNAPSHOT', '-n', snapNs);
    if (/snapshot ?class/i.test(findingText(c.finding)))
      return [
        suggestion(
          msg('Give the clone a VolumeSnapshotClass of the source storage'),
          msg(
            "The snapshot names a VolumeSnapshotClass that does not exist. Create one for the source claim's CSI driver (or mark an existing one as default), or set the StorageProfile's cloneStrategy to copy so CDI clones without snapshots.",
          ),
          [
            inspect,
            sh('oc', 'get', 'volumesnapshotclass'),
            sh(
              'oc',
              'get',
              'storageprofile',
              '-o',
              'custom-columns=NAME:.metadata.name,CLONE:.status.cloneStrategy',
            ),
          ],
          'medium',
        ),
        retry,
      ];
    return [
      suggestion(
        msg('Fix what stops the storage from taking the snapshot'),
        msg(
          "The CSI driver refused the snapshot of the source claim (its error is in the finding: capacity, quota, driver state). Free capacity or fix the driver, or set the StorageProfile's cloneStrategy to copy.",
        ),
        [inspect, sh('oc', 'get', 'volumesnapshotcontent'), sh('oc', 'get', 'storageprofile')],
        'medium',
      ),
      retry,
    ];
  },
  'dv.stuck': (c) => {
    const dv = evidenceOf(c.finding, 'DataVolume')?.name ?? 'DV_NAME';
    const phase = c.finding.evidence.find((e) => e.fieldPath === 'status.phase')?.value ?? '';
    if (phase.startsWith('Upload'))
      return [
        suggestion(
          msg('Upload the disk image into DataVolume "{{dv}}"', { dv }),
          msg(
            'The DataVolume waits for an image through the CDI upload proxy. Upload it with virtctl (the route of cdi-uploadproxy must be reachable from where you run it).',
          ),
          [
            sh(
              'virtctl',
              'image-upload',
              'dv',
              dv,
              '-n',
              c.ns,
              '--no-create',
              '--image-path=./disk.img',
            ),
          ],
          'low',
        ),
      ];
    return [
      suggestion(
        msg('Find what holds DataVolume "{{dv}}" back', { dv }),
        msg(
          "Nothing reports an error: look at the claim the operation waits for, CDI's worker pods, and the CDI controller's log for this DataVolume.",
        ),
        [
          sh('oc', 'describe', 'datavolume', dv, '-n', c.ns),
          sh('oc', 'describe', 'pvc', dv, '-n', c.ns),
          sh('oc', 'get', 'pods', '-n', c.ns, '-l', 'app=containerized-data-importer'),
          sh('oc', 'logs', '-n', 'openshift-cnv', 'deployment/cdi-deployment', '--tail=200'),
        ],
        'low',
      ),
      suggestion(
        msg('Restart the operation'),
        msg(
          'Deleting the DataVolume discards the partial copy; KubeVirt recreates it from the dataVolumeTemplates and CDI starts over.',
        ),
        [sh('oc', 'delete', 'datavolume', dv, '-n', c.ns)],
        'medium',
      ),
    ];
  },
  'dv.boot-source-import-failed': (c) => {
    const ds = evidenceOf(c.finding, 'DataSource');
    const cron = evidenceOf(c.finding, 'DataImportCron');
    const importDv = evidenceOf(c.finding, 'DataVolume');
    const ns = ds?.namespace ?? cron?.namespace ?? c.ns;
    return [
      suggestion(
        msg('Fix the boot-source import in namespace {{ns}}', { ns }),
        msg(
          "The VM's disk clones a boot source whose image was never imported. Read the importer's error, then correct the image the DataImportCron imports (on OpenShift Virtualization its template lives in the HyperConverged resource, dataImportCronTemplates); the VM's disk clones as soon as an import succeeds.",
        ),
        [
          ...(importDv ? [sh('oc', 'describe', 'datavolume', importDv.name, '-n', ns)] : []),
          sh('oc', 'logs', '-n', ns, '-l', 'app=containerized-data-importer', '--tail=50'),
          ...(cron ? [sh('oc', 'describe', 'dataimportcron', cron.name, '-n', ns)] : []),
          sh('oc', 'edit', 'hyperconverged', 'kubevirt-hyperconverged', '-n', 'openshift-cnv'),
        ],
        'medium',
      ),
    ];
  },
  'dv.boot-source-not-ready': (c) => {
    const ds = evidenceOf(c.finding, 'DataSource');
    const name = ds?.name ?? 'DATASOURCE_NAME';
    const ns = ds?.namespace ?? c.ns;
    return [
      suggestion(
        msg('Give boot source "{{name}}" an image', { name }),
        msg(
          'The DataSource points to a claim that does not exist. Point it at an existing golden-image claim, or let its DataImportCron import one; the waiting disk is cloned once the DataSource is Ready.',
        ),
        [
          sh('oc', 'get', 'datasource', name, '-n', ns, '-o', 'yaml'),
          sh('oc', 'get', 'dataimportcron,pvc', '-n', ns),
          sh(
            'oc',
            'patch',
            'datasource',
            name,
            '-n',
            ns,
            '--type=merge',
            '-p',
            JSON.stringify({ spec: { source: { pvc: { name: 'CLAIM_NAME', namespace: ns } } } }),
          ),
        ],
        'medium',
      ),
    ];
  },
  'sched.pinned-node-unhealthy': (c) => {
    const claim = evidenceOf(c.finding, 'PersistentVolumeClaim');
    const node = claim?.value ?? evidenceOf(c.finding, 'Node')?.name ?? 'NODE_NAME';
    return [
      suggestion(
        msg('Bring node {{node}} back to health', { node }),
        msg(
          "The VM's data lives on a local volume of this node, so the VM can only run there. Relieve the node's pressure (or uncordon it); the scheduler places the launcher as soon as the taint is gone.",
        ),
        [
          sh('oc', 'describe', 'node', node),
          sh('oc', 'adm', 'top', 'node', node),
          sh('oc', 'get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`),
          ...(/cordoned/.test(findingText(c.finding)) ? [sh('oc', 'adm', 'uncordon', node)] : []),
        ],
        'medium',
      ),
      suggestion(
        msg('Or move the data off the node'),
        msg(
          'If the node cannot be fixed soon, restore the claim "{{claim}}" from a backup or snapshot onto storage other nodes can reach and point the VM at it.',
          { claim: claim?.name ?? 'CLAIM' },
        ),
        [
          sh('oc', 'get', 'pvc', claim?.name ?? 'CLAIM', '-n', c.ns, '-o', 'yaml'),
          sh('oc', 'edit', 'vm', c.vm, '-n', c.ns),
        ],
        'high',
      ),
    ];
  },
  'sched.selected-nodes-unhealthy': (c) => {
    const node = evidenceOf(c.finding, 'Node')?.name ?? 'NODE_NAME';
    return [
      suggestion(
        msg('Bring node {{node}} back to health', { node }),
        msg(
          "The VM's node selector/affinity admits only this node. Relieve its pressure or fix its readiness (or uncordon it); the scheduler places the launcher as soon as the taint is gone.",
        ),
        [
          sh('oc', 'describe', 'node', node),
          sh('oc', 'adm', 'top', 'node', node),
          ...(/cordoned/.test(findingText(c.finding)) ? [sh('oc', 'adm', 'uncordon', node)] : []),
        ],
        'medium',
      ),
      suggestion(
        msg("Or widen the VM's node selector/affinity"),
        msg(
          'If the VM does not need this very node (a local device, a licence), let it run on other nodes, then restart it.',
        ),
        editAndRestart(c),
        'high',
      ),
    ];
  },
  'pvc.backing-volume-missing': (c) => {
    const pvc = evidenceOf(c.finding, 'PersistentVolumeClaim');
    const claim = pvc?.name ?? 'PVC_NAME';
    const pv = pvc?.value || 'PV_NAME';
    return [
      suggestion(
        msg('Confirm on the storage backend that the volume of "{{pvc}}" is gone', { pvc: claim }),
        msg(
          "The claim and its PersistentVolume {{pv}} still exist, but the storage system reports that the volume behind them does not. Check the PersistentVolume's volumeHandle on the backend (for Ceph RBD: rbd info POOL/IMAGE).",
          { pv },
        ),
        [sh('oc', 'get', 'pv', pv, '-o', 'yaml'), sh('oc', 'describe', 'pvc', claim, '-n', c.ns)],
        'low',
      ),
      suggestion(
        msg('Restore the disk from a backup or snapshot'),
        msg(
          'No retry brings the data back: restore the volume (or a VolumeSnapshot of it) into a new claim and point the VM at it, or recreate the disk.',
        ),
        [sh('oc', 'get', 'volumesnapshot', '-n', c.ns), ...editAndRestart(c)],
        'high',
      ),
    ];
  },
  'vm.liveness-probe-failed': (c) => [
    suggestion(
      msg("Fix or remove the VM's liveness probe"),
      msg(
        'The probe the VM defines fails while the guest runs, so the kubelet keeps killing it. Point the probe at a port and path the guest serves (or remove it), then restart the VM.',
      ),
      [
        sh(
          'oc',
          'get',
          'vm',
          c.vm,
          '-n',
          c.ns,
          '-o',
          'jsonpath={.spec.template.spec.livenessProbe}',
        ),
        ...editAndRestart(c),
      ],
      'medium',
    ),
  ],
  'pod.ephemeral-limit-exceeded': (c) => [
    suggestion(
      msg('Give the launcher more ephemeral storage, or move the data to a claim'),
      msg(
        "The pod's ephemeral-storage limit (often a LimitRange default of the namespace) is smaller than what the containerDisk's writable layer or an emptyDir needs. Raise the limit, or replace the containerDisk with a DataVolume-backed disk.",
      ),
      [sh('oc', 'get', 'limitrange', '-n', c.ns, '-o', 'yaml'), ...editAndRestart(c)],
      'medium',
    ),
  ],
  'node.runtime-failed': (c) => {
    const node =
      c.finding.evidence.find((e) => e.fieldPath === 'spec.nodeName')?.value ?? 'NODE_NAME';
    return [
      suggestion(
        msg('Recover the container runtime on node {{node}}', { node }),
        msg(
          'CRI-O on the node is stuck on an earlier request. Check its log; restarting crio (after draining the node) clears reserved names. The VM can meanwhile start on another node.',
        ),
        [
          sh('oc', 'adm', 'node-logs', node, '-u', 'crio', '--tail=100'),
          sh('oc', 'adm', 'cordon', node),
          sh('virtctl', 'restart', c.vm, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  },
  'pvc.being-deleted': (c) => {
    const claim = evidenceOf(c.finding, 'PersistentVolumeClaim')?.name ?? 'CLAIM';
    return [
      suggestion(
        msg('Keep the data of claim "{{claim}}"', { claim }),
        msg(
          'A deleted claim cannot be undeleted: while the pvc-protection finalizer still holds it, copy its data (clone it into a new claim or snapshot it), then point the VM at the copy.',
        ),
        [
          sh('oc', 'get', 'pvc', claim, '-n', c.ns, '-o', 'yaml'),
          sh('oc', 'get', 'pods', '-n', c.ns, '-o', 'wide'),
          sh('oc', 'edit', 'vm', c.vm, '-n', c.ns),
        ],
        'high',
      ),
    ];
  },
  'pod.rejected-by-kubelet': (c) => [
    suggestion(
      msg('Free the node, or let the VM start elsewhere'),
      msg(
        "The node's kubelet had no room left for the launcher although the scheduler chose it: pods bound to the node directly (spec.nodeName) bypass the scheduler. Find them, then restart the VM so it is scheduled again.",
      ),
      [
        sh(
          'oc',
          'describe',
          'node',
          c.finding.message.match(/node (\S+) rejected/)?.[1] ?? 'NODE_NAME',
        ),
        sh('oc', 'get', 'pods', '-A', '-o', 'wide', '--field-selector', 'status.phase=Running'),
        sh('virtctl', 'restart', c.vm, '-n', c.ns),
      ],
      'low',
    ),
  ],
  'storage.profile-incomplete': (c) => {
    const profile = evidenceOf(c.finding, 'StorageProfile')?.name ?? 'STORAGE_CLASS';
    return [
      suggestion(
        msg('Give StorageProfile "{{profile}}" its access and volume modes', { profile }),
        msg(
          'CDI knows no defaults for this provisioner. Set claimPropertySets in the StorageProfile (or accessModes in the DataVolume), then delete the DataVolume so KubeVirt recreates it.',
        ),
        [
          sh('oc', 'get', 'storageprofile', profile, '-o', 'yaml'),
          sh(
            'oc',
            'patch',
            'storageprofile',
            profile,
            '--type=merge',
            '-p',
            JSON.stringify({
              spec: {
                claimPropertySets: [{ accessModes: ['ReadWriteOnce'], volumeMode: 'Block' }],
              },
            }),
          ),
        ],
        'medium',
      ),
    ];
  },
  'dv.boot-source-missing': (c) => {
    const ds = evidenceOf(c.finding, 'DataSource');
    const name = ds?.name ?? 'DATASOURCE_NAME';
    const ns = ds?.namespace ?? 'openshift-virtualization-os-images';
    return [
      suggestion(
        msg('Find or restore boot source "{{name}}"', { name }),
        msg(
          "DataSources are created by DataImportCrons (the golden images) or by hand. List what exists in {{ns}}; if the DataImportCron for it fails, its import is the real problem. Otherwise point the VM's sourceRef at an existing DataSource and restart.",
          { ns },
        ),
        [
          sh('oc', 'get', 'datasources', '-n', ns),
          sh('oc', 'get', 'dataimportcrons', '-n', ns),
          sh('oc', 'get', 'datasource', name, '-n', ns, '-o', 'yaml'),
          ...editAndRestart(c),
        ],
        'medium',
      ),
    ];
  },
  'vm.image-pull': (c) => imagePullFixes(c),
  'sched.insufficient-resources': (c) => insufficientResourcesFixes(c),
  'quota.exceeded': (c) => {
    const quota = evidenceOf(c.finding, 'ResourceQuota')?.name ?? 'QUOTA_NAME';
    return [
      suggestion(
        msg('Compare the VM with ResourceQuota "{{quota}}"', { quota }),
        msg(
          "The launcher pod's requests (the guest plus KubeVirt's overhead) do not fit in what is left of the quota. Stop another VM in the namespace, lower this VM's memory/CPU, or ask an administrator to raise the quota.",
        ),
        [
          sh('oc', 'describe', 'resourcequota', quota, '-n', c.ns),
          sh('oc', 'get', 'vmi', '-n', c.ns),
        ],
        'low',
      ),
      suggestion(
        msg("Lower the VM's resources"),
        msg(
          'Reduce memory/CPU in the VM spec (or pick a smaller instancetype); takes effect on restart.',
        ),
        editAndRestart(c),
        'medium',
      ),
    ];
  },
  'limitrange.violated': (c) => [
    suggestion(
      msg('Compare the VM with the namespace LimitRange'),
      msg(
        "The launcher pod's request or limit is outside the LimitRange bounds. Change the VM's resources to fit, or ask an administrator to change the LimitRange.",
      ),
      [sh('oc', 'describe', 'limitrange', '-n', c.ns), ...editAndRestart(c)],
      'medium',
    ),
  ],
  'admission.webhook-unreachable': (c) => {
    const svc = evidenceOf(c.finding, 'Service');
    const svcNs = svc?.namespace ?? 'SERVICE_NAMESPACE';
    return [
      suggestion(
        msg('Bring back the pods behind the webhook service'),
        msg(
          "The API server calls this webhook for every VMI or pod it creates. Until its service has ready endpoints, no start succeeds and changing the VM does not help; for KubeVirt's own webhooks the service is virt-api.",
        ),
        [
          sh('oc', 'get', 'endpoints', svc?.name ?? 'SERVICE_NAME', '-n', svcNs),
          sh('oc', 'get', 'pods', '-n', svcNs, '-o', 'wide'),
          LIST_WEBHOOKS,
        ],
        'low',
      ),
      suggestion(
        msg('Start the VM again once the webhook answers'),
        msg('The VM controller retries with backoff; a start request retries at once.'),
        [sh('virtctl', 'start', c.vm, '-n', c.ns)],
        'low',
      ),
    ];
  },
  'admission.webhook-denied': (c) => [
    suggestion(
      msg('Read the policy that refuses the VM'),
      msg(
        'A validating or mutating webhook (often a policy engine) rejects the VMI or its launcher pod. Change the VM to satisfy the policy, or ask its owner for an exception for this namespace.',
      ),
      [LIST_WEBHOOKS, inspectEvents(c)],
      'low',
    ),
  ],
  'vm.memory-hotplug-failed': (c) => [
    suggestion(
      msg('Restart the VM to apply the new memory size'),
      msg(
        'The running guest could not take the added memory (hotplug needs a guest with maxGuest headroom and memory hotplug support). A restart boots it with the size in the spec.',
      ),
      [
        sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'jsonpath={.status.memory}'),
        sh('virtctl', 'restart', c.vm, '-n', c.ns),
      ],
      'medium',
    ),
  ],
  'sched.network-resources': (c) => [
    suggestion(
      msg('Check the Linux bridge on the nodes'),
      msg(
        'The secondary network asks for a bridge.network.kubevirt.io resource that no usable node offers: create the bridge on the nodes (NodeNetworkConfigurationPolicy) or fix the bridge name in the NetworkAttachmentDefinition.',
      ),
      [
        sh(
          'oc',
          'get',
          'nodes',
          '-o',
          'custom-columns=NAME:.metadata.name,BRIDGES:.status.allocatable',
        ),
        sh('oc', 'get', 'network-attachment-definitions', '-n', c.ns, '-o', 'yaml'),
        sh('oc', 'get', 'nncp'),
      ],
      'low',
    ),
  ],
  'sched.volume-binding': (c) => [
    suggestion(
      msg("Compare the claims' volume topology with the nodes"),
      msg(
        "A bound volume pins the pod to the zone or node of its PersistentVolume; the VM's other placement rules exclude it. Read the PV node affinity and the VM's node selector.",
      ),
      [
        sh('oc', 'get', 'pvc', '-n', c.ns, '-o', 'wide'),
        sh(
          'oc',
          'get',
          'pv',
          '-o',
          'custom-columns=NAME:.metadata.name,CLAIM:.spec.claimRef.name,AFFINITY:.spec.nodeAffinity',
        ),
        sh('oc', 'get', 'nodes', '-L', 'topology.kubernetes.io/zone'),
      ],
      'low',
    ),
  ],
  'vm.instancetype-missing': (c) => preferenceOrTypeFix(c, 'instancetype'),
  'vm.preference-missing': (c) => preferenceOrTypeFix(c, 'preference'),
  'sched.scheduler-not-running': (c) => {
    const scheduler =
      c.finding.evidence.find((e) => e.fieldPath?.endsWith('schedulerName'))?.value ??
      'SCHEDULER_NAME';
    return [
      suggestion(
        msg('Check that scheduler "{{scheduler}}" runs', { scheduler }),
        msg(
          'Only the scheduler named in spec.schedulerName places the pod. If every pod that asks for {{scheduler}} is Pending without a node, no such scheduler runs: deploy it (for example with the Secondary Scheduler Operator) or change the VM.',
          { scheduler },
        ),
        [
          // spec.schedulerName is a selectable pod field (kubernetes pkg/registry/core/pod).
          sh(
            'oc',
            'get',
            'pods',
            '-A',
            '-o',
            'wide',
            '--field-selector',
            `spec.schedulerName=${scheduler}`,
          ),
        ],
        'low',
      ),
      suggestion(
        msg('Or let the default scheduler place the VM'),
        msg(
          'Remove spec.template.spec.schedulerName from the VM (or set it to a scheduler that runs), then restart it.',
        ),
        // Without the name in the VM template, something else (a webhook, a copy) set it: edit.
        c.finding.evidence.some(
          (e) => e.kind === 'VirtualMachine' && e.fieldPath === 'spec.template.spec.schedulerName',
        )
          ? [
              patchVm(c, 'json', [{ op: 'remove', path: '/spec/template/spec/schedulerName' }]),
              sh('virtctl', 'restart', c.vm, '-n', c.ns),
            ]
          : editAndRestart(c),
        'medium',
      ),
    ];
  },
  'sched.constraints': (c) => [
    suggestion(
      msg("Compare node labels and taints with the VM's placement rules"),
      msg("The VM's nodeSelector, affinity or missing tolerations exclude every node."),
      [
        sh(
          'oc',
          'get',
          'vm',
          c.vm,
          '-n',
          c.ns,
          '-o',
          'jsonpath={.spec.template.spec.nodeSelector}{"\\n"}{.spec.template.spec.affinity}{"\\n"}{.spec.template.spec.tolerations}',
        ),
        sh('oc', 'get', 'nodes', '--show-labels'),
        sh('oc', 'describe', 'nodes'),
      ],
      'low',
    ),
    suggestion(
      msg('Relax the placement rules'),
      msg(
        "Edit the VM's nodeSelector/affinity/tolerations (or label a suitable node), then restart.",
      ),
      editAndRestart(c),
      'medium',
    ),
  ],
  'node.not-ready': (c) => nodeFix(c),
  'node.pressure': (c) => nodeFix(c),
  'node.missing': (c) => [
    suggestion(
      msg('Restart the VM on another node'),
      msg('Its node is gone; a restart schedules a new virt-launcher pod elsewhere.'),
      [sh('virtctl', 'restart', c.vm, '-n', c.ns)],
      'high',
    ),
  ],
  'migration.failed': (c) => [
    suggestion(
      msg('Read why the migration failed'),
      msg(
        'The migration object and the VMI events carry the failure reason (target capacity, network, storage access mode).',
      ),
      [
        sh('oc', 'get', 'vmim', '-n', c.ns, '-l', `kubevirt.io/vmi-name=${c.vm}`),
        ...(evidenceOf(c.finding, 'VirtualMachineInstanceMigration')
          ? [
              sh(
                'oc',
                'describe',
                'vmim',
                evidenceOf(c.finding, 'VirtualMachineInstanceMigration')!.name,
                '-n',
                c.ns,
              ),
            ]
          : []),
      ],
      'low',
    ),
    suggestion(
      msg('Retry the migration'),
      msg('Once the cause is fixed, migrate again.'),
      [sh('virtctl', 'migrate', c.vm, '-n', c.ns)],
      'medium',
    ),
  ],
  'vm.paused-user': (c) => [
    suggestion(
      msg('Unpause the VM'),
      msg('The VM was paused deliberately; unpause it when it should run again.'),
      [sh('virtctl', 'unpause', 'vm', c.vm, '-n', c.ns)],
      'low',
    ),
  ],
  'vm.paused-io-error': (c) => [
    suggestion(
      msg('Fix the storage, then unpause'),
      msg(
        'Check the volumes for a full or unreachable disk (PVC capacity, storage backend) before unpausing; unpausing with the error unfixed pauses the VM again.',
      ),
      [
        sh('oc', 'get', 'pvc', '-n', c.ns),
        sh('oc', 'describe', 'vmi', c.vm, '-n', c.ns),
        sh('virtctl', 'unpause', 'vm', c.vm, '-n', c.ns),
      ],
      'high',
    ),
  ],
  'vm.cloudinit-shutdown': (c) => [
    suggestion(
      msg('Stop the loop and fix cloud-init'),
      msg(
        'Stop the VM, remove the shutdown/poweroff command from its cloud-init user data (or use runStrategy Manual if the shutdown is intended), then start it.',
      ),
      [
        sh('virtctl', 'stop', c.vm, '-n', c.ns),
        sh('oc', 'edit', 'vm', c.vm, '-n', c.ns),
        sh('virtctl', 'start', c.vm, '-n', c.ns),
      ],
      'medium',
    ),
  ],
  'vm.crash-loop': (c) => [
    ...(isOomKilled(c.finding) ? oomFixes(c) : []),
    suggestion(
      msg('Read the launcher and guest logs'),
      msg('The compute container log and the guest serial console show why the VM stops.'),
      [
        sh(
          'oc',
          'logs',
          c.pod ?? `virt-launcher-${c.vm}`,
          '-n',
          c.ns,
          '-c',
          'compute',
          '--tail=100',
        ),
        sh('oc', 'get', 'vm', c.vm, '-n', c.ns, '-o', 'jsonpath={.status.startFailure}'),
        sh('virtctl', 'console', c.vm, '-n', c.ns),
      ],
      'low',
    ),
  ],
};

const IMAGE_AUTH =
  /unauthorized|authentication required|authorization failed|denied|401|403|no basic auth credentials|insufficient_scope/i;
const IMAGE_NETWORK =
  /dial tcp|i\/o timeout|no such host|connection refused|x509|certificate|TLS handshake/i;

const findingText = (f: Finding): string =>
  [f.message, ...f.evidence.map((e) => `${e.value ?? ''} ${e.event?.message ?? ''}`)].join(' ');

const vmImages = (c: FixContext): { index: number; image: string }[] =>
  (c.snapshot.vm.spec?.template?.spec?.volumes ?? []).flatMap((v, index) =>
    v.containerDisk?.image ? [{ index, image: v.containerDisk.image }] : [],
  );

/** The pull failure decides the fix: credentials, reachability, or the image reference itself. */
const imagePullFixes = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => {
  const text = findingText(c.finding);
  const disk = vmImages(c)[0];
  const registry = disk?.image.split('/')[0] ?? 'REGISTRY';
  const describe = sh('oc', 'describe', 'pod', c.pod ?? `virt-launcher-${c.vm}`, '-n', c.ns);
  if (IMAGE_AUTH.test(text)) {
    return [
      suggestion(
        msg('Give the VM a pull secret for {{registry}}', { registry }),
        msg(
          'The registry refused the pull (authentication). Create a docker-registry Secret with credentials for it and reference it from the container disk (containerDisk.imagePullSecret), then restart the VM.',
        ),
        [
          sh(
            'oc',
            'create',
            'secret',
            'docker-registry',
            'registry-pull-secret',
            '-n',
            c.ns,
            `--docker-server=${registry}`,
            '--docker-username=USER',
            '--docker-password=PASSWORD',
          ),
          patchVm(c, 'json', [
            {
              op: 'add',
              path: `/spec/template/spec/volumes/${disk?.index ?? 0}/containerDisk/imagePullSecret`,
              value: 'registry-pull-secret',
            },
          ]),
          sh('virtctl', 'restart', c.vm, '-n', c.ns),
        ],
        'medium',
      ),
    ];
  }
  if (IMAGE_NETWORK.test(text)) {
    return [
      suggestion(
        msg('Check that the nodes can reach {{registry}}', { registry }),
        msg(
          'The pull failed on the network or TLS level: check DNS, proxy and the cluster image configuration (additional trusted CAs, registry mirrors).',
        ),
        [describe, sh('oc', 'get', 'image.config.openshift.io/cluster', '-o', 'yaml')],
        'low',
      ),
    ];
  }
  return [
    suggestion(
      msg('Check the image reference'),
      msg('Verify that the containerDisk image and tag exist in the registry.'),
      [
        describe,
        sh(
          'oc',
          'get',
          'vm',
          c.vm,
          '-n',
          c.ns,
          '-o',
          'jsonpath={.spec.template.spec.volumes[*].containerDisk.image}',
        ),
      ],
      'low',
    ),
    suggestion(
      msg('Correct the image and restart'),
      msg(
        'Fix the image in spec.template.spec.volumes[].containerDisk.image, then restart the VM.',
      ),
      editAndRestart(c),
      'medium',
    ),
  ];
};

const missingResources = (f: Finding): string[] =>
  [...findingText(f).matchAll(/Insufficient\s+([\w./-]+)/g)].map((m) => m[1]);

/** Memory and CPU are freed or lowered; hugepages, KVM and GPUs are node features to check. */
const insufficientResourcesFixes = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => {
  const resources = [...new Set(missingResources(c.finding))];
  const out: Omit<Suggestion, 'ruleId'>[] = [];
  const nodes = sh('oc', 'describe', 'nodes', '-l', 'kubevirt.io/schedulable=true');
  for (const r of resources) {
    if (r.startsWith('hugepages-')) {
      out.push(
        suggestion(
          msg('Provide {{r}} on the worker nodes', { r }),
          msg(
            'No node the VM may use has free {{r}}. Pre-allocate hugepages on the nodes (a MachineConfig/PerformanceProfile kernel argument), or change spec.template.spec.domain.memory.hugepages.pageSize.',
            { r },
          ),
          [
            sh(
              'oc',
              'get',
              'nodes',
              '-o',
              `custom-columns=NAME:.metadata.name,${r.toUpperCase()}:.status.allocatable.${r.replace(/\./g, '\\.')}`,
            ),
            nodes,
          ],
          'medium',
        ),
      );
    } else if (r === 'devices.kubevirt.io/kvm') {
      out.push(
        suggestion(
          msg('Check that the nodes offer KVM'),
          msg(
            'No usable node advertises devices.kubevirt.io/kvm: hardware virtualization is off (or nested virtualization is missing), or virt-handler is not running there. Enable it, or allow software emulation (useEmulation) for test clusters only.',
          ),
          [
            sh(
              'oc',
              'get',
              'nodes',
              '-o',
              'custom-columns=NAME:.metadata.name,KVM:.status.allocatable.devices\\.kubevirt\\.io/kvm',
            ),
            sh(
              'oc',
              'get',
              'pods',
              '-n',
              'openshift-cnv',
              '-l',
              'kubevirt.io=virt-handler',
              '-o',
              'wide',
            ),
          ],
          'low',
        ),
      );
    } else if (r.includes('/') && r !== 'ephemeral-storage') {
      out.push(
        suggestion(
          msg('Check which nodes offer {{r}}', { r }),
          msg(
            'No usable node has a free {{r}}. Check the device plugin (GPU operator) on the nodes and the HyperConverged permittedHostDevices, or stop a VM that holds the device.',
            { r },
          ),
          [
            sh(
              'oc',
              'get',
              'nodes',
              '-o',
              `custom-columns=NAME:.metadata.name,DEVICE:.status.allocatable.${r.replace(/\./g, '\\.')}`,
            ),
            sh(
              'oc',
              'get',
              'hyperconverged',
              '-n',
              'openshift-cnv',
              '-o',
              'jsonpath={.items[0].spec.permittedHostDevices}',
            ),
          ],
          'low',
        ),
      );
    }
  }
  if (out.length > 0)
    out.push(
      suggestion(
        msg('Or change what the VM requests'),
        msg(
          'Edit the VM (hugepages page size, GPU or host device, or the instancetype) to something the nodes offer; takes effect on restart.',
        ),
        editAndRestart(c),
        'medium',
      ),
    );
  if (out.length === 0 || resources.some((r) => !r.includes('/') && !r.startsWith('hugepages-'))) {
    out.push(
      suggestion(
        msg("Compare the VM's requests with free node capacity"),
        msg(
          "No node the VM may use has room for it. Free capacity, add nodes, or lower the VM's memory/CPU.",
        ),
        [sh('oc', 'adm', 'top', 'nodes'), nodes],
        'low',
      ),
      suggestion(
        msg("Lower the VM's resources"),
        msg(
          'Reduce memory/CPU in the VM spec (or pick a smaller instancetype); takes effect on restart.',
        ),
        editAndRestart(c),
        'medium',
      ),
    );
  }
  return out;
};

const isOomKilled = (f: Finding): boolean => /OOMKill/i.test(findingText(f));

/** The launcher's compute container was killed for memory: give the VM (and its overhead) more. */
const oomFixes = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => [
  suggestion(
    msg('Give the virt-launcher pod more memory'),
    msg(
      'The compute container was OOM-killed: its memory limit does not cover the guest plus QEMU overhead. Raise spec.template.spec.domain.resources.limits.memory (or remove the limit), or lower the guest memory, then restart.',
    ),
    [
      sh(
        'oc',
        'get',
        'vm',
        c.vm,
        '-n',
        c.ns,
        '-o',
        'jsonpath={.spec.template.spec.domain.memory}{"\\n"}{.spec.template.spec.domain.resources}',
      ),
      sh(
        'oc',
        'patch',
        'vm',
        c.vm,
        '-n',
        c.ns,
        '--type=merge',
        '-p',
        '{"spec":{"template":{"spec":{"domain":{"resources":{"limits":{"memory":"NEW_LIMIT"}}}}}}}',
      ),
      sh('virtctl', 'restart', c.vm, '-n', c.ns),
    ],
    'medium',
  ),
];

/**
 * For a disk that comes from a dataVolumeTemplate: patch the template's storageClassName (`add` when
 * it has none, `replace` when it names a missing one) and delete the never-bound DataVolume so KubeVirt
 * recreates it. Undefined when `name` is not a template of the VM.
 */
const templateStorageClassFix = (
  c: FixContext,
  name: string,
  op: 'add' | 'replace',
): string[] | undefined => {
  const templates = c.snapshot.vm.spec?.dataVolumeTemplates ?? [];
  const idx = templates.findIndex((t) => t.metadata?.name === name);
  if (idx < 0) return undefined;
  const field = templates[idx]?.spec?.pvc ? 'pvc' : 'storage';
  const patch = [
    {
      op,
      path: `/spec/dataVolumeTemplates/${idx}/spec/${field}/storageClassName`,
      value: 'EXISTING_STORAGECLASS',
    },
  ];
  return [patchVm(c, 'json', patch), sh('oc', 'delete', 'datavolume', name, '-n', c.ns)];
};

/** The claim (or the DataVolume template behind it) names no StorageClass. */
const claimWithoutClass = (c: FixContext): boolean =>
  /names no StorageClass/i.test(c.finding.message);

const setStorageClass = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => {
  const pvc = evidenceOf(c.finding, 'PersistentVolumeClaim')?.name ?? 'PVC_NAME';
  const commands = [sh('oc', 'get', 'storageclass')];
  const templateFix = templateStorageClassFix(c, pvc, 'add');
  if (templateFix) {
    commands.push(...templateFix);
  } else {
    commands.push(
      sh('oc', 'get', 'pvc', pvc, '-n', c.ns, '-o', 'yaml'),
      sh('oc', 'delete', 'pvc', pvc, '-n', c.ns),
      sh('oc', 'apply', '-n', c.ns, '-f', './pvc-with-storageclass.yaml'),
    );
  }
  return [
    suggestion(
      msg('Set a StorageClass on "{{pvc}}"', { pvc }),
      msg(
        "The claim names no StorageClass and none is default, so nothing provisions it. Name an existing class (replace EXISTING_STORAGECLASS); a claim's class cannot be changed in place, so the unbound claim is recreated.",
      ),
      commands,
      'medium',
    ),
  ];
};

const preferenceOrTypeFix = (
  c: FixContext,
  what: 'instancetype' | 'preference',
): Omit<Suggestion, 'ruleId'>[] => {
  const missing = c.finding.evidence.find((e) => e.value === 'not found');
  const cluster = missing?.kind.includes('Cluster');
  const resource = `virtualmachine${cluster ? 'cluster' : ''}${what}s`;
  return [
    suggestion(
      msg('Create the {{what}} "{{name}}" or point the VM at an existing one', {
        what,
        name: missing?.name ?? '',
      }),
      msg(
        'KubeVirt cannot expand the VM without its {{what}}. List the available ones and set spec.{{what2}}.name (and kind) to one of them.',
        { what, what2: what },
      ),
      [
        sh('oc', 'get', resource, ...(cluster ? [] : ['-n', c.ns])),
        patchVm(c, 'merge', { spec: { [what]: { name: `EXISTING_${what.toUpperCase()}` } } }),
      ],
      'medium',
    ),
  ];
};

const pvcInspect = (c: FixContext, description: Message): Omit<Suggestion, 'ruleId'>[] => {
  const pvc =
    evidenceOf(c.finding, 'PersistentVolumeClaim')?.name ??
    evidenceOf(c.finding, 'DataVolume')?.name ??
    'PVC_NAME';
  return [
    suggestion(
      msg('Inspect PersistentVolumeClaim "{{pvc}}"', { pvc }),
      description,
      [sh('oc', 'describe', 'pvc', pvc, '-n', c.ns), sh('oc', 'get', 'storageclass')],
      'low',
    ),
  ];
};

const nodeFix = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => {
  const node =
    evidenceOf(c.finding, 'Node')?.name ?? c.snapshot.vmi?.status?.nodeName ?? 'NODE_NAME';
  return [
    suggestion(
      msg('Check node "{{node}}"', { node }),
      msg(
        "Look at the node's conditions and kubelet; the VM cannot run well there until it recovers.",
      ),
      [sh('oc', 'describe', 'node', node), sh('oc', 'adm', 'top', 'node', node)],
      'low',
    ),
    suggestion(
      msg('Move the VM to a healthy node'),
      msg(
        'Live-migrate the VM if it is still running; otherwise restart it so it is scheduled elsewhere (a restart interrupts the guest).',
      ),
      [sh('virtctl', 'migrate', c.vm, '-n', c.ns), sh('virtctl', 'restart', c.vm, '-n', c.ns)],
      'high',
    ),
  ];
};

const genericInspect = (c: FixContext): Omit<Suggestion, 'ruleId'>[] => [
  suggestion(
    msg('Inspect the VM, its VMI and recent events'),
    msg(
      'No specific rule identified the cause; these show the conditions and warnings to read next.',
    ),
    [
      sh('oc', 'describe', 'vm', c.vm, '-n', c.ns),
      sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'yaml'),
      inspectEvents(c),
    ],
    'low',
  ),
];

/**
 * One list: fixes for the root cause first, then for the other critical findings that have a
 * specific fix. The generic "inspect" step appears only when no finding has one (no specific rule
 * identified the cause). Exact commands with the real names, shell-quoted; nothing is executed.
 */
export const suggestFixes = (diagnosis: Diagnosis, snapshot: VmSnapshot): Suggestion[] => {
  const { name: vm, namespace: ns } = diagnosis.vm;
  const pod = [...snapshot.pods].sort((a, b) =>
    (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''),
  )[0]?.metadata?.name;
  const root = diagnosis.rootCause
    ? diagnosis.findings.find(
        (f) =>
          f.ruleId === diagnosis.rootCause?.ruleId && f.message === diagnosis.rootCause.summary,
      )
    : undefined;
  const critical = [
    ...(root ? [root] : []),
    ...diagnosis.findings.filter((f) => f.severity === 'critical' && f !== root),
  ];
  const specific = critical.filter((f) => TEMPLATES[f.ruleId]);
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  const add = (f: Finding, template: Template) => {
    template({ vm, ns, finding: f, snapshot, pod }).forEach((s, step) => {
      // Stable per suggestion kind: the rule and the step's position in its template.
      const id = template === genericInspect ? 'inspect/0' : `${f.ruleId}/${step}`;
      if (!out.some((o) => o.title === s.title)) out.push({ ...s, ruleId: f.ruleId, id });
    });
  };
  if (specific.length === 0) {
    if (critical[0]) add(critical[0], genericInspect);
    return out;
  }
  for (const f of specific) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    add(f, TEMPLATES[f.ruleId]);
  }
  return out;
};

// ---- Issue 11: memory kills, VMI crashes, shutdowns stuck on a node (self-contained block) ----

const launcherPod = (c: FixContext): string =>
  evidenceOf(c.finding, 'Pod')?.name ?? c.pod ?? `virt-launcher-${c.vm}`;

/**
 * `vm.oom-killed`: more memory for the launcher (`oomFixes`: limit and guest memory), the overhead
 * counted in the request again, or the guest memory reserved on the node; then how to confirm it.
 */
const oomKilledFixes: Template = (c) => {
  const overcommit = c.finding.evidence.some((e) =>
    e.fieldPath?.endsWith('overcommitGuestOverhead'),
  );
  const hasLimit = /memory limit is/i.test(c.finding.message);
  return [
    ...oomFixes(c),
    ...(overcommit
      ? [
          suggestion(
            msg('Count the QEMU overhead in the memory request again'),
            msg(
              'overcommitGuestOverhead: true leaves the virt-launcher overhead out of the request, so the node can run out of memory. Remove it, then restart the VM.',
            ),
            [
              patchVm(c, 'json', [
                {
                  op: 'remove',
                  path: '/spec/template/spec/domain/resources/overcommitGuestOverhead',
                },
              ]),
              sh('virtctl', 'restart', c.vm, '-n', c.ns),
            ],
            'medium',
          ),
        ]
      : []),
    ...(hasLimit
      ? []
      : [
          suggestion(
            msg("Reserve the VM's memory on the node"),
            msg(
              'Without a limit the kernel killed QEMU because the node ran short of memory: request the full guest memory (spec.template.spec.domain.resources.requests.memory) so the scheduler reserves it, then restart.',
            ),
            [
              patchVm(c, 'merge', {
                spec: {
                  template: {
                    spec: { domain: { resources: { requests: { memory: 'GUEST_MEMORY' } } } },
                  },
                },
              }),
              sh('virtctl', 'restart', c.vm, '-n', c.ns),
            ],
            'medium',
          ),
        ]),
    suggestion(
      msg('Confirm the memory kill and the launcher pod memory'),
      msg(
        'Read how the compute container ended and what the pod requested and was limited to, next to the guest memory of the VM.',
      ),
      [
        sh(
          'oc',
          'get',
          'pod',
          launcherPod(c),
          '-n',
          c.ns,
          '-o',
          'jsonpath={range .status.containerStatuses[*]}{.name}{" "}{.state.terminated.reason}{" "}{.state.terminated.exitCode}{"\\n"}{end}{.spec.containers[?(@.name=="compute")].resources}',
        ),
      ],
      'low',
    ),
  ];
};

/** `vmi.crashed` / `vmi.sync-failed`: read why it died, then start it again. */
const vmiCrashedFixes: Template = (c) => [
  suggestion(
    msg('Read why the VMI stopped'),
    msg(
      'The compute container log (QEMU / libvirt errors) and the VMI events and conditions name the failure.',
    ),
    [
      sh('oc', 'logs', launcherPod(c), '-n', c.ns, '-c', 'compute', '--tail=100'),
      sh(
        'oc',
        'get',
        'events',
        '-n',
        c.ns,
        '--field-selector',
        `involvedObject.kind=VirtualMachineInstance,involvedObject.name=${c.vm}`,
      ),
      sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'jsonpath={.status.conditions}'),
    ],
    'low',
  ),
  ...(['Manual', 'Once'].includes(
    String(c.snapshot.vm.spec?.runStrategy ?? c.snapshot.vm.status?.runStrategy),
  )
    ? [
        suggestion(
          msg('Start the VM again after the fix'),
          msg(
            'A failed VMI is not restarted with runStrategy Manual or Once; restart it once the cause is fixed.',
          ),
          [sh('virtctl', 'restart', c.vm, '-n', c.ns)],
          'medium',
        ),
      ]
    : []),
];

/** `vm.stuck-terminating`: recover or fence the node; force removal only once it is surely down. */
const stuckTerminatingFixes: Template = (c) => {
  const node = evidenceOf(c.finding, 'Node')?.name ?? c.snapshot.vmi?.status?.nodeName ?? 'NODE';
  const handler = /virt-handler/.test(c.finding.message);
  return [
    suggestion(
      msg('Check node "{{node}}"', { node }),
      handler
        ? msg(
            'virt-handler is not running on the node: find out why its pod is gone or failing (the DaemonSet in the KubeVirt namespace).',
          )
        : msg(
            "Find out whether the node is down or only cut off: its conditions, the kubelet, the machine's power state.",
          ),
      handler
        ? [
            sh('oc', 'describe', 'node', node),
            sh(
              'oc',
              'get',
              'pods',
              '-A',
              '-l',
              'kubevirt.io=virt-handler',
              '-o',
              'wide',
              '--field-selector',
              `spec.nodeName=${node}`,
            ),
            sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'wide'),
          ]
        : [sh('oc', 'describe', 'node', node), sh('oc', 'get', 'node', node, '-o', 'wide')],
      'low',
    ),
    ...(handler
      ? [
          suggestion(
            msg('Restart virt-handler on the node'),
            msg(
              'Once virt-handler runs there again it shuts the domain down and the VM finishes stopping; delete its pod so the DaemonSet recreates it.',
            ),
            [
              sh(
                'oc',
                'delete',
                'pod',
                '-A',
                '-l',
                'kubevirt.io=virt-handler',
                '--field-selector',
                `spec.nodeName=${node}`,
              ),
            ],
            'medium',
          ),
        ]
      : [
          suggestion(
            msg('Remove the stuck launcher pod only once the node is surely down'),
            msg(
              'Force deletion tells the cluster the VM no longer runs there. Do it only after the node is powered off or fenced (e.g. by a NodeHealthCheck remediation); if the guest still runs on the node, starting it elsewhere can corrupt its disks.',
            ),
            [sh('oc', 'delete', 'pod', launcherPod(c), '-n', c.ns, '--force', '--grace-period=0')],
            'high',
          ),
        ]),
  ];
};

Object.assign(TEMPLATES, {
  'vm.oom-killed': oomKilledFixes,
  'vmi.crashed': vmiCrashedFixes,
  'vmi.sync-failed': vmiCrashedFixes,
  'vmi.start-failed': vmiCrashedFixes,
  'node.kvm-unavailable': (c: FixContext) => {
    const node = c.snapshot.vmi?.status?.nodeName ?? 'NODE';
    return [
      suggestion(
        msg('Check KVM on node "{{node}}"', { node }),
        msg(
          'Look for /dev/kvm and the kvm modules on the node and for the devices.kubevirt.io/kvm it advertises; enable virtualization in the BIOS (or nested virtualization for a virtual node) if they are missing.',
        ),
        [
          sh(
            'oc',
            'debug',
            `node/${node}`,
            '--',
            'chroot',
            '/host',
            'sh',
            '-c',
            'ls -l /dev/kvm; lsmod | grep kvm',
          ),
          sh(
            'oc',
            'get',
            'node',
            node,
            '-o',
            'jsonpath={.status.allocatable.devices\\.kubevirt\\.io/kvm}',
          ),
        ],
        'low',
      ),
      suggestion(
        msg('Run the VM on another node'),
        msg(
          'Keep new launcher pods off the node until KVM works there, then restart the VM so it is scheduled elsewhere.',
        ),
        [sh('oc', 'adm', 'cordon', node), sh('virtctl', 'restart', c.vm, '-n', c.ns)],
        'medium',
      ),
    ];
  },
  'vm.stuck-terminating': stuckTerminatingFixes,
  'vmi.node-unresponsive': (c: FixContext) => [
    ...stuckTerminatingFixes(c).slice(0, 1),
    suggestion(
      msg('Start the VM on a healthy node'),
      msg(
        'The failed VMI does not come back by itself with runStrategy Manual or Once; with Always or RerunOnFailure KubeVirt recreates it once the old one is cleaned up. Restart it after the node is fenced or fixed.',
      ),
      [
        sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'wide'),
        sh('virtctl', 'restart', c.vm, '-n', c.ns),
      ],
      'medium',
    ),
  ],
});

// ---- Issue 11: launcher log findings (rules/launcherLog.ts) ----

/** Read the compute log around the error line, then the fix for the error's meaning. */
const readLauncherLog = (c: FixContext): Omit<Suggestion, 'ruleId'> => {
  const container =
    /container=([a-z-]+)/.exec(c.finding.evidence[0]?.fieldPath ?? '')?.[1] ?? 'compute';
  return suggestion(
    msg('Read the launcher log around the error'),
    msg(
      'The {{container}} container of the virt-launcher pod printed the error; the lines before it show what libvirt and QEMU were doing.',
      { container },
    ),
    [sh('oc', 'logs', launcherPod(c), '-n', c.ns, '-c', container, '--tail=200')],
    'low',
  );
};

const diskVolume = (c: FixContext): string | undefined =>
  /\/(?:vmi-disks|hotplug-disks)\/([^/'"\s]+)\//.exec(c.finding.evidence[0]?.value ?? '')?.[1];

const launcherLogTemplate =
  (fixes: (c: FixContext) => Omit<Suggestion, 'ruleId'>[]): Template =>
  (c) => [...fixes(c), readLauncherLog(c)];

Object.assign(TEMPLATES, {
  'launcher-log.kvm-unavailable': launcherLogTemplate((c) => TEMPLATES['node.kvm-unavailable'](c)),
  'launcher-log.memory-allocation': launcherLogTemplate((c) => oomFixes(c)),
  'launcher-log.cpu-unsupported': launcherLogTemplate((c) => [
    suggestion(
      msg('Use a CPU model the nodes provide'),
      msg(
        "Compare the VM's CPU model and features with what the nodes advertise (cpu-model.node.kubevirt.io / cpu-feature.node.kubevirt.io labels); pick a model every candidate node has, or host-model, then restart.",
      ),
      [
        sh('oc', 'get', 'vm', c.vm, '-n', c.ns, '-o', 'jsonpath={.spec.template.spec.domain.cpu}'),
        sh('oc', 'get', 'nodes', '-L', 'kubevirt.io/schedulable', '--show-labels'),
        ...editAndRestart(c),
      ],
      'medium',
    ),
  ]),
  'launcher-log.disk-locked': launcherLogTemplate((c) => [
    suggestion(
      msg('Find what else uses the disk'),
      msg(
        'Another launcher pod (an older run, a migration, another VM) holds the image. Find the pods that mount the claim; stop the other user, then restart the VM.',
      ),
      [
        sh('oc', 'get', 'pods', '-n', c.ns, '-l', 'kubevirt.io=virt-launcher', '-o', 'wide'),
        sh('oc', 'get', 'pvc', '-n', c.ns, '-o', 'wide'),
        sh('virtctl', 'restart', c.vm, '-n', c.ns),
      ],
      'medium',
    ),
  ]),
  'launcher-log.disk-access': launcherLogTemplate((c) => {
    const volume = diskVolume(c);
    return [
      suggestion(
        volume
          ? msg('Check the claim behind volume "{{volume}}"', { volume })
          : msg("Check the VM's disk claims"),
        msg(
          "QEMU runs as uid 107: the claim's file system must let it read and write the image (fsGroup support of the storage class, SELinux relabelling, a ReadWriteOnce claim not mounted read-only elsewhere).",
        ),
        [
          sh('oc', 'get', 'vm', c.vm, '-n', c.ns, '-o', 'jsonpath={.spec.template.spec.volumes}'),
          sh('oc', 'get', 'pvc', '-n', c.ns, '-o', 'wide'),
          sh('oc', 'get', 'storageclass'),
        ],
        'low',
      ),
    ];
  }),
  'launcher-log.no-space': launcherLogTemplate((c) => [
    suggestion(
      msg('Make room on the full volume'),
      msg(
        'Expand the claim (if its storage class allows volume expansion) or free space in the guest, then restart.',
      ),
      [
        sh('oc', 'get', 'pvc', '-n', c.ns, '-o', 'wide'),
        sh('virtctl', 'restart', c.vm, '-n', c.ns),
      ],
      'medium',
    ),
  ]),
  'launcher-log.tap-device': launcherLogTemplate((c) => [
    suggestion(
      msg("Check the VM's network interfaces and the node's tun device"),
      msg(
        'The launcher could not create the tap device: compare the interfaces and networks of the VM, and the devices.kubevirt.io/tun the node advertises.',
      ),
      [
        sh(
          'oc',
          'get',
          'vm',
          c.vm,
          '-n',
          c.ns,
          '-o',
          'jsonpath={.spec.template.spec.domain.devices.interfaces}',
        ),
        sh('oc', 'get', 'vmi', c.vm, '-n', c.ns, '-o', 'jsonpath={.status.nodeName}'),
      ],
      'low',
    ),
  ]),
  'launcher-log.guest-kernel-panic': launcherLogTemplate((c) => [
    suggestion(
      msg('Fix the guest boot'),
      msg(
        "The guest OS panicked: check the boot disk's image and kernel command line from the serial console, or boot a known-good image.",
      ),
      [sh('virtctl', 'console', c.vm, '-n', c.ns)],
      'low',
    ),
  ]),
  'launcher-log.libvirt-unreachable': launcherLogTemplate((c) => vmiCrashedFixes(c)),
});
