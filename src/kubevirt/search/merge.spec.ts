import { compactCriteria, isEmptyCriteria, mergeCriteria } from './merge';

describe('mergeCriteria', () => {
  it('unions lists without duplicates', () => {
    expect(
      mergeCriteria(
        {
          namespaces: ['a', 'b'],
          statuses: ['Running'],
          labels: [{ key: 'app', operator: 'exists' }],
        },
        {
          namespaces: ['b', 'c'],
          statuses: ['Paused'],
          labels: [{ key: 'app', operator: 'exists' }],
        },
      ),
    ).toEqual({
      namespaces: ['a', 'b', 'c'],
      statuses: ['Running', 'Paused'],
      labels: [{ key: 'app', operator: 'exists' }],
    });
  });

  it('keeps the stricter bound of each range', () => {
    expect(
      mergeCriteria(
        { minCpu: 2, maxCpu: 16, minMemoryBytes: 10, createdWithinMs: 1000, createdBeforeMs: 5 },
        { minCpu: 4, maxCpu: 8, maxMemoryBytes: 99, createdWithinMs: 500, createdBeforeMs: 9 },
      ),
    ).toEqual({
      minCpu: 4,
      maxCpu: 8,
      minMemoryBytes: 10,
      maxMemoryBytes: 99,
      createdWithinMs: 500,
      createdBeforeMs: 9,
    });
  });

  it('lets the explicit side decide hasErrors and nameContains', () => {
    expect(
      mergeCriteria(
        { hasErrors: true, nameContains: 'a' },
        { hasErrors: false, nameContains: 'b' },
      ),
    ).toEqual({
      hasErrors: false,
      nameContains: 'b',
    });
    expect(mergeCriteria({ hasErrors: true, nameContains: 'a' }, {})).toEqual({
      hasErrors: true,
      nameContains: 'a',
    });
  });

  it('takes the later createdSince', () => {
    expect(
      mergeCriteria(
        { createdSince: '2026-11-25T00:00:00Z' },
        { createdSince: '2026-11-20T00:00:00Z' },
      ),
    ).toEqual({ createdSince: '2026-11-25T00:00:00Z' });
  });

  it('does not mutate its inputs and drops empty fields', () => {
    const a = { namespaces: ['a'] };
    const b = { namespaces: [] as string[], text: [] as string[] };
    expect(mergeCriteria(a, b)).toEqual({ namespaces: ['a'] });
    expect(a).toEqual({ namespaces: ['a'] });
    expect(mergeCriteria({}, {})).toEqual({});
  });
});

describe('compactCriteria / isEmptyCriteria', () => {
  it('removes undefined, empty strings and empty lists but keeps false and 0', () => {
    expect(
      compactCriteria({
        namespaces: [],
        nameContains: '',
        hasErrors: false,
        minCpu: 0,
        nodes: undefined,
      }),
    ).toEqual({ hasErrors: false, minCpu: 0 });
    expect(isEmptyCriteria({ namespaces: [] })).toBe(true);
    expect(isEmptyCriteria({ hasErrors: false })).toBe(false);
  });
});
