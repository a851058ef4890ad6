import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { VirtualMachineTable, vmRowsFromSearchResult } from '../VirtualMachineTable';
import { asArray, asRecord, asString } from './guards';
import type { ToolUIProps } from './types';
import { ToolUIFrame } from './ToolUIFrame';

/** `search_virtual_machines` in the chat: the matching VMs as a compact VM table. */
export const SearchResultToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  if (!content || !Array.isArray(content.vms)) return null;
  const rows = vmRowsFromSearchResult(content);
  const total = Number(asString(content.total) ?? asArray(content.vms).length);
  return (
    <ToolUIFrame
      title={t('VirtualMachines found: {{count}}', {
        count: Number.isFinite(total) ? total : rows.length,
      })}
    >
      {rows.length === 0 ? (
        <p>{t('No VirtualMachines match.')}</p>
      ) : (
        <VirtualMachineTable
          rows={rows}
          compact
          defaultPerPage={10}
          ariaLabel={t('VirtualMachines found by the search tool')}
        />
      )}
    </ToolUIFrame>
  );
};
