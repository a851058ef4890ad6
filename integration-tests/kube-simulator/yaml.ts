/** Seed objects from multi-document YAML files (`---` separated, `kind: List` expanded). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './store';

const isObject = (value: unknown): value is KubeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseObjectsFromYaml = (text: string, source = '<inline>'): KubeObject[] => {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value.kind !== 'string') {
      throw new Error(`${source}: a document without kind`);
    }
    if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
      objects.push(...((value.items as unknown[]) ?? []).filter(isObject));
    } else {
      objects.push(value);
    }
  }
  return objects;
};

/** `*.yaml` / `*.yml` files under a directory, recursively, in name order. */
export const yamlFilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFilesIn(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });

/** Load objects from files and/or directories. */
export const loadObjectsFromYaml = (pathsOrDirs: string | string[]): KubeObject[] =>
  (Array.isArray(pathsOrDirs) ? pathsOrDirs : [pathsOrDirs])
    .flatMap((p) => (statSync(p).isDirectory() ? yamlFilesIn(p) : [p]))
    .flatMap((file) => parseObjectsFromYaml(readFileSync(file, 'utf8'), file));
