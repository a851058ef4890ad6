import type { FC } from 'react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Title } from '@patternfly/react-core';
import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import type { VmSearchCriteria } from '../../kubevirt/search';
import type { OLSQueryResult } from '../../lightspeed/types';
import { AIPromptCard } from '../../components/AIPromptCard';
import type { VmRow } from '../../components/VirtualMachineTable';
import { VirtualMachineTable, vmRowsFromSearchResult } from '../../components/VirtualMachineTable';

/** VMs the search tool returned in an answer (all its successful calls, deduplicated). */
export const rowsFromAnswer = (result: OLSQueryResult): VmRow[] | undefined => {
  const searchResults = result.toolResults.filter(
    (tool) => tool.name === CNV_MCP_TOOLS.search && tool.status !== 'error',
  );
  if (searchResults.length === 0) return undefined;
  const seen = new Set<string>();
  return searchResults
    .flatMap((tool) => vmRowsFromSearchResult(tool.structuredContent))
    .filter((row) => !seen.has(row.key) && Boolean(seen.add(row.key)));
};

export interface LightspeedSearchAnswerProps {
  userText: string;
  criteria: VmSearchCriteria;
  namespace?: string;
  capability: 'mcp' | 'static';
}

/** The "Ask Lightspeed" answer: the streamed text, plus the tool's VMs as the same table. */
export const LightspeedSearchAnswer: FC<LightspeedSearchAnswerProps> = ({
  userText,
  criteria,
  namespace,
  capability,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [rows, setRows] = useState<VmRow[]>();
  const onResult = useCallback((result: OLSQueryResult) => setRows(rowsFromAnswer(result)), []);
  const [input] = useState(() => ({ userText, criteria, namespace }));

  return (
    <section className="kv-ls-search-page__ai" aria-label={t('Lightspeed answer')}>
      <AIPromptCard
        intent="search"
        input={input}
        capability={capability}
        title={t('Lightspeed search')}
        onResult={onResult}
      />
      {rows && (
        <>
          <Title headingLevel="h3" className="kv-ls-search-page__ai-title">
            {t('VirtualMachines found by Lightspeed ({{count}})', { count: rows.length })}
          </Title>
          <VirtualMachineTable rows={rows} ariaLabel={t('VirtualMachines found by Lightspeed')} />
        </>
      )}
    </section>
  );
};
