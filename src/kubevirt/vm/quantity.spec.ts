import { formatBytes, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each<[string | number | undefined, number | undefined]>([
    ['1Ki', 1024],
    ['512Mi', 512 * 1024 ** 2],
    ['8Gi', 8 * 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['2Ti', 2 * 1024 ** 4],
    ['1k', 1000],
    ['1K', 1000],
    ['100M', 1e8],
    ['2G', 2e9],
    ['1T', 1e12],
    ['500m', 0.5],
    ['1e3', 1000],
    ['2E', 2e18],
    ['1073741824', 1073741824],
    [4, 4],
    ['', undefined],
    ['Gi', undefined],
    ['8GB', undefined],
    ['eight', undefined],
    [undefined, undefined],
    ['9'.repeat(100), undefined],
  ])('%j → %j', (text, bytes) => {
    expect(parseQuantity(text)).toBe(bytes);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2048, '2 KiB'],
    [512 * 1024 ** 2, '512 MiB'],
    [8 * 1024 ** 3, '8 GiB'],
    [1.5 * 1024 ** 4, '1.5 TiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
