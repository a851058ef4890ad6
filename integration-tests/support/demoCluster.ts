/** Expected results come from the demo cluster's objects, read independently of the plugin's code. */
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';

interface Vm {
  kind: string;
  metadata: { name: string; namespace: string };
  status?: { printableStatus?: string };
}

const objects = buildDemoCluster() as unknown as Vm[];

export const demoVms = objects.filter((o) => o.kind === 'VirtualMachine');

export const vmKeys = (predicate: (vm: Vm) => boolean) =>
  demoVms
    .filter(predicate)
    .map((vm) => `${vm.metadata.namespace}/${vm.metadata.name}`)
    .sort();

export const namespacesOf = (user: string) => {
  const grant = DEMO_USERS.find((u) => u.name === user)?.grant;
  return grant?.namespaces === '*' ? undefined : (grant?.namespaces as string[]);
};
