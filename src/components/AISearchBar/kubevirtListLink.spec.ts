import {
  kubevirtListSearchHref,
  kubevirtListSearchParams,
  unmappedFields,
} from './kubevirtListLink';

describe('kubevirt-plugin VM list deep link', () => {
  it('maps exact names, labels, namespaces, statuses and nodes to its query parameters', () => {
    const params = kubevirtListSearchParams({
      nameContains: 'db',
      labels: [
        { key: 'app', operator: 'equals', value: 'web' },
        { key: 'tier', operator: 'exists' },
      ],
      namespaces: ['prod', 'prod-*'],
      statuses: ['ErrImagePull', 'CrashLoopBackOff'],
      nodes: ['worker-1'],
    });
    expect(Object.fromEntries(params)).toEqual({
      name: 'db',
      labels: 'app=web',
      'rowFilter-project': 'prod',
      'rowFilter-status': 'ErrImagePull,CrashLoopBackOff',
      'rowFilter-node': 'worker-1',
    });
  });

  it('links to the bare search route when nothing maps', () => {
    expect(kubevirtListSearchHref({ createdWithinMs: 3600_000 })).toBe(
      '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search',
    );
  });

  it('reports the criteria the list cannot express', () => {
    expect(
      unmappedFields({ namespaces: ['prod-*'], createdWithinMs: 1, statuses: ['Running'] }).sort(),
    ).toEqual(['createdWithinMs', 'namespaces']);
    expect(unmappedFields({ statuses: ['Running'], namespaces: ['a'] })).toEqual([]);
  });
});
