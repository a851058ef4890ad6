import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedExtension } from './shellStore';
import {
  activeTabName,
  dynamicPages,
  KUBEVIRT_VM_TABS,
  tabCollisions,
  trimLastHistoryPath,
} from './vmTabs';

const tab = (
  href: string,
  name: string,
  model = { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
): ResolvedExtension => ({
  type: 'console.tab/horizontalNav',
  properties: { model, page: { href, name }, component: () => null },
  pluginName: 'some-plugin',
  uid: `some-plugin[${href}]`,
});

const visible = (pages: readonly { href: string; name: string; isHidden?: boolean }[]) =>
  pages.filter((p) => !p.isHidden);

describe('the VM details tab list', () => {
  it("carries kubevirt-plugin's tabs in order, with the hidden sub-routes", () => {
    expect(visible(KUBEVIRT_VM_TABS).map((t) => `${t.href}:${t.name}`)).toEqual([
      ':Overview',
      'metrics:Metrics',
      'yaml:YAML',
      'configuration:Configuration',
      'events:Events',
      'console:Console',
      'snapshots:Snapshots',
      'diagnostics:Diagnostics',
    ]);
    expect(KUBEVIRT_VM_TABS.filter((t) => t.isHidden).map((t) => t.href)).toEqual(
      expect.arrayContaining(['configuration/ssh', 'diagnostics/tables', 'diagnostics/logs']),
    );
  });

  it('appends plugin tabs of kubevirt.io/v1 VirtualMachine only, without de-duplicating', () => {
    const pages = dynamicPages(
      [
        tab('diagnostics', 'Diagnostics'),
        tab('x', 'X', { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachineInstance' }),
      ],
      {},
    );
    expect(pages.map((p) => p.href)).toEqual(['diagnostics']);
    const all = visible([...KUBEVIRT_VM_TABS, ...pages]);
    expect(tabCollisions(all)).toEqual({ names: ['Diagnostics'], hrefs: ['diagnostics'] });
  });

  it("finds no collision with this plugin's manifest tab", () => {
    const manifest = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../../console-extensions.json'), 'utf8'),
    ) as { type: string; properties: Record<string, unknown> }[];
    const ours = manifest
      .filter((e) => e.type === 'console.tab/horizontalNav')
      .map((e, i) => ({ ...e, pluginName: 'kubevirt-lightspeed-plugin', uid: `ours[${i}]` }));
    const pages = dynamicPages(ours, {}, (s) => s.replace(/^%[^~]+~(.*)%$/, '$1'));
    expect(pages).toHaveLength(1);
    const all = [...KUBEVIRT_VM_TABS, ...pages];
    // Names are seen on visible links; hrefs are routes, hidden ones included.
    expect(tabCollisions(visible(all)).names).toEqual([]);
    expect(tabCollisions(all).hrefs).toEqual([]);
  });

  it('builds link targets and the active tab like HorizontalNavbar', () => {
    const paths = KUBEVIRT_VM_TABS.map((t) => t.href);
    expect(trimLastHistoryPath('', paths)).toBe('/');
    expect(trimLastHistoryPath('/diagnostics', paths)).toBe('/');
    expect(trimLastHistoryPath('/diagnostics/logs', paths)).toBe('/');
    expect(activeTabName([...KUBEVIRT_VM_TABS], '/diagnostics/logs')).toBe('diagnostics');
    expect(activeTabName([...KUBEVIRT_VM_TABS], '')).toBe('overview');
  });
});
