import * as fs from 'fs';
import * as path from 'path';
import pkg from '../package.json';

describe('plugin metadata', () => {
  it('uses the package name as the console plugin name and i18n namespace', () => {
    expect(pkg.consolePlugin.name).toBe(pkg.name);
    const locale = path.join(
      __dirname,
      '..',
      'locales',
      'en',
      `plugin__${pkg.consolePlugin.name}.json`,
    );
    expect(fs.existsSync(locale)).toBe(true);
  });

  it('exposes only modules that exist', () => {
    for (const modulePath of Object.values(
      pkg.consolePlugin.exposedModules as Record<string, string>,
    )) {
      const base = path.join(__dirname, modulePath);
      const candidates = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext);
      expect(candidates.some((c) => fs.existsSync(c))).toBe(true);
    }
  });
});
