/**
 * The VirtualMachine details page's tab list, as kubevirt-plugin builds it (imitation, no upstream code):
 * - built-in tabs: kubevirt-ui/kubevirt-plugin release-4.22
 *   `src/views/virtualmachines/details/hooks/useVirtualMachineTabs.ts` with the hrefs/names of
 *   `src/utils/constants/tabs-constants.ts` and `getTabHrefAndName` in
 *   `src/views/virtualmachines/details/utils/utils.ts` (release-4.19 … 4.21 use the same hrefs and names;
 *   4.19 spells them out inline);
 * - plugin tabs: `src/utils/components/HorizontalNavbar/utils/useDynamicPages.ts` (release-4.22):
 *   `console.tab/horizontalNav` then `kubevirt.tab/horizontalNav` extensions whose model is exactly
 *   kubevirt.io/v1 VirtualMachine, appended after the built-in tabs, `page` spread as is (href, name);
 * - link targets: `trimLastHistoryPath` in `src/utils/components/HorizontalNavbar/utils/utils.ts`.
 * Nothing is de-duplicated upstream: two tabs with one href are two links and two routes with one path
 * (react-router renders the first), two tabs with one name are two links with one React key.
 */
import type { ResolvedExtension } from './shellStore';

export interface VmTabPage {
  href: string;
  name: string;
  isHidden?: boolean;
  /** Which plugin contributed the tab (`kubevirt-plugin` for the built-in ones). */
  source: string;
  /** Built-in tabs: the stand-in text rendered in place of kubevirt-plugin's view. */
  standIn?: string;
  component?: unknown;
}

const KUBEVIRT = 'kubevirt-plugin';

const builtIn = (href: string, name: string, isHidden = false): VmTabPage => ({
  href,
  name,
  isHidden,
  source: KUBEVIRT,
  standIn: `kubevirt-plugin ${name} (stand-in)`,
});

/** `configuration/<tab>` inner tabs: href and name are both the path (getTabHrefAndName). */
const configurationInner = (tab: string) =>
  builtIn(`configuration/${tab}`, `configuration/${tab}`, true);

/** useVirtualMachineTabs (release-4.22), in order; the YAML tab is filtered out by a user setting only. */
export const KUBEVIRT_VM_TABS: readonly VmTabPage[] = [
  builtIn('', 'Overview'),
  builtIn('metrics', 'Metrics'),
  builtIn('yaml', 'YAML'),
  builtIn('configuration', 'Configuration'),
  configurationInner('ssh'),
  configurationInner('initial'),
  configurationInner('storage'),
  configurationInner('details'),
  configurationInner('metadata'),
  configurationInner('network'),
  configurationInner('scheduling'),
  builtIn('events', 'Events'),
  builtIn('console', 'Console'),
  builtIn('snapshots', 'Snapshots'),
  builtIn('diagnostics', 'Diagnostics'),
  builtIn('diagnostics/tables', 'Diagnostics', true),
  builtIn('diagnostics/logs', 'Diagnostics', true),
];

interface TabModel {
  group?: string;
  version?: string;
  kind?: string;
}

const isVmModel = (model: TabModel | undefined) =>
  model?.group === 'kubevirt.io' && model?.version === 'v1' && model?.kind === 'VirtualMachine';

export const isVmTabExtension = (e: ResolvedExtension) =>
  (e.type === 'console.tab/horizontalNav' || e.type === 'kubevirt.tab/horizontalNav') &&
  isVmModel(e.properties.model as TabModel | undefined);

/**
 * useDynamicPages: console tabs first, then kubevirt tabs (each group in extension order); kubevirt
 * tabs may hide themselves through `isVisible({ created, obj })`.
 */
export const dynamicPages = (
  extensions: ResolvedExtension[],
  vm: unknown,
  translate: (s: string) => string = (s) => s,
): VmTabPage[] =>
  [
    ...extensions.filter((e) => e.type === 'console.tab/horizontalNav'),
    ...extensions.filter((e) => e.type === 'kubevirt.tab/horizontalNav'),
  ]
    .filter(isVmTabExtension)
    .map((e) => {
      const page = e.properties.page as { href: string; name: string };
      const isVisible = e.properties.isVisible as
        ((o: { created: boolean; obj: unknown }) => boolean) | undefined;
      return {
        ...page,
        name: translate(page.name),
        component: e.properties.component,
        source: e.pluginName,
        isHidden:
          e.type === 'kubevirt.tab/horizontalNav'
            ? !isVisible?.({ created: true, obj: vm })
            : false,
      };
    });

/** HorizontalNavbar: the part of the current path before the current tab's href, ending in '/'. */
export const trimLastHistoryPath = (currentPathname: string, paths: string[]): string => {
  let relative: string | undefined;
  for (const path of paths) {
    if (!currentPathname.endsWith(`/${path}`)) continue;
    relative = path === '' ? currentPathname : currentPathname.slice(0, -path.length);
  }
  return relative ?? `${currentPathname}/`;
};

/** HorizontalNavbar's active tab: the first page whose href occurs in the path, else the '' page. */
export const activeTabName = (pages: VmTabPage[], relativePath: string): string | undefined =>
  (
    pages.find(({ href }) => href !== '' && relativePath.includes(`/${href}`)) ??
    pages.find(({ href }) => href === '')
  )?.name?.toLowerCase();

/** Names and hrefs that more than one tab uses (what the browser test reads from the page). */
export const tabCollisions = (tabs: { name: string; href: string }[]) => {
  const repeated = (values: string[]) =>
    [...new Set(values.filter((v, i) => values.indexOf(v) !== i))].sort();
  return {
    names: repeated(tabs.map((t) => t.name)),
    hrefs: repeated(tabs.map((t) => t.href)),
  };
};
