import type { FC } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentTitle, ListPageHeader } from '@openshift-console/dynamic-plugin-sdk';
import { Link } from 'react-router';
import { HelperText, HelperTextItem, PageSection } from '@patternfly/react-core';
import type { ParsedVmSearch, SearchChip } from '../../kubevirt/search';
import type { VmEntry } from '../../kubevirt/vm';
import { filterVms, parseVmSearchQuery, removeChip, chipsForCriteria } from '../../kubevirt/search';
import { useAICapability } from '../../lightspeed/capabilities';
import { AIAccessHint } from '../../components/AIAccessHint';
import {
  AISearchBar,
  chipLabel,
  kubevirtListSearchHref,
  uncarriedChips,
} from '../../components/AISearchBar';
import type { VmRow } from '../../components/VirtualMachineTable';
import { toVmRow, VirtualMachineTable } from '../../components/VirtualMachineTable';
import { TroubleshootWithAIButton } from '../actions/TroubleshootWithAIButton';
import { LightspeedSearchAnswer } from './LightspeedSearchAnswer';
import { SearchResultsState } from './SearchResultsState';
import { useVmEntries } from './useVmEntries';
import './VirtualMachinesSearchPage.css';

/** The row shows the same health verdict and effective size the matcher used (same `now`). */
const entryToRow =
  (now: Date) =>
  ({ vm, vmi, migrations, instancetypes }: VmEntry): VmRow =>
    toVmRow(vm, vmi, { migrations, instancetypes, now });

const EMPTY_SEARCH: ParsedVmSearch = { criteria: {}, chips: [], unrecognized: [] };

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
  const [search, setSearch] = useState<ParsedVmSearch>(EMPTY_SEARCH);
  const [asked, setAsked] = useState<AskedQuestion>();
  const clock = useMemo(() => ({ now: now ?? new Date() }), [now]);
  const toRow = useMemo(() => entryToRow(clock.now), [clock]);

  const onSearch = useCallback(
    (text: string) => setSearch(parseVmSearchQuery(text, clock)),
    [clock],
  );
  const onRemoveChip = useCallback((chip: SearchChip) => {
    setSearch((current) => {
      const criteria = removeChip(current.criteria, chip);
      return {
        criteria,
        chips: chipsForCriteria(criteria),
        unrecognized: current.unrecognized.filter((word) => criteria.text?.includes(word)),
      };
    });
  }, []);
  const onClearAll = useCallback(() => setSearch(EMPTY_SEARCH), []);
  const onAskLightspeed = useCallback(
    (text: string) =>
      setAsked((previous) => ({
        id: (previous?.id ?? 0) + 1,
        text,
        parsed: parseVmSearchQuery(text, clock),
      })),
    [clock],
  );

  const matching = useMemo(
    () => filterVms(entries, search.criteria, clock),
    [entries, search.criteria, clock],
  );
  const filtering = search.chips.length > 0 || search.unrecognized.length > 0;
  const uncarried = useMemo(
    () => uncarriedChips(search.chips, search.criteria),
    [search.chips, search.criteria],
  );

  return (
    <>
      <DocumentTitle>{t('VirtualMachines search')}</DocumentTitle>
      <ListPageHeader title={t('VirtualMachines search')}>
        {search.chips.length > 0 && (
          <>
            <Link to={kubevirtListSearchHref(search.criteria, clock.now)}>
              {t('Open in VirtualMachines list')}
            </Link>
            {uncarried.length > 0 && (
              <HelperText data-test="kv-ls-list-link-uncarried">
                <HelperTextItem>
                  {t('The VirtualMachines list cannot filter by: {{filters}}', {
                    filters: uncarried.map((chip) => chipLabel(chip, t)).join(', '),
                  })}
                </HelperTextItem>
              </HelperText>
            )}
          </>
        )}
      </ListPageHeader>
      <PageSection className="kv-ls-search-page">
        <AISearchBar
          onSearch={onSearch}
          chips={search.chips}
          unrecognized={search.unrecognized}
          onRemoveChip={onRemoveChip}
          onClearAll={onClearAll}
          onAskLightspeed={capability === 'off' ? undefined : onAskLightspeed}
        />
        <AIAccessHint />
        {capability !== 'off' && asked && (
          <LightspeedSearchAnswer
            key={asked.id}
            userText={asked.text}
            criteria={asked.parsed.criteria}
            namespace={namespace}
            capability={capability}
            now={now}
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
            now={clock.now}
            ariaLabel={t('VirtualMachines')}
            renderRowActions={(row) => (row.vm ? <TroubleshootWithAIButton vm={row.vm} /> : null)}
          />
        </SearchResultsState>
      </PageSection>
    </>
  );
};

export default VirtualMachinesSearchPage;
