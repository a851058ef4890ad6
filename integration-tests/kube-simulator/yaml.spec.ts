import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadObjectsFromYaml, parseObjectsFromYaml } from './yaml';
import { parseTokenFlag } from './cli';

describe('YAML seeding', () => {
  it('reads multi-document text, skips empty documents and expands lists', () => {
    const objects = parseObjectsFromYaml(
      [
        '# a comment',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: a, creationTimestamp: "2026-01-01T00:00:00Z"}',
        '---',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- {apiVersion: v1, kind: ConfigMap, metadata: {name: c1, namespace: a}}',
        '- {apiVersion: v1, kind: ConfigMap, metadata: {name: c2, namespace: a}}',
      ].join('\n'),
    );
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/a',
      'ConfigMap/c1',
      'ConfigMap/c2',
    ]);
    // Timestamps stay strings, as the API server sends them.
    expect(objects[0].metadata?.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('names the file of a broken document', () => {
    expect(() => parseObjectsFromYaml('foo: [', 'bad.yaml')).toThrow(/bad\.yaml/);
    expect(() => parseObjectsFromYaml('just: data', 'nokind.yaml')).toThrow(
      /nokind\.yaml: a document without kind/,
    );
  });

  it('loads files and directories recursively in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: b}\n');
      writeFileSync(join(dir, 'a.yml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: a}\n');
      writeFileSync(
        join(dir, 'sub', 'c.yaml'),
        'apiVersion: v1\nkind: Node\nmetadata: {name: c}\n',
      );
      writeFileSync(join(dir, 'notes.txt'), 'kind: ignored');
      expect(loadObjectsFromYaml(dir).map((o) => o.metadata?.name)).toEqual(['a', 'b', 'c']);
      expect(loadObjectsFromYaml([join(dir, 'b.yaml')]).map((o) => o.metadata?.name)).toEqual([
        'b',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI --token', () => {
  it('parses cluster-wide and namespaced tokens', () => {
    expect(parseTokenFlag('dev-admin-token:*')).toEqual([
      'dev-admin-token',
      { user: 'dev-admin', namespaces: '*' },
    ]);
    expect(parseTokenFlag('alice-token:team-a,team-b:alice')).toEqual([
      'alice-token',
      { user: 'alice', namespaces: ['team-a', 'team-b'], secretsReadable: true },
    ]);
    expect(() => parseTokenFlag('lonely')).toThrow(/TOKEN:NAMESPACES/);
  });
});
