import { toLightspeedConsoleAttachments } from './lightspeedConsoleAttachments';

describe('toLightspeedConsoleAttachments', () => {
  it('maps OLS attachment types to lightspeed-console types', () => {
    const converted = toLightspeedConsoleAttachments([
      {
        attachment_type: 'api object',
        content_type: 'application/yaml',
        content: 'kind: Pod\nmetadata:\n  name: p\n  namespace: n\n',
      },
      { attachment_type: 'configuration', content_type: 'application/yaml', content: 'a: 1' },
      {
        attachment_type: 'event',
        content_type: 'application/yaml',
        content: 'items:\n- involvedObject: {kind: VirtualMachine, name: vm, namespace: n}\n',
      },
      { attachment_type: 'log', content_type: 'text/plain', content: 'l' },
      { attachment_type: 'stack trace', content_type: 'text/plain', content: 's' },
    ]);
    expect(
      converted.map(({ attachmentType, kind, name, namespace }) => [
        attachmentType,
        kind,
        name,
        namespace,
      ]),
    ).toEqual([
      ['YAML', 'Pod', 'p', 'n'],
      ['YAML', 'YAML', 'attachment-2', ''],
      ['Events', 'VirtualMachine', 'vm', 'n'],
      ['Log', 'Log', 'attachment-4', ''],
      ['Log', 'Log', 'attachment-5', ''],
    ]);
  });

  it('reads JSON content and tolerates unparsable YAML', () => {
    const [json, broken] = toLightspeedConsoleAttachments([
      {
        attachment_type: 'api object',
        content_type: 'application/json',
        content: '{"kind":"VirtualMachine","metadata":{"name":"a"}}',
      },
      { attachment_type: 'api object', content_type: 'application/yaml', content: 'a: [unclosed' },
    ]);
    expect([json.kind, json.name]).toEqual(['VirtualMachine', 'a']);
    expect([broken.kind, broken.name]).toEqual(['YAML', 'attachment-2']);
    expect(broken.value).toBe('a: [unclosed');
  });

  it('keeps keys unique so the chat does not drop an attachment', () => {
    const yaml = 'kind: Pod\nmetadata:\n  name: p\n';
    const converted = toLightspeedConsoleAttachments([
      { attachment_type: 'api object', content_type: 'application/yaml', content: yaml },
      { attachment_type: 'api object', content_type: 'application/yaml', content: yaml },
    ]);
    expect(converted.map((a) => a.name)).toEqual(['p', 'p-2']);
  });
});
