/**
 * A pod's log as kube-apiserver answers it (see podLog.ts): an empty log for a container that
 * runs, 400 for a waiting or unknown container or an unnamed one in a pod of several, 404 for a
 * missing pod, 403 without the right; over a WebSocket the followed log opens (101).
 */
import { disposeKubeSimulator, startKubeSimulator, type KubeSimulator } from './index';
import { rawRequest } from './testClient';
import type { KubeObject } from './store';

let sim: KubeSimulator;

const pod = (
  name: string,
  state: Record<string, unknown>,
  containers = ['compute'],
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'vms', uid: `uid-${name}` },
  spec: { containers: containers.map((c) => ({ name: c, image: 'quay.io/x/y:1' })) },
  status: { containerStatuses: containers.map((c) => ({ name: c, state })) },
});

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vms' } },
      pod('runs', { running: { startedAt: '2026-01-01T00:00:00Z' } }),
      pod('pulls', { waiting: { reason: 'ErrImagePull' } }, ['compute', 'volumecontainerdisk']),
    ],
    tokens: {
      admin: { user: 'admin', namespaces: '*' },
      nobody: { user: 'nobody', namespaces: ['elsewhere'] },
    },
  });
});

afterAll(() => disposeKubeSimulator(sim));

const log = (name: string, query = '', token = 'admin') =>
  rawRequest(sim, 'GET', `/api/v1/namespaces/vms/pods/${name}/log${query}`, token);

it('gives an empty log for a running container', async () => {
  const res = await log('runs');
  expect(res.status).toBe(200);
  expect(res.body).toBe('');
});

it('answers 400 for a waiting, unknown or unnamed container, as the kubelet and apiserver do', async () => {
  const waiting = await log('pulls', '?container=compute');
  expect(waiting.status).toBe(400);
  expect(waiting.json().message).toBe(
    'container "compute" in pod "pulls" is waiting to start: ErrImagePull',
  );
  const unknown = await log('runs', '?container=guest-console-log');
  expect(unknown.status).toBe(400);
  expect(unknown.json().message).toBe('container guest-console-log is not valid for pod runs');
  const unnamed = await log('pulls');
  expect(unnamed.status).toBe(400);
  expect(unnamed.json().message).toMatch(/^a container name must be specified for pod pulls/);
});

it('answers 404 for a missing pod and 403 without the right', async () => {
  expect((await log('gone')).status).toBe(404);
  expect((await log('runs', '', 'nobody')).status).toBe(403);
});
