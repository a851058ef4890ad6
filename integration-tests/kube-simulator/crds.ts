/**
 * One CustomResourceDefinition per served custom kind, shaped like what the apiextensions-apiserver
 * stores (kubernetes release-1.33 staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1
 * types.go: spec.group/names/scope/versions, status.acceptedNames/conditions/storedVersions), so
 * the console's CRD pages and `CAN_LIST_CRD` checks see a cluster with OpenShift Virtualization.
 * Built-in and aggregated groups (core, *.k8s.io, project/user/template.openshift.io) have none.
 */
import { apiVersionOf, CUSTOM_RESOURCE_DEFINITIONS, type ResourceType } from './resources';
import type { KubeObject, ObjectStore } from './store';

/** Groups served by kube-apiserver itself or by openshift-apiserver, not by CRDs. */
const AGGREGATED_GROUPS = new Set([
  'project.openshift.io',
  'user.openshift.io',
  'template.openshift.io',
  'apps.openshift.io',
  'build.openshift.io',
  'image.openshift.io',
  'oauth.openshift.io',
  'route.openshift.io',
  'security.openshift.io',
  'quota.openshift.io',
  'authorization.openshift.io',
  'subresources.kubevirt.io',
  'upload.cdi.kubevirt.io',
]);

/** CRD-backed groups that end in k8s.io like the built-in ones. */
const CRD_K8S_GROUPS = new Set(['snapshot.storage.k8s.io', 'gateway.networking.k8s.io']);

export const isCustomResourceGroup = (group: string): boolean =>
  group !== '' &&
  !AGGREGATED_GROUPS.has(group) &&
  (CRD_K8S_GROUPS.has(group) || !/(^|\.)k8s\.io$/.test(group));

const CREATED = '2026-01-01T00:00:00Z';

const condition = (type: string, reason: string, message: string) => ({
  type,
  status: 'True',
  lastTransitionTime: CREATED,
  reason,
  message,
});

/** The CRD of one group/resource, listing every served version (the first is the storage one). */
export const crdFor = (versions: ResourceType[]): KubeObject => {
  const [first] = versions;
  const names = {
    kind: first.kind,
    listKind: `${first.kind}List`,
    plural: first.resource,
    singular: first.singular,
    ...(first.shortNames ? { shortNames: first.shortNames } : {}),
  };
  return {
    apiVersion: apiVersionOf(CUSTOM_RESOURCE_DEFINITIONS),
    kind: CUSTOM_RESOURCE_DEFINITIONS.kind,
    metadata: {
      name: `${first.resource}.${first.group}`,
      generation: 1,
      creationTimestamp: CREATED,
    },
    spec: {
      group: first.group,
      names,
      scope: first.namespaced ? 'Namespaced' : 'Cluster',
      versions: versions.map((t, i) => ({
        name: t.version,
        served: true,
        storage: i === 0,
        schema: {
          openAPIV3Schema: {
            description: `${t.kind} (served by the Kubernetes API simulator)`,
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
        subresources: { status: {} },
      })),
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: names,
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      storedVersions: [first.version],
    },
  };
};

/** Store a CRD for every custom kind the registry serves that has none yet; returns how many. */
export const ensureCustomResourceDefinitions = (store: ObjectStore): number => {
  const byResource = new Map<string, ResourceType[]>();
  for (const t of store.registry.all()) {
    if (!isCustomResourceGroup(t.group)) continue;
    const key = `${t.resource}.${t.group}`;
    byResource.set(key, [...(byResource.get(key) ?? []), t]);
  }
  let added = 0;
  for (const [name, versions] of byResource) {
    if (store.get(CUSTOM_RESOURCE_DEFINITIONS, undefined, name)) continue;
    store.apply(crdFor(versions));
    added += 1;
  }
  return added;
};
