import { formatAge } from './formatAge';

const now = new Date('2026-05-01T12:00:00Z');

describe('formatAge', () => {
  it.each([
    ['2026-05-01T11:59:30Z', '30s'],
    ['2026-05-01T11:48:00Z', '12m'],
    ['2026-05-01T09:00:00Z', '3h'],
    ['2026-04-28T12:00:00Z', '3d'],
  ])('formats %s as %s', (created, expected) => {
    expect(formatAge(created, now)).toBe(expected);
  });

  it('is empty for missing or unparsable timestamps', () => {
    expect(formatAge(undefined, now)).toBe('');
    expect(formatAge('yesterday', now)).toBe('');
  });

  it('never shows a negative age for clocks slightly ahead', () => {
    expect(formatAge('2026-05-01T12:00:05Z', now)).toBe('0s');
  });
});
