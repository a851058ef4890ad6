/**
 * Pseudo-locale check of the Diagnostics tab: every scenario's tab is rendered with a real i18next
 * whose catalogue is locales/en with each literal run of every value wrapped in ⟦…⟧, so text that
 * went through t() (a template, a translated nested Message) is bracketed while interpolated data
 * stays bare. Any bare text left on the page must then be a data value of that scenario (object
 * names, namespaces, condition and event text, evidence, commands, rule ids), which is computed
 * from its snapshot and diagnosis. A hard-coded English string, or a template i18next-parser did
 * not extract, shows up bare and fails the test.
 */
import { act, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import i18next, { type i18n as I18n } from 'i18next';
import {
  consoleFetch,
  k8sList,
  useK8sWatchResources,
  useResolvedExtensions,
} from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities';
import {
  diagnoseVm,
  parseFitError,
  type Diagnosis,
  type VmSnapshot,
} from '../../kubevirt/diagnosis';
import {
  SCENARIO_NOW,
  findVm,
  loadAllScenarios,
  loadClusterObjects,
  scenarioSnapshot,
} from '../../kubevirt/diagnosis/testing/scenarios';
import type { K8sObject } from '../../kubevirt/types';
import english from '../../../locales/en/plugin__kubevirt-lightspeed-plugin.json';
import { capabilityResult } from '../testing/mockCapability';
import type DiagnosticsTabComponent from './DiagnosticsTab';

jest.unmock('react-i18next');
jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));
jest.mock('../../components/ApplyFix/fixClient', () => ({
  sdkFixClient: {
    checkAccess: jest.fn(async () => ({ allowed: true })),
    send: jest.fn(async () => ({})),
    recordEvent: jest.fn(async () => ({})),
    whoAmI: jest.fn(async () => 'admin'),
  },
}));

const NS = 'plugin__kubevirt-lightspeed-plugin';
const OPEN = '⟦';
const CLOSE = '⟧';

/** "Pod {{pod}} failed" → "⟦Pod ⟧{{pod}}⟦ failed⟧": the placeholders stay for interpolation. */
export const pseudo = (value: string): string =>
  value
    .split(/(\{\{[^}]+\}\})/)
    .map((part) => (part === '' || part.startsWith('{{') ? part : `${OPEN}${part}${CLOSE}`))
    .join('');

const pseudoI18n = async (): Promise<I18n> => {
  const { initReactI18next } = jest.requireActual('react-i18next');
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: false,
    ns: [NS],
    defaultNS: NS,
    nsSeparator: '~',
    keySeparator: false,
    interpolation: { escapeValue: false },
    resources: {
      en: {
        [NS]: Object.fromEntries(
          Object.entries(english as Record<string, string>).map(([k, v]) => [k, pseudo(v)]),
        ),
      },
    },
  });
  return instance;
};

/** Every string value and object key (a DataVolume source kind such as `http` is a key). */
const strings = (value: unknown, out: Set<string>): Set<string> => {
  if (typeof value === 'string') out.add(value.trim());
  else if (typeof value === 'number') out.add(String(value));
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object')
    Object.entries(value).forEach(([k, v]) => {
      out.add(k);
      strings(v, out);
    });
  return out;
};

/**
 * What the tab may show untranslated for one scenario: every string in its snapshot (names,
 * namespaces, statuses, condition and event text), the scheduler reasons the rules quote from
 * those messages, and the diagnosis' evidence, commands and ids.
 */
export const dataStrings = (snapshot: VmSnapshot, diagnosis: Diagnosis): string[] => {
  const out = strings(
    {
      vm: snapshot.vm,
      vmi: snapshot.vmi,
      pods: snapshot.pods,
      pvcs: snapshot.pvcs,
      dataVolumes: snapshot.dataVolumes,
      events: snapshot.events,
      nodes: snapshot.nodes,
      secrets: snapshot.secrets,
      configMaps: snapshot.configMaps,
      nads: snapshot.nads,
      storageClasses: snapshot.storageClasses,
      migrations: snapshot.migrations,
      instancetypes: snapshot.instancetypes,
      preferences: snapshot.preferences,
      missing: snapshot.missing,
      unreadable: snapshot.unreadable,
    },
    new Set(),
  );
  for (const message of [...out]) for (const r of parseFitError(message).reasons) out.add(r.text);
  strings(
    diagnosis.findings.map((f) => [f.ruleId, f.evidence]),
    out,
  );
  strings(
    diagnosis.suggestions.map((s) => [s.ruleId, s.id, s.commands]),
    out,
  );
  strings(
    diagnosis.checks.map((c) => c.id),
    out,
  );
  // Node taints and labels the scheduling rules name ("key=value:Effect").
  for (const node of snapshot.nodes)
    for (const taint of (
      node.spec as { taints?: { key: string; value?: string; effect: string }[] }
    )?.taints ?? [])
      out.add(`${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`);
  // Kubernetes short names the rules use for a kind (cloneSource: "from PVC \"golden\"").
  for (const shortName of ['PVC', 'PV', 'DV']) out.add(shortName);
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
};

const BARE_OK = /^[\s\p{P}\p{S}\d]*$/u;

/**
 * The parts of `text` outside ⟦…⟧ that are not data: what a user would read untranslated. A bare
 * run is data when it (or each comma-separated piece of it) occurs in one of the data strings.
 */
export const untranslated = (text: string, data: string[]): string | undefined => {
  const isData = (piece: string) => {
    const p = piece.trim().replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
    return BARE_OK.test(p) || data.some((d) => d.includes(p));
  };
  const left = text
    .split(/⟦[^⟦⟧]*⟧/)
    .filter((run) => !BARE_OK.test(run))
    .filter((run) => !isData(run) && !run.split(/[,;=]\s*|\s+—\s+|:\s+|\s+/).every(isData));
  return left.length > 0 ? left.join(' | ').replace(/\s+/g, ' ').trim() : undefined;
};

const visibleTexts = (root: HTMLElement): string[] => {
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && ['SCRIPT', 'STYLE'].includes(parent.tagName)) continue;
    if (node.textContent?.trim()) texts.push(node.textContent);
  }
  root.querySelectorAll('[aria-label], [title], [placeholder], [alt]').forEach((el) => {
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr);
      if (value?.trim()) texts.push(value);
    }
  });
  return texts;
};

const scenarios = loadAllScenarios();
const pool: K8sObject[] = [...loadClusterObjects(), ...scenarios.flatMap((s) => s.objects)];
const byKind = new Map<string, K8sObject[]>();
for (const o of pool) byKind.set(o.kind ?? '', [...(byKind.get(o.kind ?? '') ?? []), o]);

const serve = () => {
  // Every watch the tab asks for (its own kinds and the boot-source namespaces'), as the console does.
  const cache = new Map<string, unknown>();
  jest.mocked(useK8sWatchResources).mockImplementation(((
    resources: Record<string, { groupVersionKind: { kind: string }; namespace?: string }>,
  ) =>
    Object.fromEntries(
      Object.entries(resources).map(([key, { groupVersionKind, namespace }]) => {
        const id = `${key}/${namespace ?? ''}`;
        if (!cache.has(id))
          cache.set(id, {
            data: (byKind.get(groupVersionKind.kind) ?? []).filter(
              (o) => !namespace || o.metadata?.namespace === namespace,
            ),
            loaded: true,
            loadError: undefined,
          });
        return [key, cache.get(id)];
      }),
    )) as never);
  jest.mocked(k8sList).mockImplementation((async ({ model }: { model: { kind: string } }) => ({
    items: byKind.get(model.kind) ?? [],
  })) as never);
  // Launcher logs as the kube simulator serves them: the pod's fixture log annotation.
  jest.mocked(consoleFetch).mockImplementation((async (url: string) => {
    const m = /\/pods\/([^/]+)\/log\?.*container=([^&]+)/.exec(url);
    const pod = byKind
      .get('Pod')
      ?.find((p) => p.metadata?.name === decodeURIComponent(m?.[1] ?? ''));
    if (!m || !pod) return { ok: false, status: 404, text: async () => '' };
    const text = pod.metadata?.annotations?.[`kube-simulator.test/log-${m[2]}`] ?? '';
    return { ok: true, status: 200, text: async () => text };
  }) as never);
};

let i18n: I18n;
// Loaded lazily so the global react-i18next mock does not apply to the tab in this file.
let DiagnosticsTab: typeof DiagnosticsTabComponent;

beforeAll(async () => {
  i18n = await pseudoI18n();
  DiagnosticsTab = (await import('./DiagnosticsTab')).default;
});

beforeEach(() => {
  jest.mocked(useResolvedExtensions).mockReturnValue([[], true, []] as never);
  jest.mocked(useAICapability).mockReturnValue(capabilityResult('off'));
  serve();
});

describe('pseudo-locale helpers', () => {
  it('wraps literal runs and keeps placeholders', () => {
    expect(pseudo('Pod {{pod}} failed')).toBe('⟦Pod ⟧{{pod}}⟦ failed⟧');
  });
  it('flags English outside the brackets, not data or punctuation', () => {
    expect(untranslated('⟦Pod ⟧web-1⟦ failed⟧ (3)', ['web-1'])).toBeUndefined();
    expect(untranslated('⟦Pod ⟧web-1 is broken', ['web-1'])).toBe('web-1 is broken');
  });
});

describe('Diagnostics tab in a pseudo locale', () => {
  it.each(scenarios.map((s) => [s.file, s] as const))(
    '%s: no untranslated text',
    async (_file, scenario) => {
      const snapshot = scenarioSnapshot(scenario, pool);
      const data = dataStrings(snapshot, diagnoseVm(snapshot));
      const { I18nextProvider } = jest.requireActual('react-i18next');
      const view = render(
        <I18nextProvider i18n={i18n}>
          <MemoryRouter>
            <DiagnosticsTab
              obj={findVm(pool, scenario.namespace, scenario.name)}
              now={SCENARIO_NOW}
            />
          </MemoryRouter>
        </I18nextProvider>,
      );
      await act(async () => undefined);
      expect(view.container.querySelector('[data-test="check"]')).not.toBeNull();
      const bare = visibleTexts(view.container)
        .map((text) => [text, untranslated(text, data)] as const)
        .filter(([, left]) => left !== undefined);
      expect(bare).toEqual([]);
      view.unmount();
    },
  );
});
