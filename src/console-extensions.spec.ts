/**
 * Strict validation of console-extensions.json. ConsoleRemotePlugin's own schema check lets any
 * `{type, properties}` through (unknown types, missing or misspelled properties), so every entry is
 * validated here against the SDK schema's definition for its own type, every `$codeRef` must name
 * a real export of an exposed module, every exposed module must be used, and every
 * `%plugin__kubevirt-lightspeed-plugin~…%` label must be in the English locale file.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'comment-json';
import * as ts from 'typescript';
import pkg from '../package.json';
import { ALL_CNV_MCP_TOOLS, olsUiId } from './kubevirt/mcpTools';

const ROOT = path.resolve(__dirname, '..');
const PLUGIN_NAME = pkg.consolePlugin.name;
const I18N_NAMESPACE = `plugin__${PLUGIN_NAME}`;

type JsonSchema = Record<string, unknown>;
interface SdkSchema {
  definitions: Record<string, JsonSchema>;
}
interface Extension {
  type: string;
  properties: Record<string, unknown>;
  flags?: unknown;
}

const sdkSchema: SdkSchema = JSON.parse(
  fs.readFileSync(
    require.resolve('@openshift-console/dynamic-plugin-sdk-webpack/schema/console-extensions.json'),
    'utf8',
  ),
);

const readExtensions = (): Extension[] =>
  JSON.parse(
    JSON.stringify(parse(fs.readFileSync(path.join(ROOT, 'console-extensions.json'), 'utf8'))),
  );

const readLocale = (): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en', `${I18N_NAMESPACE}.json`), 'utf8'));

/** `type` const → definition name, walking SupportedExtension's (nested) anyOf and $refs. */
const mapTypesToDefinitions = (schema: SdkSchema): Map<string, string> => {
  const map = new Map<string, string>();
  const visit = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const def = schema.definitions[name] as {
      anyOf?: { $ref?: string }[];
      properties?: { type?: { const?: string } };
    };
    const typeConst = def.properties?.type?.const;
    if (typeConst) map.set(typeConst, name);
    for (const branch of def.anyOf ?? []) {
      if (branch.$ref) visit(branch.$ref.replace('#/definitions/', ''), seen);
    }
  };
  visit('SupportedExtension', new Set());
  return map;
};

/**
 * Extension types other plugins define and consume, which the SDK schema cannot know.
 * `ols.tool-ui` (openshift/lightspeed-console useToolUIMapping): `{ id: string; component: CodeRef }`.
 */
const CUSTOM_TYPES: Record<string, JsonSchema> = {
  'ols.tool-ui': {
    type: 'object',
    required: ['type', 'properties'],
    additionalProperties: false,
    properties: {
      type: { const: 'ols.tool-ui' },
      flags: { $ref: '#/definitions/ExtensionFlags' },
      properties: {
        type: 'object',
        required: ['id', 'component'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          component: { $ref: '#/definitions/EncodedCodeRef' },
        },
      },
    },
  },
};

// ajv 8 compiles the SDK's draft-07 schema; strict mode off because the schema uses
// TypeScript-generated keywords (e.g. `description` on $ref siblings) that strict mode rejects.
const ajv = new Ajv({ strict: false, allErrors: true });
const typeToDefinition = mapTypesToDefinitions(sdkSchema);
const validators = new Map<string, ValidateFunction>();
const validatorFor = (type: string): ValidateFunction | undefined => {
  if (!validators.has(type)) {
    const definition = typeToDefinition.get(type);
    const schema = definition
      ? { definitions: sdkSchema.definitions, $ref: `#/definitions/${definition}` }
      : CUSTOM_TYPES[type] && { definitions: sdkSchema.definitions, ...CUSTOM_TYPES[type] };
    if (!schema) return undefined;
    validators.set(type, ajv.compile(schema));
  }
  return validators.get(type);
};

const formatError = (e: ErrorObject): string => {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    return `${where} has unknown property '${String(e.params.additionalProperty)}'`;
  }
  return `${where} ${e.message ?? e.keyword}`;
};

/** Schema errors of one extension, "[index] type: problem". */
const schemaErrors = (extensions: Extension[]): string[] =>
  extensions.flatMap((ext, i) => {
    const validate = validatorFor(ext.type);
    if (!validate) return [`[${i}] unknown extension type '${ext.type}'`];
    if (validate(ext as unknown)) return [];
    return (validate.errors ?? []).map((e) => `[${i}] ${ext.type}: ${formatError(e)}`);
  });

/** Every `{ $codeRef }` value in an extension, with the property path it sits at. */
const codeRefsOf = (value: unknown, at = 'properties'): { at: string; ref: string }[] => {
  if (Array.isArray(value)) return value.flatMap((v, i) => codeRefsOf(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.$codeRef === 'string') return [{ at, ref: record.$codeRef }];
  return Object.entries(record).flatMap(([k, v]) => codeRefsOf(v, `${at}.${k}`));
};

/** "Module.export" → { module, exportName }; a bare "Module" means its default export. */
const splitCodeRef = (ref: string): { module: string; exportName: string } => {
  const dot = ref.indexOf('.');
  return dot < 0
    ? { module: ref, exportName: 'default' }
    : { module: ref.slice(0, dot), exportName: ref.slice(dot + 1) };
};

const codeRefErrors = (
  extensions: Extension[],
  exposedModules: Record<string, string>,
): string[] => {
  const errors: string[] = [];
  const used = new Set<string>();
  extensions.forEach((ext, i) => {
    for (const { at, ref } of codeRefsOf(ext.properties)) {
      const { module, exportName } = splitCodeRef(ref);
      used.add(module);
      if (!module || !exportName) errors.push(`[${i}] ${at}: malformed $codeRef '${ref}'`);
      else if (!(module in exposedModules)) {
        errors.push(
          `[${i}] ${at}: $codeRef '${ref}' names module '${module}', not in exposedModules`,
        );
      }
    }
  });
  for (const module of Object.keys(exposedModules)) {
    if (!used.has(module))
      errors.push(`exposed module '${module}' is not referenced by any extension`);
  }
  return errors;
};

const I18N_LABEL = /^%([^~%]+)~(.+)%$/s;

const i18nErrors = (extensions: Extension[], locale: Record<string, string>): string[] => {
  const errors: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      const match = I18N_LABEL.exec(value);
      if (match && match[1] === I18N_NAMESPACE && !(match[2] in locale)) {
        errors.push(`${at}: '${match[2]}' is missing from locales/en/${I18N_NAMESPACE}.json`);
      }
      if (!match && value.includes(`${I18N_NAMESPACE}~`)) {
        errors.push(`${at}: malformed label '${value}' (expected %${I18N_NAMESPACE}~Text%)`);
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    }
  };
  extensions.forEach((ext, i) => walk(ext.properties, `[${i}] ${ext.type}`));
  return errors;
};

/** The file an exposedModules entry points at, resolved like webpack does from src/. */
const resolveModuleFile = (relative: string): string | undefined => {
  const base = path.join(ROOT, 'src', relative);
  return ['', '.ts', '.tsx', '/index.ts', '/index.tsx']
    .map((suffix) => base + suffix)
    .find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
};

/**
 * Runtime export names of each file, read with the TypeScript checker (follows `export *` and
 * re-exports; type-only exports excluded). Importing the modules instead would execute whole
 * component trees; only the plugin's own files are loaded, node_modules stay unresolved.
 */
const exportedNames = (files: string[]): Map<string, Set<string>> => {
  const options: ts.CompilerOptions = {
    allowJs: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noLib: true,
    types: [],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options, true);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) =>
    !file.includes(`${path.sep}node_modules${path.sep}`) && fileExists(file);
  const program = ts.createProgram(files, options, host);
  const checker = program.getTypeChecker();
  const result = new Map<string, Set<string>>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const names = new Set<string>();
    for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeOnly =
        !(target.flags & ts.SymbolFlags.Value) && !(target.flags & ts.SymbolFlags.Alias);
      // An alias to something outside the program (unknown flags) may well be a value: keep it.
      if (!typeOnly || target.flags === 0) names.add(symbol.name);
    }
    result.set(file, names);
  }
  return result;
};

const exportErrors = (
  extensions: Extension[],
  exposedModules: Record<string, string>,
): string[] => {
  const files = new Map<string, string | undefined>(
    Object.entries(exposedModules).map(([name, relative]) => [name, resolveModuleFile(relative)]),
  );
  const exports = exportedNames([...files.values()].filter((f): f is string => Boolean(f)));
  const errors: string[] = [];
  for (const [module, file] of files) {
    if (!file) errors.push(`exposed module '${module}' (${exposedModules[module]}) has no file`);
  }
  extensions.forEach((ext, i) => {
    for (const { at, ref } of codeRefsOf(ext.properties)) {
      const { module, exportName } = splitCodeRef(ref);
      const file = files.get(module);
      if (!file) continue; // not exposed, or no file: reported above / by codeRefErrors
      if (!exports.get(file)?.has(exportName)) {
        errors.push(
          `[${i}] ${at}: module '${module}' (${exposedModules[module]}) has no export '${exportName}'`,
        );
      }
    }
  });
  return errors;
};

const exposedModules = pkg.consolePlugin.exposedModules as Record<string, string>;

/**
 * Every VirtualMachine tab kubevirt-plugin has shipped (kubevirt-ui/kubevirt-plugin release-4.15 …
 * release-4.22 and main: `src/utils/constants/tabs-constants.ts` VirtualMachineDetailsTab and
 * getVirtualMachineDetailsTabLabel, `details/hooks/useVirtualMachineTabs.ts`). Its HorizontalNavbar
 * keys tabs by name, routes by href, lists its own tabs first, and marks a tab active when the path
 * contains `/<href>`: a plugin tab sharing either, or whose path contains one of its hrefs, is hidden
 * behind its tab.
 */
const KUBEVIRT_VM_TAB_HREFS = [
  'configuration',
  'console',
  'details',
  'diagnostics',
  'disks',
  'environment',
  'events',
  'initial',
  'logs',
  'metadata',
  'metrics',
  'network',
  'scheduling',
  'scripts',
  'snapshots',
  'ssh',
  'storage',
  'tables',
  'yaml',
];
const KUBEVIRT_VM_TAB_NAMES = [
  'Configuration',
  'Console',
  'Details',
  'Diagnostics',
  'Disks',
  'Environment',
  'Events',
  'Initial run',
  'Logs',
  'Metadata',
  'Metrics',
  'Network',
  'Overview',
  'Scheduling',
  'Scripts',
  'Snapshots',
  'SSH',
  'Storage',
  'Tables',
  'YAML',
];

const labelText = (label: unknown): string => String(label).replace(/^%plugin__[^~]+~(.*)%$/, '$1');

/** Why each VirtualMachine tab of ours would collide with one of kubevirt-plugin's. */
const vmTabCollisions = (extensions: Extension[]): string[] =>
  extensions
    .filter((e) => e.type === 'console.tab/horizontalNav')
    .filter((e) => (e.properties.model as { kind?: string }).kind === 'VirtualMachine')
    .flatMap((e) => {
      const page = e.properties.page as { href: string; name: string };
      const name = labelText(page.name).toLowerCase();
      const problems: string[] = [];
      if (KUBEVIRT_VM_TAB_NAMES.some((n) => n.toLowerCase() === name))
        problems.push(`name "${labelText(page.name)}" is kubevirt-plugin's`);
      if (KUBEVIRT_VM_TAB_HREFS.includes(page.href.split('/')[0]))
        problems.push(`href "${page.href}" is kubevirt-plugin's`);
      const shadowing = KUBEVIRT_VM_TAB_HREFS.find((h) => `/${page.href}`.includes(`/${h}`));
      if (shadowing) problems.push(`path /${page.href} contains kubevirt-plugin's /${shadowing}`);
      return problems;
    });

describe('console-extensions.json', () => {
  const extensions = readExtensions();

  it('maps the SDK schema types to their definitions', () => {
    // The walk must reach nested anyOf branches, not only the first level.
    expect(typeToDefinition.size).toBeGreaterThan(60);
    expect(typeToDefinition.get('console.page/route')).toBe('RoutePage');
    expect(typeToDefinition.get('console.navigation/href')).toBe('HrefNavItem');
    expect(typeToDefinition.get('console.flag/hookProvider')).toBe('FeatureFlagHookProvider');
    expect(typeToDefinition.get('console.tab/horizontalNav')).toBe('HorizontalNavTab');
    expect(typeToDefinition.get('console.action/provider')).toBe('ActionProvider');
  });

  it('is an array of extensions, each valid against the schema of its own type', () => {
    expect(Array.isArray(extensions)).toBe(true);
    expect(schemaErrors(extensions)).toEqual([]);
  });

  it('references only exposed modules, and uses every exposed module', () => {
    expect(codeRefErrors(extensions, exposedModules)).toEqual([]);
  });

  it('references only exports that exist', () => {
    expect(exportErrors(extensions, exposedModules)).toEqual([]);
  });

  it('has every plugin label in the English locale file', () => {
    expect(i18nErrors(extensions, readLocale())).toEqual([]);
  });

  it('includes the LIGHTSPEED_MCP_ENABLED hook provider', () => {
    expect(extensions.some((e) => e.type === 'console.flag/hookProvider')).toBe(true);
  });

  it('gives VirtualMachine tabs a name and href no kubevirt-plugin release uses', () => {
    expect(vmTabCollisions(extensions)).toEqual([]);
  });

  it('renders only tool UIs of cnv-mcp-server tools, each once', () => {
    const ids = extensions.filter((e) => e.type === 'ols.tool-ui').map((e) => e.properties.id);
    const known = ALL_CNV_MCP_TOOLS.map(olsUiId);
    expect(ids.filter((id) => !known.includes(id as string))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the extension validator rejects', () => {
  const route = (properties: Record<string, unknown>): Extension => ({
    type: 'console.page/route',
    properties,
  });

  it('a missing required property', () => {
    expect(schemaErrors([route({ component: { $codeRef: 'flags' } })])).toEqual([
      "[0] console.page/route: /properties must have required property 'path'",
    ]);
  });

  it('an unknown property', () => {
    const nav: Extension = {
      type: 'console.navigation/href',
      properties: { id: 'x', name: 'X', href: 'x', bogus: true },
    };
    expect(schemaErrors([nav])).toEqual([
      "[0] console.navigation/href: /properties has unknown property 'bogus'",
    ]);
  });

  it('a property of the wrong type', () => {
    const errors = schemaErrors([route({ path: 42, component: { $codeRef: 'flags' } })]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith('[0] console.page/route: /properties/path'))).toBe(
      true,
    );
  });

  it('an unknown type', () => {
    expect(schemaErrors([{ type: 'console.no-such-type', properties: {} }])).toEqual([
      "[0] unknown extension type 'console.no-such-type'",
    ]);
  });

  it('a custom ols.tool-ui without its component, or with extra properties', () => {
    expect(schemaErrors([{ type: 'ols.tool-ui', properties: { id: 'cnv-mcp/x' } }])).toEqual([
      "[0] ols.tool-ui: /properties must have required property 'component'",
    ]);
    expect(
      schemaErrors([
        {
          type: 'ols.tool-ui',
          properties: { id: 'a', component: { $codeRef: 'm.C' }, title: 't' },
        },
      ]),
    ).toEqual(["[0] ols.tool-ui: /properties has unknown property 'title'"]);
  });

  it('bad flags', () => {
    const flagged = {
      ...route({ path: '/x', component: { $codeRef: 'flags' } }),
      flags: { required: 'X' },
    };
    expect(schemaErrors([flagged])).toEqual([
      '[0] console.page/route: /flags/required must be array',
    ]);
  });

  it('a $codeRef to a module that is not exposed, and an exposed module nobody uses', () => {
    const exts = [route({ path: '/x', component: { $codeRef: 'NotExposed.Page' } })];
    expect(codeRefErrors(exts, { flags: './flags' })).toEqual([
      "[0] properties.component: $codeRef 'NotExposed.Page' names module 'NotExposed', not in exposedModules",
      "exposed module 'flags' is not referenced by any extension",
    ]);
  });

  it('a malformed $codeRef', () => {
    const exts = [route({ path: '/x', component: { $codeRef: '.Page' } })];
    expect(codeRefErrors(exts, {})[0]).toBe("[0] properties.component: malformed $codeRef '.Page'");
  });

  it('a $codeRef to an export the module does not have, or an exposed module with no file', () => {
    const exts: Extension[] = [
      {
        type: 'console.flag/hookProvider',
        properties: { handler: { $codeRef: 'flags.useLightspeedMcpFlag' } },
      },
      {
        type: 'console.flag/hookProvider',
        properties: { handler: { $codeRef: 'flags.noSuchExport' } },
      },
      { type: 'console.flag/hookProvider', properties: { handler: { $codeRef: 'flags' } } },
    ];
    expect(exportErrors(exts, { flags: './flags', ghost: './no/such/file' })).toEqual([
      "exposed module 'ghost' (./no/such/file) has no file",
      "[1] properties.handler: module 'flags' (./flags) has no export 'noSuchExport'",
      "[2] properties.handler: module 'flags' (./flags) has no export 'default'",
    ]);
  });

  it("a VirtualMachine tab that collides with one of kubevirt-plugin's", () => {
    const tab = (name: string, href: string): Extension => ({
      type: 'console.tab/horizontalNav',
      properties: {
        model: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
        page: { name: `%plugin__kubevirt-lightspeed-plugin~${name}%`, href },
        component: { $codeRef: 'DiagnosticsTab' },
      },
    });
    expect(vmTabCollisions([tab('Diagnostics', 'diagnostics')])).toHaveLength(3);
    expect(vmTabCollisions([tab('AI help', 'events')])).toHaveLength(2);
    expect(vmTabCollisions([tab('AI help', 'logs-ai')])).toEqual([
      "path /logs-ai contains kubevirt-plugin's /logs",
    ]);
    expect(vmTabCollisions([tab('YAML', 'ai-help')])).toHaveLength(1);
    expect(vmTabCollisions([tab('AI help', 'ai-help')])).toEqual([]);
  });

  it('a plugin label missing from the locale file, and a malformed one', () => {
    const nav = (name: string): Extension => ({
      type: 'console.navigation/href',
      properties: { id: 'x', name, href: 'x' },
    });
    expect(
      i18nErrors(
        [
          nav(`%${I18N_NAMESPACE}~Known%`),
          nav(`%${I18N_NAMESPACE}~Unknown%`),
          nav(`%console-app~Other plugin's label%`),
          nav(`${I18N_NAMESPACE}~No percent signs`),
        ],
        { Known: 'Known' },
      ),
    ).toEqual([
      `[1] console.navigation/href.name: 'Unknown' is missing from locales/en/${I18N_NAMESPACE}.json`,
      `[3] console.navigation/href.name: malformed label '${I18N_NAMESPACE}~No percent signs' (expected %${I18N_NAMESPACE}~Text%)`,
    ]);
  });
});
