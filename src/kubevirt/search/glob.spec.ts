import { containsOrGlob, globMatches, isGlob, nameMatches } from './glob';

describe('glob', () => {
  it.each([
    ['prod-*', 'prod-web', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'staging', false],
    ['*-db', 'prod-db', true],
    ['*-db', 'prod-db-2', false],
    ['dev-?ob', 'dev-bob', true],
    ['dev-?ob', 'dev-bbob', false],
    ['*a*b*c*', 'xaybzc', true],
    ['*a*b*c*', 'xaycb', false],
    ['PROD-*', 'prod-web', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it('stays fast on pathological patterns', () => {
    // would be exponential with a naive backtracking regex
    expect(globMatches(`${'*a'.repeat(250)}b`, 'a'.repeat(253))).toBe(false);
  });

  it('distinguishes exact names, substrings and globs', () => {
    expect(isGlob('a*')).toBe(true);
    expect(isGlob('a')).toBe(false);
    expect(nameMatches('prod', 'prod-web')).toBe(false);
    expect(nameMatches('Prod-Web', 'prod-web')).toBe(true);
    expect(containsOrGlob('web', 'prod-web-01')).toBe(true);
    expect(containsOrGlob('web*', 'prod-web-01')).toBe(false);
  });
});
