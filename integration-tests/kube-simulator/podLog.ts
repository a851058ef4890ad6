/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` as kube-apiserver and the kubelet answer it
 * (kubernetes release-1.33 pkg/registry/core/pod/strategy.go `LogLocation`: the container must be
 * named when the pod has several, and must be one of the pod's; pkg/kubelet/kubelet_pods.go
 * `validateContainerLogStatus`: a container that is waiting has no log yet). The simulator has no
 * container output, so a container that runs or ran has an empty log; a WebSocket (`follow=true`,
 * kubevirt-plugin's guest console log viewer) stays open with nothing to send.
 */
import { authorize } from './auth';
import { badRequest, notFound } from './status';
import type { ObjectStore, StoredObject } from './store';
import type { TokenGrant } from './auth';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: unknown;
  terminated?: unknown;
}

interface PodShape {
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: {
    containerStatuses?: { name: string; state?: ContainerState }[];
    initContainerStatuses?: { name: string; state?: ContainerState }[];
  };
}

/**
 * Checks a log request for one pod, as a real cluster does; throws the Status it would answer
 * (401/403 from authorization, 404 for a missing pod, 400 for a container that has no log).
 */
export const checkPodLog = (
  store: ObjectStore,
  grant: TokenGrant,
  namespace: string,
  name: string,
  container: string | null,
): { container: string } => {
  const pods = store.registry.byPath('', 'v1', 'pods');
  if (!pods) throw new Error('the simulator has no pods');
  authorize(grant, 'get', pods, namespace, name, 'log');
  const pod = store.get(pods, namespace, name) as (StoredObject & PodShape) | undefined;
  if (!pod) throw notFound(pods, name);
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const initContainers = (pod.spec?.initContainers ?? []).map((c) => c.name);
  let chosen = container ?? '';
  if (!chosen) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]` +
          (initContainers.length
            ? ` or one of the init containers: [${initContainers.join(' ')}]`
            : ''),
      );
    }
    chosen = containers[0];
  }
  if (!containers.includes(chosen) && !initContainers.includes(chosen)) {
    throw badRequest(`container ${chosen} is not valid for pod ${name}`);
  }
  const status = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === chosen);
  const state = status?.state;
  if (!state || (state.waiting && !state.running && !state.terminated)) {
    const reason = state?.waiting?.reason ?? 'ContainerCreating';
    throw badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ${reason}`);
  }
  return { container: chosen };
};
