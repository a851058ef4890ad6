/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` as kube-apiserver and the kubelet answer it
 * (kubernetes release-1.33 pkg/registry/core/pod/strategy.go `LogLocation`: the container must be
 * named when the pod has several, and must be one of the pod's; pkg/kubelet/kubelet_pods.go
 * `validateContainerLogStatus`: a container that is waiting has no log yet). The simulator has no
 * container output: a container that runs or ran has the text of the pod's annotation
 * `kube-simulator.test/log-<container>` as its log (or the bytes of
 * `kube-simulator.test/log-base64-<container>`, for binary and invalid UTF-8), empty without one.
 * `tailLines` and `limitBytes` apply as the kubelet applies them; a WebSocket (`follow=true`,
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

interface ContainerStatusShape {
  name: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodShape {
  metadata?: { annotations?: Record<string, string> };
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: {
    containerStatuses?: ContainerStatusShape[];
    initContainerStatuses?: ContainerStatusShape[];
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
  // validateContainerLogStatus's order: running or terminated now, else the last terminated run
  // (a container waiting to restart still has the log of the run that ended), else waiting.
  const state = status?.state;
  if (state?.running || state?.terminated || status?.lastState?.terminated) {
    return { container: chosen };
  }
  const reason = state?.waiting?.reason ?? 'ContainerCreating';
  const why =
    reason === 'ErrImagePull'
      ? "image can't be pulled"
      : reason === 'ImagePullBackOff'
        ? 'trying and failing to pull image'
        : reason;
  throw badRequest(`container "${chosen}" in pod "${name}" is waiting to start: ${why}`);
};

/** Annotation prefixes a fixture pod carries its containers' log text in (see README). */
export const LOG_ANNOTATION = 'kube-simulator.test/log-';
export const LOG_BASE64_ANNOTATION = 'kube-simulator.test/log-base64-';

/** A non-negative integer query parameter as the apiserver validates it (PodLogOptions). */
const intParam = (params: URLSearchParams, name: string, min: number): number | undefined => {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw))
    throw badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  const value = Number(raw);
  if (value < min) {
    throw badRequest(
      `PodLogOptions "" is invalid: ${name}: Invalid value: ${value}: must be greater than${min > 0 ? '' : ' or equal to'} ${min > 0 ? min - 1 : min}`,
    );
  }
  return value;
};

/**
 * The body of `GET …/pods/{name}/log`: the container's fixture log, the last `tailLines` lines
 * (kubelet: counted from the end; a final line without newline counts), then at most `limitBytes`
 * bytes from the start of that (the kubelet stops reading there, mid-line or mid-character).
 * `timestamps`, `sinceSeconds`, `sinceTime` and `previous` are accepted and ignored.
 */
export const readPodLog = (
  store: ObjectStore,
  grant: TokenGrant,
  namespace: string,
  name: string,
  params: URLSearchParams,
): Buffer => {
  const tailLines = intParam(params, 'tailLines', 0);
  const limitBytes = intParam(params, 'limitBytes', 1);
  const { container } = checkPodLog(store, grant, namespace, name, params.get('container'));
  const pods = store.registry.byPath('', 'v1', 'pods');
  const pod = pods
    ? (store.get(pods, namespace, name) as (StoredObject & PodShape) | undefined)
    : undefined;
  const annotations = pod?.metadata?.annotations ?? {};
  const base64 = annotations[`${LOG_BASE64_ANNOTATION}${container}`];
  let body: Buffer =
    base64 !== undefined
      ? Buffer.from(base64, 'base64')
      : Buffer.from(annotations[`${LOG_ANNOTATION}${container}`] ?? '', 'utf8');
  if (tailLines !== undefined) body = lastLines(body, tailLines);
  if (limitBytes !== undefined && body.length > limitBytes) body = body.subarray(0, limitBytes);
  return body;
};

/** The last `n` lines of a byte log (newline = 0x0a), scanning from the end only. */
const lastLines = (body: Buffer, n: number): Buffer => {
  if (n === 0) return Buffer.alloc(0);
  let end = body.length;
  // A trailing newline ends the last line; it does not start an empty one.
  if (end > 0 && body[end - 1] === 0x0a) end -= 1;
  let seen = 0;
  for (let i = end - 1; i >= 0; i -= 1) {
    if (body[i] === 0x0a) {
      seen += 1;
      if (seen === n) return body.subarray(i + 1);
    }
  }
  return body;
};
