/**
 * A pod's log as kube-apiserver answers it (see podLog.ts): the fixture's annotated text (empty
 * without one) for a container that runs, cut by tailLines / limitBytes as the kubelet cuts, 400 for a waiting or unknown container or an unnamed one in a pod of several, 404 for a
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
  annotations: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'vms', uid: `uid-${name}`, annotations },
  spec: { containers: containers.map((c) => ({ name: c, image: 'quay.io/x/y:1' })) },
  status: { containerStatuses: containers.map((c) => ({ name: c, state })) },
});

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vms' } },
      pod('runs', { running: { startedAt: '2026-01-01T00:00:00Z' } }),
      pod('pulls', { waiting: { reason: 'ErrImagePull' } }, ['compute', 'volumecontainerdisk']),
      pod('talks', { running: {} }, ['compute', 'guest-console-log'], {
        'kube-simulator.test/log-compute': 'one\ntwo\nthree\n',
        'kube-simulator.test/log-guest-console-log': 'Booting…\nlogin:',
      }),
      {
        ...pod('restarts', { waiting: { reason: 'CrashLoopBackOff' } }, ['compute'], {
          'kube-simulator.test/log-compute': 'the run that ended\n',
        }),
        status: {
          containerStatuses: [
            {
              name: 'compute',
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1 } },
            },
          ],
        },
      },
      pod('binary', { running: {} }, ['compute'], {
        'kube-simulator.test/log-base64-compute': Buffer.from([
          0x41, 0xff, 0xfe, 0x00, 0x0a,
        ]).toString('base64'),
      }),
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
    'container "compute" in pod "pulls" is waiting to start: image can\'t be pulled',
  );
  const unknown = await log('runs', '?container=guest-console-log');
  expect(unknown.status).toBe(400);
  expect(unknown.json().message).toBe('container guest-console-log is not valid for pod runs');
  const unnamed = await log('pulls');
  expect(unnamed.status).toBe(400);
  expect(unnamed.json().message).toMatch(/^a container name must be specified for pod pulls/);
});

it('gives a container waiting to restart the log of its last run, as the kubelet does', async () => {
  const res = await log('restarts', '?container=compute');
  expect(res.status).toBe(200);
  expect(res.body).toBe('the run that ended\n');
});

it('answers 404 for a missing pod and 403 without the right', async () => {
  expect((await log('gone')).status).toBe(404);
  expect((await log('runs', '', 'nobody')).status).toBe(403);
});

describe('fixture log text', () => {
  it('answers the annotated text of the named container', async () => {
    expect((await log('talks', '?container=compute')).body).toBe('one\ntwo\nthree\n');
    expect((await log('talks', '?container=guest-console-log')).body).toBe('Booting…\nlogin:');
  });

  it('keeps the last tailLines lines, a final line without newline included', async () => {
    expect((await log('talks', '?container=compute&tailLines=2')).body).toBe('two\nthree\n');
    expect((await log('talks', '?container=compute&tailLines=0')).body).toBe('');
    expect((await log('talks', '?container=compute&tailLines=50')).body).toBe('one\ntwo\nthree\n');
    expect((await log('talks', '?container=guest-console-log&tailLines=1')).body).toBe('login:');
  });

  it('stops after limitBytes bytes of the tail, mid-line', async () => {
    expect((await log('talks', '?container=compute&tailLines=2&limitBytes=6')).body).toBe(
      'two\nth',
    );
    expect((await log('talks', '?container=compute&limitBytes=1000&timestamps=true')).body).toBe(
      'one\ntwo\nthree\n',
    );
  });

  it('answers 400 for a negative tailLines or a limitBytes below 1, as PodLogOptions validation does', async () => {
    const tail = await log('talks', '?container=compute&tailLines=-1');
    expect(tail.status).toBe(400);
    expect(tail.json().message).toMatch(
      /tailLines: Invalid value: -1: must be greater than or equal to 0/,
    );
    const limit = await log('talks', '?container=compute&limitBytes=0');
    expect(limit.status).toBe(400);
    expect(limit.json().message).toMatch(/limitBytes: Invalid value: 0: must be greater than 0/);
  });

  it('serves base64 fixture logs byte for byte (binary, invalid UTF-8)', async () => {
    const res = await rawRequest(sim, 'GET', '/api/v1/namespaces/vms/pods/binary/log', 'admin');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('5');
    // The test client decodes as UTF-8: the two invalid bytes arrive as replacement characters.
    expect(res.body).toBe('A\ufffd\ufffd\u0000\n');
  });
});
