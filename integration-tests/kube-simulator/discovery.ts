/** Discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`) and `/version`. */
import { apiVersionOf, type ResourceType } from './resources';

export const VERSION_INFO = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.5',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const VERBS = ['get', 'list', 'watch'];

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
      verbs: VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    })),
  };
};
