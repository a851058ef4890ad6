import { useEffect, useState } from 'react';
import type { K8sModel, K8sResourceCommon } from '@openshift-console/dynamic-plugin-sdk';
import { k8sList } from '@openshift-console/dynamic-plugin-sdk';

/**
 * The console's `partialMetadata` applies to the first list only: its WebSocket watch then delivers
 * whole objects into the shared Redux store (openshift/console release-4.22
 * `frontend/public/actions/k8s.ts` watchK8sList). Secrets and ConfigMaps are therefore never watched
 * here: one PartialObjectMetadataList request, with the Accept header the console itself uses, read
 * again only when `refreshKey` changes.
 */
export const PARTIAL_OBJECT_METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

/** Core models of the kinds read as metadata only (the fields `resourceURL` needs). */
export const SECRET_MODEL: K8sModel = {
  apiVersion: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
  abbr: 'S',
  label: 'Secret',
  labelPlural: 'Secrets',
};
export const CONFIGMAP_MODEL: K8sModel = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  abbr: 'CM',
  label: 'ConfigMap',
  labelPlural: 'ConfigMaps',
};

export interface MetadataListState {
  data: K8sResourceCommon[];
  loaded: boolean;
  loadError?: unknown;
}

const INITIAL: MetadataListState = { data: [], loaded: false };

/** Keeps only metadata: a server that ignored the Accept header must not put `data` in state. */
const metadataOnly = (model: K8sModel, item: K8sResourceCommon): K8sResourceCommon => ({
  apiVersion: model.apiVersion,
  kind: model.kind,
  metadata: item.metadata,
});

export const useMetadataOnlyList = (
  model: K8sModel,
  namespace: string | undefined,
  refreshKey?: string,
): MetadataListState => {
  const [state, setState] = useState<MetadataListState>(INITIAL);
  useEffect(() => {
    if (!namespace) return undefined;
    let cancelled = false;
    k8sList({
      model,
      queryParams: { ns: namespace },
      requestInit: { headers: { Accept: PARTIAL_OBJECT_METADATA_LIST_ACCEPT } },
    })
      .then((result) => {
        if (cancelled) return;
        const items = Array.isArray(result) ? result : (result?.items ?? []);
        setState({ data: items.map((item) => metadataOnly(model, item)), loaded: true });
      })
      .catch((loadError: unknown) => {
        if (!cancelled) setState({ data: [], loaded: true, loadError });
      });
    return () => {
      cancelled = true;
    };
  }, [model, namespace, refreshKey]);
  return namespace ? state : INITIAL;
};
