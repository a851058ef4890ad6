import type { TFunction } from 'i18next';
import { parseVmSearchQuery } from '../../kubevirt/search';
import { chipLabel } from './chipLabel';

// Marks translated text so the test sees which chips went through i18n.
const t = ((key: string, values?: Record<string, string>) =>
  `«${key.replace(/\{\{(\w+)\}\}/g, (_, n: string) => values?.[n] ?? '')}»`) as unknown as TFunction;

describe('chipLabel', () => {
  it('translates every chip the parser produces, including excluded statuses', () => {
    const { chips } = parseVmSearchQuery(
      'not running windows vms in team-a on node worker-1 labeled app=db with more than 4 cpus',
      { now: new Date('2026-11-25T12:00:00Z') },
    );
    expect(chips.length).toBeGreaterThan(4);
    for (const chip of chips) expect(chipLabel(chip, t)).toMatch(/^«.*»$/);
    const excluded = chips.find((c) => c.field === 'excludeStatuses');
    expect(excluded && chipLabel(excluded, t)).toBe('«Status is not: Running»');
  });

  it('translates the negated namespace, node and OS chips', () => {
    const { chips } = parseVmSearchQuery('not in team-a not on worker-1 not windows', {
      now: new Date('2026-11-25T12:00:00Z'),
    });
    expect(chips.map((chip) => chipLabel(chip, t))).toEqual([
      '«Namespace is not: team-a»',
      '«Node is not: worker-1»',
      '«OS is not: Windows»',
    ]);
  });
});

describe('categoryName and health chips', () => {
  it('translates the problem category and health chips by their value', () => {
    const { chips } = parseVmSearchQuery('vms that failed to migrate', {
      now: new Date('2026-11-25T12:00:00Z'),
    });
    const category = chips.find((c) => c.field === 'categories');
    expect(category && chipLabel(category, t)).toBe('«Problem: «Migration»»');
    expect(
      chipLabel({ id: 'health:error', field: 'health', value: 'error', label: 'Health: Error' }, t),
    ).toBe('«Health: «Error»»');
  });
});
