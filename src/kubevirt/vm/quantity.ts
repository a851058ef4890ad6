/**
 * Kubernetes resource quantities (`resource.Quantity`): binary suffixes Ki..Ei, decimal suffixes
 * k/M/G/T/P/E, milli `m`, and exponents (`1e3`). Returns the value in base units (bytes for
 * memory), or undefined when the text is not a quantity.
 */
const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL_SUFFIX: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3, // not valid in Kubernetes, but people write it; the meaning is unambiguous
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

// Anchored, no nested quantifiers: linear on any input.
const QUANTITY =
  /^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[mkKMGTPE]))?$/;

export const parseQuantity = (text: string | number | undefined | null): number | undefined => {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix = ''] = match;
  const value = Number(number);
  if (!Number.isFinite(value)) return undefined;
  if (exponent) return value * 10 ** Number(exponent.slice(1));
  const multiplier = BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix];
  return multiplier === undefined ? undefined : value * multiplier;
};

/** Short human form in binary units, as the console shows memory: `512 MiB`, `8 GiB`, `1.5 TiB`. */
export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 100) / 100;
  return `${rounded} ${units[unit]}`;
};
