/** Where benchmark figures go: one JSON file per part under bench/results/, and console lines. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

export const writeResult = (name: string, data: unknown): string => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
};

/** One printed line: figure, then its baseline or target, so every number has its reference. */
export const report = (part: string, figure: string, reference: string): void => {
  console.log(`  [${part}] ${figure.padEnd(58)} ${reference}`);
};
