import { lifecycleIntent } from './lifecycleIntent';
import { toolCallsInPrompt } from './toolCallsInPrompt';

const vmYaml = (namespace: string, name: string) => ({
  attachment_type: 'api object',
  content_type: 'application/yaml',
  content: `kind: VirtualMachine\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`,
});

describe('lifecycleIntent', () => {
  it('maps "Restart this VM" to vm_lifecycle for the attached VM', () => {
    expect(lifecycleIntent('Restart this VM', [vmYaml('vm-dev', 'db-1')])).toEqual({
      name: 'vm_lifecycle',
      args: { namespace: 'vm-dev', name: 'db-1', action: 'restart' },
    });
    expect(lifecycleIntent('please stop the virtual machine team-a/web-2', [])).toEqual({
      name: 'vm_lifecycle',
      args: { namespace: 'team-a', name: 'web-2', action: 'stop' },
    });
  });

  it('takes the imperative after a context paragraph, not advice inside a sentence', () => {
    expect(
      lifecycleIntent('Context: VM overview\n\nstart my VM', [vmYaml('a', 'b')])?.args,
    ).toEqual({
      namespace: 'a',
      name: 'b',
      action: 'start',
    });
    expect(
      lifecycleIntent('Fix the Secret, then restart the VM.', [vmYaml('a', 'b')]),
    ).toBeUndefined();
  });

  it('needs a VM: no attachment of kind VirtualMachine and no namespace/name → nothing', () => {
    const pod = {
      ...vmYaml('a', 'b'),
      content: 'kind: Pod\nmetadata:\n  name: b\n  namespace: a\n',
    };
    expect(lifecycleIntent('Restart this VM', [pod])).toBeUndefined();
    expect(lifecycleIntent('Restart this VM', [])).toBeUndefined();
  });
});

describe("toolCallsInPrompt with other servers' tools", () => {
  it('matches whole tool names only', () => {
    const names = ['pods_list', 'pods_list_in_namespace'];
    expect(toolCallsInPrompt('Call pods_list_in_namespace {"namespace": "a"}', 4, names)).toEqual([
      { name: 'pods_list_in_namespace', args: { namespace: 'a' } },
    ]);
  });
});
