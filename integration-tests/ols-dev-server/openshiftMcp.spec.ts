/**
 * The real kubernetes-mcp-server (pinned npm package) registered as openshift-mcp-server next to a
 * stand-in cnv-mcp-server, against the Kubernetes API simulator with the demo cluster: the dev
 * server routes each call to the server that lists the tool and reports its `server_name`; the
 * caller's token reaches the simulator; "Restart this VM" reaches vm_lifecycle only after approval.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { startKubeSimulator, type KubeSimulator } from '../kube-simulator';
import {
  findOpenshiftMcpBinary,
  freePort,
  OPENSHIFT_MCP_SERVER_NAME,
  startOpenshiftMcpServer,
  type OpenshiftMcpPart,
} from '../support/openshiftMcpServer';
import {
  OPENSHIFT_MCP_TOOLS,
  PEER_PROBE_ARGS,
} from '../../src/lightspeed/capabilities/openshiftMcpTools';
import { startOlsDevServer, type OlsDevServer } from './index';

const ROOT = path.resolve(__dirname, '../..');
const binary = findOpenshiftMcpBinary(ROOT);
// The binary is a pinned devDependency (linux-amd64 here); elsewhere the suite says why it is skipped.
const describeWithBinary = binary ? describe : describe.skip;
if (!binary)
  console.warn('kubernetes-mcp-server binary not installed: openshiftMcp.spec.ts skipped');

const ADMIN = 'Bearer dev-admin-token';
const BOB = 'Bearer bob-token';
const VM = { namespace: 'vm-dev', name: 'centos-stream9-build' };
const VM_PATH = `/apis/kubevirt.io/v1/namespaces/${VM.namespace}/virtualmachines/${VM.name}`;
const VM_YAML = `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: ${VM.name}\n  namespace: ${VM.namespace}\n`;

/** Stand-in cnv-mcp-server with one read-only tool. */
const startFakeCnvMcp = async () => {
  const server = http.createServer(async (req, res) => {
    const mcp = new McpServer({ name: 'fake-cnv', version: '1.0.0' });
    mcp.registerTool(
      'diagnose_vm_error',
      {
        description: 'Diagnoses a VM',
        inputSchema: { namespace: z.string(), name: z.string() },
        annotations: { readOnlyHint: true },
      },
      async () => ({ content: [{ type: 'text' as const, text: 'diagnosed' }] }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    stop: () => new Promise((r) => server.close(r)),
  };
};

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

const openStream = async (ols: OlsDevServer, body: Record<string, unknown>, auth = ADMIN) => {
  const res = await fetch(`${ols.url}/v1/streaming_query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth },
    body: JSON.stringify({ media_type: 'application/json', ...body }),
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: StreamEvent[] = [];
  let buffer = '';
  let done = false;
  const readMore = async () => {
    const chunk = await reader.read();
    if (chunk.done) done = true;
    else buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (line.startsWith('data: ')) seen.push(JSON.parse(line.slice(6)) as StreamEvent);
    }
  };
  return {
    async until(name: string): Promise<StreamEvent> {
      for (;;) {
        const found = seen.find((e) => e.event === name);
        if (found) return found;
        if (done) throw new Error(`stream ended without ${name}: ${JSON.stringify(seen)}`);
        await readMore();
      }
    },
    async rest(): Promise<StreamEvent[]> {
      while (!done) await readMore();
      return seen;
    },
  };
};

const decide = (ols: OlsDevServer, approvalId: unknown, approved: boolean, auth = ADMIN) =>
  fetch(`${ols.url}/v1/tool-approvals/decision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth },
    body: JSON.stringify({ approval_id: approvalId, approved }),
  });

const restartRequest = {
  query: 'Restart this VM',
  attachments: [
    { attachment_type: 'api object', content_type: 'application/yaml', content: VM_YAML },
  ],
};

describeWithBinary(
  'openshift-mcp-server (real kubernetes-mcp-server) in the OLS dev server',
  () => {
    let kube: KubeSimulator;
    let peer: OpenshiftMcpPart;
    let cnv: Awaited<ReturnType<typeof startFakeCnvMcp>>;
    let ols: OlsDevServer;
    /** Writes (anything but GET/HEAD) that reached the simulator for the VM or its subresources. */
    const vmWrites = () =>
      kube.requests.filter(
        (r) =>
          !['GET', 'HEAD'].includes(r.method) &&
          (r.path === VM_PATH ||
            r.path.startsWith(`${VM_PATH}/`) ||
            r.path.includes(`/namespaces/${VM.namespace}/virtualmachines/${VM.name}/`)),
      );

    beforeAll(async () => {
      kube = await startKubeSimulator({
        objects: buildDemoCluster(),
        tokens: Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant])),
      });
      peer = await startOpenshiftMcpServer(binary as string, {
        port: await freePort(),
        kubeconfig: kube.kubeconfigFor(null),
      });
      cnv = await startFakeCnvMcp();
      ols = await startOlsDevServer({
        mcpUrl: cnv.url,
        peerMcpServers: [{ name: OPENSHIFT_MCP_SERVER_NAME, url: peer.url }],
        users: DEMO_USERS.map(({ name, token }) => ({ token, username: name })),
        mode: { toolsApproval: 'tool_annotations', approvalTimeoutMs: 20_000 },
      });
    }, 60_000);

    afterAll(async () => {
      await ols?.stop();
      await cnv?.stop();
      await peer?.stop();
      await kube?.stop();
    });

    beforeEach(() => ols.setMode({ peerMcpRegistered: true }));

    it('routes each call to the server that lists the tool and reports its server_name', async () => {
      const stream = await openStream(ols, {
        query:
          'Call resources_list {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine"} then ' +
          `diagnose_vm_error {"namespace": "${VM.namespace}", "name": "${VM.name}"}`,
      });
      const events = await stream.rest();
      const calls = events.filter((e) => e.event === 'tool_call').map((e) => e.data);
      expect(calls.map((c) => [c.name, c.server_name])).toEqual([
        ['resources_list', OPENSHIFT_MCP_SERVER_NAME],
        ['diagnose_vm_error', 'cnv-mcp-server'],
      ]);
      const results = events.filter((e) => e.event === 'tool_result').map((e) => e.data);
      expect(results.map((r) => [r.name, r.status, r.server_name])).toEqual([
        ['resources_list', 'success', OPENSHIFT_MCP_SERVER_NAME],
        ['diagnose_vm_error', 'success', 'cnv-mcp-server'],
      ]);
      // All namespaces, not just `default`: the protobuf SelfSubjectAccessReview was answered, and
      // the Table columns came back (NAME, STATUS from the VM's printableStatus).
      const table = String(results[0].content);
      expect(table).toMatch(/^NAMESPACE\s+APIVERSION\s+KIND\s+NAME\s+AGE\s+STATUS\s+READY/);
      expect(table).toContain(`${VM.namespace}`);
      expect(table).toContain(VM.name);
      expect(table).toContain('team-a');
      const review = kube.requests.find(
        (r) => r.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      );
      expect(review?.status).toBe(201);
      expect(
        kube.requests.some(
          (r) => r.path === '/apis/kubevirt.io/v1/virtualmachines' && r.status === 200,
        ),
      ).toBe(true);
    }, 30_000);

    it("runs with the caller's own token (bob sees only his namespaces)", async () => {
      const stream = await openStream(
        ols,
        {
          query:
            'Call resources_list {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "namespace": "team-a"}',
        },
        BOB,
      );
      const result = (await stream.rest()).find((e) => e.event === 'tool_result')?.data;
      expect(result?.status).toBe('error');
      expect(String(result?.content)).toContain('User "bob" cannot list');
    }, 30_000);

    it('hands out no Secret data (denied_resources), whatever the user may read', async () => {
      const stream = await openStream(ols, {
        query:
          'Call resources_get {"apiVersion": "v1", "kind": "Secret", "namespace": "team-a", "name": "cloud-init"}',
      });
      const result = (await stream.rest()).find((e) => e.event === 'tool_result')?.data;
      expect(result?.status).toBe('error');
      expect(String(result?.content)).toContain('resource not allowed');
    }, 30_000);

    it('"Restart this VM": denial leaves the VM untouched; approval restarts it', async () => {
      kube.resetRequestLog();
      const denied = await openStream(ols, restartRequest);
      const call = await denied.until('tool_call');
      expect(call.data).toMatchObject({
        name: 'vm_lifecycle',
        server_name: OPENSHIFT_MCP_SERVER_NAME,
        args: { ...VM, action: 'restart' },
      });
      const pending = await denied.until('approval_required');
      expect(pending.data).toMatchObject({
        tool_name: 'vm_lifecycle',
        tool_args: { ...VM, action: 'restart' },
      });
      expect(vmWrites()).toEqual([]);
      expect((await decide(ols, pending.data.approval_id, false)).status).toBe(200);
      const deniedResult = (await denied.rest()).find((e) => e.event === 'tool_result')?.data;
      expect(deniedResult).toMatchObject({ name: 'vm_lifecycle', status: 'error' });
      expect(String(deniedResult?.content)).toContain('execution was rejected');
      expect(vmWrites()).toEqual([]);

      const approved = await openStream(ols, restartRequest);
      const again = await approved.until('approval_required');
      expect(vmWrites()).toEqual([]);
      const decidedAt = Date.now();
      expect((await decide(ols, again.data.approval_id, true)).status).toBe(200);
      const result = (await approved.rest()).find((e) => e.event === 'tool_result')?.data;
      const writes = vmWrites();
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.every((w) => w.start >= decidedAt && w.user === 'admin')).toBe(true);
      expect(result).toMatchObject({
        name: 'vm_lifecycle',
        server_name: OPENSHIFT_MCP_SERVER_NAME,
      });
      // With the simulator's write support the restart succeeds; the status says which happened.
      expect(result?.status).toBe('success');
    }, 60_000);

    it("answers the plugin's capability probe (vm_guest_info on a VM that does not exist) via tools/call", async () => {
      const call = (body: Record<string, unknown>) =>
        fetch(`${ols.url}/v1/mcp-apps/tools/call`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: ADMIN },
          body: JSON.stringify(body),
        });
      const probe = {
        server_name: OPENSHIFT_MCP_SERVER_NAME,
        tool_name: OPENSHIFT_MCP_TOOLS.guestInfo,
        arguments: { ...PEER_PROBE_ARGS },
      };
      const answered = await call(probe);
      expect(answered.status).toBe(200);
      // The tool ran and failed (no such VM): the server is registered and has the tool.
      expect(await answered.json()).toMatchObject({ is_error: true });
      expect((await call({ ...probe, tool_name: 'no_such_tool' })).status).toBe(502);
      ols.setMode({ peerMcpRegistered: false });
      expect((await call(probe)).status).toBe(404);
    }, 30_000);

    it('without openshift-mcp-server registered, "Restart this VM" calls no tool', async () => {
      ols.setMode({ peerMcpRegistered: false });
      kube.resetRequestLog();
      const events = await (await openStream(ols, restartRequest)).rest();
      expect(events.some((e) => e.event === 'tool_call')).toBe(false);
      expect(vmWrites()).toEqual([]);
    }, 30_000);
  },
);
