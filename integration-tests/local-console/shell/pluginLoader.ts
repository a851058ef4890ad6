/**
 * Loads a dynamic plugin the way console 4.22 does: fetch plugin-manifest.json, inject its entry script,
 * receive the webpack container through window.__load_plugin_entry__, initialise it with the console's
 * share scope, then resolve every `$codeRef` of its extensions to the exposed module's export.
 */
import type { ResolvedExtension } from './shellStore';

type ModuleFactory = () => Record<string, unknown>;

interface PluginContainer {
  init(shareScope: unknown): Promise<void> | void;
  get(moduleName: string): Promise<ModuleFactory>;
}

interface PluginManifest {
  name: string;
  version: string;
  baseURL: string;
  loadScripts: string[];
  extensions: {
    type: string;
    properties: Record<string, unknown>;
    flags?: ResolvedExtension['flags'];
  }[];
}

declare global {
  interface Window {
    __load_plugin_entry__?: (name: string, container: PluginContainer) => void;
  }
}

const pendingEntries = new Map<string, (container: PluginContainer) => void>();

window.__load_plugin_entry__ = (name, container) => {
  pendingEntries.get(name)?.(container);
  pendingEntries.delete(name);
};

const injectScript = (src: string) =>
  new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Failed to load ${src}`));
    document.head.appendChild(script);
  });

const isCodeRef = (value: unknown): value is { $codeRef: string } =>
  !!value &&
  typeof value === 'object' &&
  typeof (value as { $codeRef?: unknown }).$codeRef === 'string';

/** Replaces each {$codeRef} in the properties with the export it names (loaded now, as the console does). */
const resolveCodeRefs = async (value: unknown, container: PluginContainer): Promise<unknown> => {
  if (isCodeRef(value)) {
    const [moduleName, exportName = 'default'] = value.$codeRef.split('.');
    const factory = await container.get(moduleName);
    const exported = factory()[exportName];
    if (exported === undefined) throw new Error(`Module ${moduleName} has no export ${exportName}`);
    return exported;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveCodeRefs(v, container)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([k, v]) => [k, await resolveCodeRefs(v, container)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
};

export const loadPlugin = async (
  manifestUrl: string,
  shareScope: Record<string, unknown>,
): Promise<ResolvedExtension[]> => {
  const manifest: PluginManifest = await (await fetch(manifestUrl, { cache: 'no-store' })).json();
  const containerPromise = new Promise<PluginContainer>((resolve) =>
    pendingEntries.set(manifest.name, resolve),
  );
  for (const script of manifest.loadScripts) await injectScript(`${manifest.baseURL}${script}`);
  const container = await containerPromise;
  await container.init(shareScope);
  return Promise.all(
    manifest.extensions.map(async (e, i) => ({
      type: e.type,
      flags: e.flags,
      properties: (await resolveCodeRefs(e.properties, container)) as Record<string, unknown>,
      pluginName: manifest.name,
      uid: `${manifest.name}[${i}]`,
    })),
  );
};

/** A webpack share-scope entry for a module the host provides (`import: false` on the plugin side). */
export const sharedModule = (version: string, module: unknown) => ({
  [version]: {
    get: () => Promise.resolve(() => module),
    loaded: 1,
    from: 'openshift-console',
    eager: true,
  },
});
