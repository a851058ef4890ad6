import type { FC } from 'react';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentTitle, ListPageHeader } from '@openshift-console/dynamic-plugin-sdk';
import { useSearchParams } from 'react-router';
import { PageSection } from '@patternfly/react-core';
import type { ParsedVmSearch, SearchChip } from '../../kubevirt/search';
import type { VmEntry } from '../../kubevirt/vm';
import type { VmHealth } from '../../kubevirt/health';
import {
  chipsForCriteria,
  filterVms,
  mergeCriteria,
  parseVmSearchQuery,
  removeChip,
} from '../../kubevirt/search';
import { isVmHealth } from '../../kubevirt/health';
import { ROOT_CAUSE_CATEGORIES, type RootCauseCategory } from '../../kubevirt/diagnosis/model';
import { useAICapability } from '../../lightspeed/capabilities';
import { AIAccessHint } from '../../components/AIAccessHint';
import { AISearchBar } from '../../components/AISearchBar';
import type { VmRow, VmSort } from '../../components/VirtualMachineTable';
import {
  entrySortValue,
  isVmSortColumn,
  toVmRow,
  VirtualMachineTable,
  VmActionsMenu,
} from '../../components/VirtualMachineTable';
import { LightspeedSearchAnswer } from './LightspeedSearchAnswer';
import { SearchResultsState } from './SearchResultsState';
import { useVmEntries } from './useVmEntries';

// Loaded after the page: the counts follow the rows anyway, the list link needs a filter first.
const FleetView = lazy(() => import(/* webpackChunkName: "search-fleet" */ './FleetView'));
const OpenInListLink = lazy(
  () => import(/* webpackChunkName: "search-list-link" */ './OpenInListLink'),
);
import './VirtualMachinesSearchPage.css';

/** The row shows the same health verdict and effective size the matcher used (same `now`). */
const entryToRow =
  (now: Date) =>
  ({ vm, vmi, migrations, instancetypes }: VmEntry): VmRow =>
    toVmRow(vm, vmi, { migrations, instancetypes, now });

const renderRowActions = (row: VmRow) => (row.vm ? <VmActionsMenu vm={row.vm} /> : null);

/** URL parameters: the query text, and the ids of chips the user removed from it. */
const QUERY_PARAM = 'q';
const REMOVED_PARAM = 'without';
/** Filters added from the fleet summary (not words of the query). */
const HEALTH_PARAM = 'health';
const CATEGORY_PARAM = 'category';
/** The table's sort column and direction: kept across new queries. */
const SORT_PARAM = 'sort';
const ORDER_PARAM = 'order';

const sortFromParams = (params: URLSearchParams): VmSort | undefined => {
  const column = params.get(SORT_PARAM);
  if (!isVmSortColumn(column)) return undefined;
  return { column, direction: params.get(ORDER_PARAM) === 'desc' ? 'desc' : 'asc' };
};

const isCategory = (value: string): value is RootCauseCategory =>
  (ROOT_CAUSE_CATEGORIES as readonly string[]).includes(value);

/** The query with the user's removed chips taken out again (so Enter or reload never restores them). */
const withoutRemoved = (parsed: ParsedVmSearch, removed: readonly string[]): ParsedVmSearch => {
  if (removed.length === 0) return parsed;
  const criteria = parsed.chips
    .filter((chip) => removed.includes(chip.id))
    .reduce((current, chip) => removeChip(current, chip), parsed.criteria);
  return { ...parsed, criteria, chips: chipsForCriteria(criteria) };
};

interface AskedQuestion {
  id: number;
  text: string;
  parsed: ParsedVmSearch;
}

/**
 * "VirtualMachines search": natural language → visible, removable filters → the VM table, all
 * local. With AI available, "Ask Lightspeed" adds an answer (and the tool's VMs) below.
 */
const VirtualMachinesSearchPage: FC<{ now?: Date }> = ({ now }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability } = useAICapability();
  const { entries, loaded, loadError, namespace } = useVmEntries();
  const [params, setParams] = useSearchParams();
  const query = params.get(QUERY_PARAM) ?? '';
  const removedParam = params.getAll(REMOVED_PARAM).join('\n');
  const healthParam = params.getAll(HEALTH_PARAM).filter(isVmHealth).join(',');
  const categoryParam = params.getAll(CATEGORY_PARAM).filter(isCategory).join(',');
  const [asked, setAsked] = useState<AskedQuestion>();
  const clock = useMemo(() => ({ now: now ?? new Date() }), [now]);
  const toRow = useMemo(() => entryToRow(clock.now), [clock]);
  const visibleNamespaces = useMemo(
    () => [...new Set(entries.map((entry) => entry.vm.metadata?.namespace ?? ''))].filter(Boolean),
    [entries],
  );
  const namespaceKey = visibleNamespaces.join(',');

  const search = useMemo(() => {
    const parsed = withoutRemoved(
      parseVmSearchQuery(query, {
        now: clock.now,
        namespaces: namespaceKey ? namespaceKey.split(',') : undefined,
      }),
      removedParam ? removedParam.split('\n') : [],
    );
    if (!healthParam && !categoryParam) return parsed;
    const criteria = mergeCriteria(parsed.criteria, {
      health: healthParam ? (healthParam.split(',') as VmHealth[]) : undefined,
      categories: categoryParam ? (categoryParam.split(',') as RootCauseCategory[]) : undefined,
    });
    return { ...parsed, criteria, chips: chipsForCriteria(criteria) };
  }, [query, removedParam, clock, namespaceKey, healthParam, categoryParam]);

  const sortParam = params.get(SORT_PARAM) ?? '';
  const orderParam = params.get(ORDER_PARAM) ?? '';
  const sort = useMemo(
    () =>
      sortFromParams(new URLSearchParams({ [SORT_PARAM]: sortParam, [ORDER_PARAM]: orderParam })),
    [sortParam, orderParam],
  );

  /** Each new query is a history entry: Back returns to the previous one, a link restores it. */
  const navigateTo = useCallback(
    (text: string, removed: readonly string[] = []) => {
      const next = new URLSearchParams();
      if (text.trim()) next.set(QUERY_PARAM, text);
      removed.forEach((id) => next.append(REMOVED_PARAM, id));
      if (sortParam) next.set(SORT_PARAM, sortParam);
      if (sortParam && orderParam) next.set(ORDER_PARAM, orderParam);
      setParams(next);
    },
    [setParams, sortParam, orderParam],
  );

  /** A fleet count toggles its filter: on (replacing another of its kind) or off again. */
  const toggleFleetFilter = useCallback(
    (param: string, value: string) => {
      const next = new URLSearchParams(params);
      const active = params.getAll(param);
      next.delete(param);
      if (!(active.length === 1 && active[0] === value)) next.set(param, value);
      setParams(next);
    },
    [params, setParams],
  );
  const onFleetHealth = useCallback(
    (health: VmHealth) => toggleFleetFilter(HEALTH_PARAM, health),
    [toggleFleetFilter],
  );
  const onFleetCategory = useCallback(
    (category: RootCauseCategory) => toggleFleetFilter(CATEGORY_PARAM, category),
    [toggleFleetFilter],
  );
  const onSortChange = useCallback(
    (next: VmSort) => {
      const updated = new URLSearchParams(params);
      updated.set(SORT_PARAM, next.column);
      updated.set(ORDER_PARAM, next.direction);
      setParams(updated, { replace: true });
    },
    [params, setParams],
  );

  const onSearch = useCallback(
    (text: string) => {
      // the same text again keeps the user's removals: Enter never brings a removed chip back
      if (text === query) return;
      navigateTo(text);
    },
    [navigateTo, query],
  );
  const onRemoveChip = useCallback(
    (chip: SearchChip) => {
      if (
        (chip.field === 'health' && params.getAll(HEALTH_PARAM).includes(String(chip.value))) ||
        (chip.field === 'categories' && params.getAll(CATEGORY_PARAM).includes(String(chip.value)))
      ) {
        const param = chip.field === 'health' ? HEALTH_PARAM : CATEGORY_PARAM;
        const next = new URLSearchParams(params);
        next.delete(param);
        params
          .getAll(param)
          .filter((value) => value !== String(chip.value))
          .forEach((value) => next.append(param, value));
        setParams(next);
        return;
      }
      navigateTo(query, [...(removedParam ? removedParam.split('\n') : []), chip.id]);
    },
    [navigateTo, query, removedParam, params, setParams],
  );

  const onClearAll = useCallback(() => navigateTo(''), [navigateTo]);
  const onAskLightspeed = useCallback(
    (text: string) => {
      setAsked((previous) => ({
        id: (previous?.id ?? 0) + 1,
        text,
        parsed: parseVmSearchQuery(text, clock),
      }));
      if (text !== query) navigateTo(text);
    },
    [clock, navigateTo, query],
  );
  // An answer to another question is not shown next to this query's results.
  const shownAsked = asked && asked.text === query ? asked : undefined;

  const activeHealth = useMemo(
    () => (healthParam ? (healthParam.split(',') as VmHealth[]) : []),
    [healthParam],
  );
  const activeCategories = useMemo(
    () => (categoryParam ? (categoryParam.split(',') as RootCauseCategory[]) : []),
    [categoryParam],
  );

  const matching = useMemo(
    () => filterVms(entries, search.criteria, clock),
    [entries, search.criteria, clock],
  );
  const filtering = search.chips.length > 0 || search.unrecognized.length > 0;
  const matchingVms = useMemo(() => matching.map((entry) => entry.vm), [matching]);

  return (
    <>
      <DocumentTitle>{t('VirtualMachines search')}</DocumentTitle>
      <ListPageHeader title={t('VirtualMachines search')}>
        {search.chips.length > 0 && (
          <Suspense fallback={null}>
            <OpenInListLink
              chips={search.chips}
              criteria={search.criteria}
              now={clock.now}
              vms={matchingVms}
            />
          </Suspense>
        )}
      </ListPageHeader>
      <PageSection className="kv-ls-search-page">
        <AISearchBar
          onSearch={onSearch}
          chips={search.chips}
          unrecognized={search.unrecognized}
          notUnderstood={search.notUnderstood}
          truncatedAt={search.truncatedAt}
          initialText={query}
          onRemoveChip={onRemoveChip}
          onClearAll={onClearAll}
          onAskLightspeed={capability === 'off' ? undefined : onAskLightspeed}
        />
        <AIAccessHint />
        {/* Every VM the user can see, counted a slice at a time (verdicts cached per object): the
            rows paint first, the counts follow and grow while the lists load. */}
        {!loadError && entries.length > 0 && (
          <Suspense fallback={null}>
            <FleetView
              entries={entries}
              clock={clock}
              loading={!loaded}
              activeHealth={activeHealth}
              activeCategories={activeCategories}
              onHealth={onFleetHealth}
              onCategory={onFleetCategory}
            />
          </Suspense>
        )}
        {capability !== 'off' && shownAsked && (
          <LightspeedSearchAnswer
            key={shownAsked.id}
            userText={shownAsked.text}
            criteria={shownAsked.parsed.criteria}
            namespace={namespace}
            capability={capability}
          />
        )}
        <SearchResultsState
          loaded={loaded}
          loadError={loadError}
          total={entries.length}
          matching={matching.length}
          filtering={filtering}
          onClearAll={onClearAll}
        >
          <VirtualMachineTable
            rows={matching}
            toRow={toRow}
            sortValue={entrySortValue}
            sort={sort}
            onSortChange={onSortChange}
            ariaLabel={t('VirtualMachines')}
            renderRowActions={renderRowActions}
          />
        </SearchResultsState>
      </PageSection>
    </>
  );
};

export default VirtualMachinesSearchPage;
