/**
 * `/openapi/v2` and `/openapi/v3` documents for the served kinds, small but valid. The console reads
 * v2 only for its definitions, finding a kind's schema by `x-kubernetes-group-version-kind` and
 * revalidating with `If-None-Match` (openshift/console release-4.22
 * frontend/public/module/k8s/swagger.ts `fetchSwagger`, `getDefinitionKey`); the definition names
 * follow kube-apiserver's (`io.k8s.api.core.v1.Pod`, reversed group for custom resources:
 * `io.kubevirt.v1.VirtualMachine`). v3 is the discovery index of kubernetes release-1.33
 * (staging/src/k8s.io/kube-openapi/pkg/handler3: `paths` → `serverRelativeURL` with `?hash=`) and one
 * OpenAPI 3.0 document per group version.
 */
import { createHash } from 'node:crypto';
import { verbsOf, type ResourceType } from './resources';
import { VERSION_INFO } from './discovery';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = `${META}.ObjectMeta`;
const LIST_META = `${META}.ListMeta`;

/** Definition name prefixes of the built-in and aggregated groups. */
const BUILT_IN_PREFIX: Record<string, string> = {
  '': 'io.k8s.api.core',
  'storage.k8s.io': 'io.k8s.api.storage',
  'authorization.k8s.io': 'io.k8s.api.authorization',
  'authentication.k8s.io': 'io.k8s.api.authentication',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'project.openshift.io': 'com.github.openshift.api.project',
  'user.openshift.io': 'com.github.openshift.api.user',
  'template.openshift.io': 'com.github.openshift.api.template',
};

export const definitionName = (t: ResourceType, suffix = ''): string => {
  const prefix = BUILT_IN_PREFIX[t.group] ?? t.group.split('.').reverse().join('.');
  return `${prefix}.${t.version}.${t.kind}${suffix}`;
};

const gvk = (t: ResourceType, suffix = '') => [
  { group: t.group, kind: `${t.kind}${suffix}`, version: t.version },
];

const ref = (version: 'v2' | 'v3', name: string) => ({
  $ref: version === 'v2' ? `#/definitions/${name}` : `#/components/schemas/${name}`,
});

const schemas = (types: readonly ResourceType[], version: 'v2' | 'v3') => {
  const out: Record<string, unknown> = {
    [OBJECT_META]: {
      description: 'ObjectMeta is metadata that all persisted resources must have.',
      type: 'object',
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        uid: { type: 'string' },
        resourceVersion: { type: 'string' },
        creationTimestamp: { type: 'string', format: 'date-time' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    [LIST_META]: {
      description: 'ListMeta describes metadata that synthetic resources must have.',
      type: 'object',
      properties: {
        resourceVersion: { type: 'string' },
        continue: { type: 'string' },
        remainingItemCount: { type: 'integer', format: 'int64' },
      },
    },
  };
  for (const t of types) {
    const metadata =
      version === 'v2' ? ref('v2', OBJECT_META) : { allOf: [ref('v3', OBJECT_META)] };
    out[definitionName(t)] = {
      description: `${t.kind} is served by the Kubernetes API simulator.`,
      type: 'object',
      properties: {
        apiVersion: { description: 'APIVersion defines the versioned schema.', type: 'string' },
        kind: {
          description: 'Kind is a string value representing the REST resource.',
          type: 'string',
        },
        metadata,
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-group-version-kind': gvk(t),
    };
    out[definitionName(t, 'List')] = {
      description: `${t.kind}List is a list of ${t.kind}.`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        items: { type: 'array', items: ref(version, definitionName(t)) },
        metadata: version === 'v2' ? ref('v2', LIST_META) : { allOf: [ref('v3', LIST_META)] },
      },
      'x-kubernetes-group-version-kind': gvk(t, 'List'),
    };
  }
  return out;
};

const pathPrefix = (t: ResourceType): string =>
  t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;

const resourcePaths = (t: ResourceType): string[] => {
  const base = pathPrefix(t);
  return t.namespaced
    ? [
        `${base}/namespaces/{namespace}/${t.resource}`,
        `${base}/namespaces/{namespace}/${t.resource}/{name}`,
      ]
    : [`${base}/${t.resource}`, `${base}/${t.resource}/{name}`];
};

const operation = (t: ResourceType, item: boolean, version: 'v2' | 'v3') => {
  const name = definitionName(t, item ? '' : 'List');
  const verb = item ? 'read' : 'list';
  const response =
    version === 'v2'
      ? { description: 'OK', schema: ref('v2', name) }
      : { description: 'OK', content: { 'application/json': { schema: ref('v3', name) } } };
  return {
    get: {
      description: `${verb} ${t.kind}`,
      operationId: `${verb}${t.kind}`,
      ...(version === 'v2' ? { produces: ['application/json'] } : {}),
      responses: { '200': response },
      'x-kubernetes-action': item ? 'get' : 'list',
      'x-kubernetes-group-version-kind': gvk(t)[0],
    },
  };
};

/** GET paths of the kinds that answer get/list (reviews are create-only: definitions only). */
const paths = (types: readonly ResourceType[], version: 'v2' | 'v3') =>
  Object.fromEntries(
    types
      .filter((t) => verbsOf(t).includes('get'))
      .flatMap((t) => {
        const [list, item] = resourcePaths(t);
        return [
          [list, operation(t, false, version)],
          [item, operation(t, true, version)],
        ];
      }),
  );

const info = () => ({ title: 'Kubernetes', version: VERSION_INFO.gitVersion });

/** The Swagger 2.0 document of every served kind. */
export const openApiV2 = (types: readonly ResourceType[]) => ({
  swagger: '2.0',
  info: info(),
  paths: paths(types, 'v2'),
  definitions: schemas(types, 'v2'),
});

/** `api/v1` or `apis/{group}/{version}`: the key of a group version in the v3 index. */
export const groupVersionPath = (t: ResourceType): string => pathPrefix(t).slice(1);

/** The OpenAPI 3.0 document of one group version, or undefined when it is not served. */
export const openApiV3 = (types: readonly ResourceType[], gvPath: string) => {
  const inGv = types.filter((t) => groupVersionPath(t) === gvPath);
  if (inGv.length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: info(),
    paths: paths(inGv, 'v3'),
    components: { schemas: schemas(inGv, 'v3') },
  };
};

/** Upper-case hex SHA-512, as kube-openapi hashes v3 documents. */
export const documentHash = (body: string): string =>
  createHash('sha512').update(body).digest('hex').toUpperCase();

/** `{ paths: { "apis/kubevirt.io/v1": { serverRelativeURL: "/openapi/v3/apis/kubevirt.io/v1?hash=…" } } }` */
export const openApiV3Index = (types: readonly ResourceType[]) => {
  const gvs = [...new Set(types.map(groupVersionPath))].sort();
  return {
    paths: Object.fromEntries(
      gvs.map((gv) => [
        gv,
        {
          serverRelativeURL: `/openapi/v3/${gv}?hash=${documentHash(JSON.stringify(openApiV3(types, gv)))}`,
        },
      ]),
    ),
  };
};
