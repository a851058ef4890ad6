/**
 * A fresh CA and a server certificate signed by it, generated at start-up in process (no openssl
 * CLI). Clients trust the CA through the kubeconfig, so TLS verification really happens.
 */
import { generate } from 'selfsigned';

export interface ServerCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const generateServerCertificates = async (
  hostnames: string[] = ['localhost'],
  ips: string[] = ['127.0.0.1', '::1'],
): Promise<ServerCertificates> => {
  const now = Date.now();
  const validity = {
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 30 * DAY_MS),
  };
  const ca = await generate([{ name: 'commonName', value: 'kube-simulator-ca' }], {
    ...validity,
    keyType: 'ec',
    algorithm: 'sha256',
    curve: 'P-256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    ...validity,
    keyType: 'ec',
    algorithm: 'sha256',
    curve: 'P-256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hostnames.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
};
