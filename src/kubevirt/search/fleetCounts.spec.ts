import { FIXTURE_NOW, makeFixtureCluster } from '../testing/fixtureCluster';
import { fleetCounts } from './fleetCounts';
import { filterVms } from './match';

const now = FIXTURE_NOW;
const cluster = makeFixtureCluster({ now });

describe('fleetCounts', () => {
  const counts = fleetCounts(cluster, { now });

  it('puts every VM in exactly one verdict', () => {
    const sum = Object.values(counts.health).reduce((a, b) => a + b, 0);
    expect(sum).toBe(cluster.length);
  });

  it('counts the same VMs a health or category filter lists', () => {
    for (const [health, count] of Object.entries(counts.health)) {
      expect(filterVms(cluster, { health: [health as never] }, { now })).toHaveLength(count);
    }
    for (const [category, count] of Object.entries(counts.categories)) {
      expect(filterVms(cluster, { categories: [category as never] }, { now })).toHaveLength(count);
    }
    const categorized = Object.values(counts.categories).reduce((a, b) => a + (b ?? 0), 0);
    expect(categorized + counts.uncategorizedProblems).toBe(
      filterVms(cluster, { hasErrors: true }, { now }).length,
    );
  });

  it('files the fixture problems under their categories', () => {
    expect(counts.categories.ImagePull).toBe(4);
    expect(counts.categories.CrashLoop).toBe(3);
    expect(counts.categories.MissingVolume).toBe(3);
  });
});
