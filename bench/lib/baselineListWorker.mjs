// Baseline of the search benchmark, in its own process so its memory can be sampled like the
// server's: a raw cluster-scoped list of every VirtualMachine with @kubernetes/client-node
// (CustomObjectsApi, limit/continue paging with the server's page size), parsed into objects.
// Protocol (IPC): receives {kubeconfig, pageSize} per run, answers {ms, count}.
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { performance } from 'node:perf_hooks';

const listAllVms = async (api, pageSize) => {
  const items = [];
  let token;
  do {
    const page = await api.listClusterCustomObject({
      group: 'kubevirt.io',
      version: 'v1',
      plural: 'virtualmachines',
      limit: pageSize,
      _continue: token,
    });
    items.push(...page.items);
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
};

process.on('message', async ({ kubeconfig, pageSize }) => {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = kc.makeApiClient(CustomObjectsApi);
  const start = performance.now();
  const items = await listAllVms(api, pageSize);
  const ms = performance.now() - start;
  process.send({ ms, count: items.length });
});
process.send({ ready: true });
