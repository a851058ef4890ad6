import { countRounds } from './rounds';

describe('countRounds', () => {
  it('counts parallel requests as one round', () => {
    expect(
      countRounds([
        { start: 0, end: 10 },
        { start: 1, end: 9 },
        { start: 2, end: 12 },
      ]),
    ).toBe(1);
  });

  it('counts requests that start after the previous group ended as new rounds', () => {
    const requests = [
      { start: 20, end: 30 },
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 31, end: 40 },
    ];
    expect(countRounds(requests)).toBe(3);
  });

  it('is zero without requests', () => {
    expect(countRounds([])).toBe(0);
  });
});
