/** Kubeconfig files pointing at the simulator, trusting its CA (or skipping TLS checks on request). */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Write `insecure-skip-tls-verify: true` instead of embedding the CA. */
  insecureSkipTlsVerify?: boolean;
  /** Default namespace of the context. */
  namespace?: string;
  /** Write here instead of the simulator's temporary directory. */
  path?: string;
  /** CA to trust instead of the simulator's (to test that a wrong CA fails). */
  caPem?: string;
}

export const renderKubeconfig = (
  server: string,
  caPem: string,
  token: string | undefined,
  user: string,
  options: KubeconfigOptions = {},
): string => {
  const cluster = options.insecureSkipTlsVerify
    ? { server, 'insecure-skip-tls-verify': true }
    : {
        server,
        'certificate-authority-data': Buffer.from(options.caPem ?? caPem).toString('base64'),
      };
  const context = {
    cluster: 'kube-simulator',
    user,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kube-simulator', cluster }],
    users: [{ name: user, user: token === undefined ? {} : { token } }],
    contexts: [{ name: `kube-simulator-${user}`, context }],
    'current-context': `kube-simulator-${user}`,
    preferences: {},
  });
};

/** File name derived from a hash so tokens never appear in paths or logs. */
export const writeKubeconfig = (
  dir: string,
  content: string,
  options: KubeconfigOptions,
): string => {
  const path =
    options.path ??
    join(dir, `kubeconfig-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.yaml`);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};
