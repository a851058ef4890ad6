/**
 * Discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`) and `/version`, in the
 * unaggregated shapes the OpenShift console 4.22 reads (openshift/console release-4.22
 * frontend/packages/console-dynamic-plugin-sdk/src/app/k8s/api-discovery/api-discovery.ts: `/apis`,
 * then every group version and `/api/v1`; a kind's `verbs` decide whether it is watched).
 */
import { apiVersionOf, verbsOf, type ResourceType } from './resources';

/** Kubernetes 1.35 is what OpenShift 4.22 ships. */
export const VERSION_INFO = {
  major: '1',
  minor: '35',
  gitVersion: 'v1.35.3',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.25.7',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const coreVersions = (serverAddress: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

const groupDocument = (name: string, types: readonly ResourceType[]) => {
  const versions = [...new Set(types.filter((t) => t.group === name).map((t) => t.version))].map(
    (version) => ({ groupVersion: `${name}/${version}`, version }),
  );
  return { name, versions, preferredVersion: versions[0] };
};

export const apiGroupList = (types: readonly ResourceType[]) => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...new Set(types.map((t) => t.group).filter(Boolean))].map((g) =>
    groupDocument(g, types),
  ),
});

export const apiGroup = (name: string, types: readonly ResourceType[]) =>
  types.some((t) => t.group === name)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(name, types) }
    : undefined;

export const apiResourceList = (group: string, version: string, types: readonly ResourceType[]) => {
  const inVersion = types.filter((t) => t.group === group && t.version === version);
  if (inVersion.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(inVersion[0]),
    resources: inVersion.map((t) => ({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: verbsOf(t),
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    })),
  };
};
