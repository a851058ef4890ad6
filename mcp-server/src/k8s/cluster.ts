import { KubeConfig } from '@kubernetes/client-node';

/**
 * The server's own cluster configuration: --kubeconfig, else KUBECONFIG / ~/.kube/config, else the
 * in-cluster service account. In HTTP mode only its cluster entry (server URL + CA) is reused for callers.
 */
export const loadBaseKubeConfig = (path?: string): KubeConfig => {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) {
    throw new Error(
      path
        ? `kubeconfig ${path} has no current cluster`
        : 'no Kubernetes configuration found (set --kubeconfig or KUBECONFIG, or run in a cluster)',
    );
  }
  return kc;
};

/**
 * A KubeConfig that is the caller and nobody else: the base cluster (server, CA, TLS settings) and a user
 * holding only the caller's bearer token. The server's own credentials are never copied.
 */
export const kubeConfigForToken = (base: KubeConfig, token: string): KubeConfig => {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('the base kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'caller', token }],
    contexts: [{ name: 'caller', cluster: cluster.name, user: 'caller' }],
    currentContext: 'caller',
  });
  return kc;
};
