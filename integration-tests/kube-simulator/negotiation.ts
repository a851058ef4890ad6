/**
 * Accept-header negotiation for metadata-only and Table reads, as the real API server does it:
 * `as=PartialObjectMetadata` for one object, `as=PartialObjectMetadataList` for lists, and a 406
 * NotAcceptable when the two are swapped (the server does not fall back to the next media type);
 * `as=Table` (kubectl, kubernetes-mcp-server's list output) for both, see table.ts.
 */
import type { ResourceType } from './resources';
import { listTable, objectTable } from './table';
import { makeStatus, StatusError } from './status';
import type { StoredObject } from './store';

export type Representation = 'full' | 'metadata' | 'metadataList' | 'table';

const META_GROUP_VERSIONS = new Set(['v1', 'v1beta1']);

/** The first media type in the Accept header that the simulator can produce. */
export const negotiate = (accept: string | undefined): Representation => {
  for (const mediaType of (accept ?? '').split(',')) {
    const [type, ...rawParams] = mediaType.split(';').map((p) => p.trim());
    if (!['application/json', 'application/*', '*/*'].includes(type.toLowerCase())) continue;
    const params = Object.fromEntries(rawParams.map((p) => p.split('=').map((s) => s.trim())));
    if (!params.as) return 'full';
    if (params.g !== 'meta.k8s.io' || !META_GROUP_VERSIONS.has(params.v)) continue;
    if (params.as === 'PartialObjectMetadata') return 'metadata';
    if (params.as === 'PartialObjectMetadataList') return 'metadataList';
    if (params.as === 'Table') return 'table';
    // Other conversions are not served: try the next media type.
  }
  return 'full';
};

const notAcceptable = (message: string) =>
  new StatusError(makeStatus(406, 'NotAcceptable', message));

const goType = (type: ResourceType, list: boolean): string =>
  type.group === ''
    ? `*core.${type.kind}${list ? 'List' : ''}`
    : `*unstructured.Unstructured${list ? 'List' : ''}`;

const partial = (obj: StoredObject) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: obj.metadata,
});

export const representObject = (
  representation: Representation,
  type: ResourceType,
  obj: StoredObject,
): unknown => {
  if (representation === 'full') return obj;
  if (representation === 'table') return objectTable(type, obj);
  if (representation === 'metadataList') {
    throw notAcceptable(
      `you requested PartialObjectMetadataList, but the requested object is not a list (${goType(type, false)})`,
    );
  }
  return partial(obj);
};

export const representList = (
  representation: Representation,
  type: ResourceType,
  list: { metadata: Record<string, unknown>; items: StoredObject[] } & Record<string, unknown>,
): unknown => {
  if (representation === 'full') return list;
  if (representation === 'table') return listTable(type, list);
  if (representation === 'metadata') {
    throw notAcceptable(
      `you requested PartialObjectMetadata, but the requested object is a list (${goType(type, true)})`,
    );
  }
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: 'meta.k8s.io/v1',
    metadata: list.metadata,
    items: list.items.map(partial),
  };
};
