import https from 'node:https';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from './index';
import { negotiate } from './negotiation';
import {
  decodeEnvelope,
  decodeSelfSubjectAccessReview,
  encodeSelfSubjectAccessReview,
  PROTOBUF_MEDIA_TYPE,
} from './protobuf';
import { humanAge } from './table';

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

describe('protobuf SelfSubjectAccessReview decoding', () => {
  it('reads the resource attributes back from the envelope', () => {
    const attrs = {
      verb: 'list',
      group: 'kubevirt.io',
      version: 'v1',
      resource: 'virtualmachines',
    };
    const bytes = encodeSelfSubjectAccessReview({ resourceAttributes: attrs });
    expect([...bytes.subarray(0, 4)]).toEqual([0x6b, 0x38, 0x73, 0x00]);
    expect(decodeSelfSubjectAccessReview(bytes)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attrs },
    });
  });

  it('reads non-resource attributes and long strings (multi-byte lengths)', () => {
    const path = `/${'x'.repeat(300)}`;
    const bytes = encodeSelfSubjectAccessReview({ nonResourceAttributes: { path, verb: 'get' } });
    expect(decodeSelfSubjectAccessReview(bytes).spec).toEqual({
      nonResourceAttributes: { path, verb: 'get' },
    });
  });

  it('refuses bytes without the k8s\\0 prefix or cut short', () => {
    expect(() => decodeEnvelope(Buffer.from('{"kind":"x"}'))).toThrow(/envelope prefix/);
    const bytes = encodeSelfSubjectAccessReview({ resourceAttributes: { verb: 'get' } });
    expect(() => decodeSelfSubjectAccessReview(bytes.subarray(0, bytes.length - 3))).toThrow(
      /truncated/,
    );
  });
});

describe('Table negotiation', () => {
  it('picks Table for as=Table;g=meta.k8s.io;v=v1 and ignores other groups', () => {
    expect(negotiate('application/json;as=Table;v=v1;g=meta.k8s.io, application/json')).toBe(
      'table',
    );
    expect(negotiate('application/json;as=Table;v=v1;g=other.io, application/json')).toBe('full');
  });

  it('prints ages the way kubectl does', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(humanAge('2026-01-09T23:59:30Z', now)).toBe('30s');
    expect(humanAge('2026-01-09T23:55:00Z', now)).toBe('5m');
    expect(humanAge('2026-01-09T20:00:00Z', now)).toBe('4h');
    expect(humanAge('2026-01-05T00:00:00Z', now)).toBe('5d');
    expect(humanAge(undefined, now)).toBe('<unknown>');
  });
});

describe('simulator: protobuf reviews and Table reads', () => {
  let sim: KubeSimulator;
  beforeAll(async () => {
    sim = await startKubeSimulator({
      objects: buildDemoCluster(),
      tokens: Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant])),
    });
  });
  afterAll(() => sim.stop());

  const request = (
    method: string,
    path: string,
    token: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<{ status: number; type?: string; json: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        `${sim.url}${path}`,
        { method, ca: sim.caPem, headers: { ...headers, Authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['content-type'],
              json: JSON.parse(Buffer.concat(chunks).toString()),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const review = (token: string, resourceAttributes: Record<string, string>) =>
    request(
      'POST',
      SSAR_PATH,
      token,
      { 'Content-Type': PROTOBUF_MEDIA_TYPE, Accept: `${PROTOBUF_MEDIA_TYPE}, */*` },
      encodeSelfSubjectAccessReview({ resourceAttributes }),
    );

  it('answers a protobuf review in JSON with the same decision as reads', async () => {
    const vms = { verb: 'list', group: 'kubevirt.io', resource: 'virtualmachines' };
    const admin = await review('dev-admin-token', vms);
    expect(admin.status).toBe(201);
    expect(admin.type).toMatch(/^application\/json/);
    expect(admin.json).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: vms },
      status: { allowed: true },
    });
    expect((await review('bob-token', vms)).json.status).toMatchObject({ allowed: false });
    expect((await review('bob-token', { ...vms, namespace: 'team-b' })).json.status).toMatchObject({
      allowed: true,
    });
  });

  it('answers 400 to protobuf that is not a review envelope', async () => {
    const res = await request(
      'POST',
      SSAR_PATH,
      'dev-admin-token',
      {
        'Content-Type': PROTOBUF_MEDIA_TYPE,
      },
      Buffer.from('not protobuf'),
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  const TABLE = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json' };

  it('serves a VM list as a Table with KubeVirt printer columns and metadata rows', async () => {
    const res = await request(
      'GET',
      '/apis/kubevirt.io/v1/namespaces/vm-dev/virtualmachines',
      'bob-token',
      TABLE,
    );
    expect(res.status).toBe(200);
    const table = res.json as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: {
        cells: unknown[];
        object: { kind: string; metadata: { name: string; namespace: string } };
      }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'Status', 'Ready']);
    const row = table.rows.find((r) => r.cells[0] === 'centos-stream9-build');
    expect(row?.cells[2]).toBe('Running');
    expect(row?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'centos-stream9-build', namespace: 'vm-dev' },
    });
    expect(table.rows.every((r) => r.object.metadata.namespace === 'vm-dev')).toBe(true);
  });

  it('serves one object as a one-row Table, and RBAC still applies', async () => {
    const path = '/apis/kubevirt.io/v1/namespaces/vm-dev/virtualmachines/centos-stream9-build';
    const one = await request('GET', path, 'bob-token', TABLE);
    expect((one.json.rows as unknown[]).length).toBe(1);
    expect((await request('GET', path, 'alice-token', TABLE)).status).toBe(403);
  });
});
