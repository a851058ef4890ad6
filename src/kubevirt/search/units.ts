/** Durations, numbers and sizes as people type them in a search box. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const DURATION_UNITS: Record<string, number> = {
  s: SECOND,
  sec: SECOND,
  secs: SECOND,
  second: SECOND,
  seconds: SECOND,
  m: MINUTE,
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: 7 * DAY,
  wk: 7 * DAY,
  wks: 7 * DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  mo: 30 * DAY,
  month: 30 * DAY,
  months: 30 * DAY,
  y: 365 * DAY,
  yr: 365 * DAY,
  yrs: 365 * DAY,
  year: 365 * DAY,
  years: 365 * DAY,
};

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  single: 1,
  dual: 2,
  quad: 4,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};

const PLAIN_NUMBER = /^\d{1,9}(?:\.\d{1,6})?$/;

/** `4`, `2.5`, `four`; undefined for anything else. */
export const parseNumberWord = (word: string | undefined): number | undefined => {
  if (!word) return undefined;
  if (PLAIN_NUMBER.test(word)) return Number(word);
  return NUMBER_WORDS[word];
};

export const durationUnit = (word: string | undefined): number | undefined =>
  word === undefined ? undefined : DURATION_UNITS[word];

const COMPACT_DURATION = /^(\d{1,6})([a-z]{1,7})$/;

/** `24h`, `7d`, `30min`, `2weeks`. */
export const parseCompactDuration = (word: string | undefined): number | undefined => {
  const match = word ? COMPACT_DURATION.exec(word) : null;
  if (!match) return undefined;
  const unit = durationUnit(match[2]);
  return unit === undefined ? undefined : Number(match[1]) * unit;
};

const KIB = 1024;

/**
 * Memory units in a query. People say "16 GB of RAM" for a VM with `16Gi`: VM memory is set in
 * binary units, so decimal spellings (GB, G, gigs) are read as binary here. Spec quantities in
 * objects are parsed exactly (see parseQuantity).
 */
const MEMORY_UNITS: Record<string, number> = {
  k: KIB,
  kb: KIB,
  ki: KIB,
  kib: KIB,
  m: KIB ** 2,
  mb: KIB ** 2,
  mi: KIB ** 2,
  mib: KIB ** 2,
  megabyte: KIB ** 2,
  megabytes: KIB ** 2,
  g: KIB ** 3,
  gb: KIB ** 3,
  gi: KIB ** 3,
  gib: KIB ** 3,
  gig: KIB ** 3,
  gigs: KIB ** 3,
  gigabyte: KIB ** 3,
  gigabytes: KIB ** 3,
  t: KIB ** 4,
  tb: KIB ** 4,
  ti: KIB ** 4,
  tib: KIB ** 4,
  terabyte: KIB ** 4,
  terabytes: KIB ** 4,
};

export const memoryUnit = (word: string | undefined): number | undefined =>
  word === undefined ? undefined : MEMORY_UNITS[word];

const SIZE = /^(\d{1,9}(?:\.\d{1,6})?)([a-z]{0,9})(\+?)$/;

export interface SizeToken {
  value: number;
  /** Bytes per unit when the token carried a memory unit (`8gi`). */
  unit?: number;
  /** Written with a trailing `+` (`4+`). */
  plus: boolean;
}

/** `4`, `4+`, `8gi`, `16gb+`, `four`. */
export const parseSizeToken = (word: string | undefined): SizeToken | undefined => {
  if (!word) return undefined;
  const named = NUMBER_WORDS[word];
  if (named !== undefined) return { value: named, plus: false };
  const match = SIZE.exec(word);
  if (!match) return undefined;
  const [, number, unitWord, plus] = match;
  if (!unitWord) return { value: Number(number), plus: plus === '+' };
  const unit = memoryUnit(unitWord);
  return unit === undefined ? undefined : { value: Number(number), unit, plus: plus === '+' };
};
