import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Pagination, PaginationVariant } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { formatAge } from './formatAge';
import type { VmRow } from './vmRow';
import { VmStatus } from './VmStatus';
import './VirtualMachineTable.css';

export const vmDetailsHref = (namespace: string, name: string): string =>
  `/k8s/ns/${encodeURIComponent(namespace)}/kubevirt.io~v1~VirtualMachine/${encodeURIComponent(name)}`;

const PER_PAGE_OPTIONS = [
  { title: '10', value: 10 },
  { title: '20', value: 20 },
  { title: '50', value: 50 },
  { title: '100', value: 100 },
];

export interface VirtualMachineTableProps<T = VmRow> {
  /** Everything that matches; only the visible page is turned into rows. */
  rows: readonly T[];
  /** How an item becomes a row (identity for VmRow items). */
  toRow?: (item: T) => VmRow;
  /** Accessible name of the table, e.g. "VirtualMachines matching the search". */
  ariaLabel: string;
  /** Reference time for the Age column (tests pass a fixed one). */
  now?: Date;
  /** Compact variant for the Lightspeed chat: smaller rows, no OS column. */
  compact?: boolean;
  /** Row action cell (e.g. "Troubleshoot with AI"); no column when absent. */
  renderRowActions?: (row: VmRow) => ReactNode;
  defaultPerPage?: number;
}

/** A size, or "-" with a hint when the VM's instancetype could not be read. */
const SizeCell = ({ value, unknown }: { value?: number | string; unknown: boolean }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  if (value !== undefined) return <>{value}</>;
  return unknown ? (
    <span title={t('Sized by an instancetype you cannot read')}>{t('Unknown')}</span>
  ) : (
    <>-</>
  );
};

/**
 * Paged so that 10,000 VMs render as fast as 10: only the visible page becomes rows (and DOM).
 * The caller filters; this component only displays.
 */
export const VirtualMachineTable = <T = VmRow,>({
  rows,
  toRow = (item: T) => item as unknown as VmRow,
  ariaLabel,
  now,
  compact = false,
  renderRowActions,
  defaultPerPage = 20,
}: VirtualMachineTableProps<T>) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(defaultPerPage);
  const referenceTime = useMemo(() => now ?? new Date(), [now]);

  // A narrower result keeps the user on a page that still exists.
  const lastPage = Math.max(1, Math.ceil(rows.length / perPage));
  const currentPage = Math.min(page, lastPage);
  const visible = rows.slice((currentPage - 1) * perPage, currentPage * perPage).map(toRow);

  return (
    <div className="kv-ls-vm-table">
      <Table aria-label={ariaLabel} variant={compact ? 'compact' : undefined}>
        <Thead>
          <Tr>
            <Th>{t('Name')}</Th>
            <Th>{t('Namespace')}</Th>
            <Th>{t('Status')}</Th>
            <Th>{t('Node')}</Th>
            {!compact && <Th>{t('vCPU')}</Th>}
            {!compact && <Th>{t('Memory')}</Th>}
            <Th>{t('Age')}</Th>
            {!compact && <Th>{t('Operating system')}</Th>}
            {renderRowActions && <Th screenReaderText={t('Actions')} />}
          </Tr>
        </Thead>
        <Tbody>
          {visible.map((row) => (
            <Tr key={row.key} data-test="vm-row" data-vm-key={row.key}>
              <Td dataLabel={t('Name')}>
                <Link to={vmDetailsHref(row.namespace, row.name)}>{row.name}</Link>
              </Td>
              <Td dataLabel={t('Namespace')}>{row.namespace}</Td>
              <Td dataLabel={t('Status')}>
                <VmStatus
                  status={row.status}
                  group={row.statusGroup}
                  health={row.health}
                  stuck={row.stuck}
                  summary={row.healthSummary}
                />
              </Td>
              <Td dataLabel={t('Node')}>{row.node ?? '-'}</Td>
              {!compact && (
                <Td dataLabel={t('vCPU')}>
                  <SizeCell value={row.cpu} unknown={row.sizeSource === 'unknown'} />
                </Td>
              )}
              {!compact && (
                <Td dataLabel={t('Memory')}>
                  <SizeCell value={row.memory} unknown={row.sizeSource === 'unknown'} />
                </Td>
              )}
              <Td dataLabel={t('Age')}>{formatAge(row.created, referenceTime) || '-'}</Td>
              {!compact && <Td dataLabel={t('Operating system')}>{row.os ?? '-'}</Td>}
              {renderRowActions && <Td isActionCell>{renderRowActions(row)}</Td>}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {rows.length > PER_PAGE_OPTIONS[0].value && (
        <Pagination
          itemCount={rows.length}
          page={currentPage}
          perPage={perPage}
          perPageOptions={PER_PAGE_OPTIONS}
          onSetPage={(_event, next) => setPage(next)}
          onPerPageSelect={(_event, next) => {
            setPerPage(next);
            setPage(1);
          }}
          variant={PaginationVariant.bottom}
          isCompact={compact}
          titles={{ paginationAriaLabel: t('VirtualMachine table pagination') }}
        />
      )}
    </div>
  );
};
