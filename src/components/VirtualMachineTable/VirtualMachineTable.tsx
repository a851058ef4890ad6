import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourceLink, Timestamp } from '@openshift-console/dynamic-plugin-sdk';
import { Button, Pagination, PaginationVariant, Popover } from '@patternfly/react-core';
import type { ThProps } from '@patternfly/react-table';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { SortValue, VmSort, VmSortColumn } from './sort';
import { rowSortValue, sortByValue } from './sort';
import type { VmRow } from './vmRow';
import { VmStatus } from './VmStatus';
import './VirtualMachineTable.css';

const VM_GVK = { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' };

const PER_PAGE_OPTIONS = [
  { title: '10', value: 10 },
  { title: '20', value: 20 },
  { title: '50', value: 50 },
  { title: '100', value: 100 },
];

const identityRow = <T,>(item: T) => item as unknown as VmRow;

export interface VirtualMachineTableProps<T = VmRow> {
  /** Everything that matches; only the visible page is turned into rows. */
  rows: readonly T[];
  /** How an item becomes a row (identity for VmRow items). */
  toRow?: (item: T) => VmRow;
  /** Accessible name of the table, e.g. "VirtualMachines matching the search". */
  ariaLabel: string;
  /**
   * The value an item sorts by in a column, read without building its row (the search page reads
   * its entries directly); by default the row's own value.
   */
  sortValue?: (item: T, column: VmSortColumn) => SortValue;
  /** Sorting in effect and its change; without them the table keeps its own (unsorted at first). */
  sort?: VmSort;
  onSortChange?: (sort: VmSort) => void;
  /** Compact variant for the Lightspeed chat: smaller rows, no size, IP or OS columns. */
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

/** The first IP address; the others behind "+N". */
const IpCell = ({ ips }: { ips?: string[] }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  if (!ips || ips.length === 0) return <>-</>;
  const [first, ...rest] = ips;
  return (
    <span className="kv-ls-vm-table__ip">
      {first}
      {rest.length > 0 && (
        <>
          {' '}
          <Popover
            aria-label={t('IP addresses')}
            headerContent={t('IP addresses')}
            bodyContent={
              <ul className="kv-ls-vm-table__ip-list">
                {ips.map((ip) => (
                  <li key={ip}>{ip}</li>
                ))}
              </ul>
            }
          >
            <Button variant="link" isInline>
              {t('+{{count}} more', { count: rest.length })}
            </Button>
          </Popover>
        </>
      )}
    </span>
  );
};

/**
 * Paged so that 10,000 VMs render as fast as 10: only the visible page becomes rows (and DOM).
 * The caller filters; this component only displays.
 */
export const VirtualMachineTable = <T = VmRow,>({
  rows,
  toRow = identityRow,
  ariaLabel,
  compact = false,
  renderRowActions,
  defaultPerPage = 20,
  sortValue,
  sort: controlledSort,
  onSortChange,
}: VirtualMachineTableProps<T>) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(defaultPerPage);
  const [ownSort, setOwnSort] = useState<VmSort>();
  const sort = controlledSort ?? ownSort;
  const valueOf = useCallback(
    (item: T, column: VmSortColumn) =>
      sortValue ? sortValue(item, column) : rowSortValue(toRow(item), column),
    [sortValue, toRow],
  );
  // Sorted once per change of the rows or the sort: O(n) reads, O(n log n) comparisons.
  const sorted = useMemo(
    () => (sort ? sortByValue(rows, (item) => valueOf(item, sort.column), sort.direction) : rows),
    [rows, sort, valueOf],
  );

  // A narrower result keeps the user on a page that still exists.
  const lastPage = Math.max(1, Math.ceil(sorted.length / perPage));
  const currentPage = Math.min(page, lastPage);
  const visible = sorted.slice((currentPage - 1) * perPage, currentPage * perPage).map(toRow);

  const columns: { column?: VmSortColumn; title: string; show: boolean }[] = [
    { column: 'name', title: t('Name'), show: true },
    { column: 'namespace', title: t('Namespace'), show: true },
    { column: 'status', title: t('Status'), show: true },
    { column: 'node', title: t('Node'), show: true },
    { column: 'cpu', title: t('vCPU'), show: !compact },
    { column: 'memory', title: t('Memory'), show: !compact },
    { column: 'ip', title: t('IP address'), show: !compact },
    { column: 'created', title: t('Created'), show: true },
    { title: t('Operating system'), show: !compact },
  ];
  const shown = columns.filter((c) => c.show);
  const sortProps = (column: VmSortColumn | undefined, columnIndex: number): ThProps['sort'] =>
    column
      ? {
          columnIndex,
          sortBy: {
            index: sort ? shown.findIndex((c) => c.column === sort.column) : undefined,
            direction: sort?.direction,
            defaultDirection: 'asc',
          },
          onSort: (_event, _index, direction) => {
            const next = { column, direction };
            setPage(1);
            if (onSortChange) onSortChange(next);
            else setOwnSort(next);
          },
        }
      : undefined;

  return (
    <div className="kv-ls-vm-table">
      <Table aria-label={ariaLabel} variant={compact ? 'compact' : undefined}>
        <Thead>
          <Tr>
            {shown.map((c, index) => (
              <Th
                key={c.title}
                sort={sortProps(c.column, index)}
                modifier="wrap"
                data-sort-column={c.column}
              >
                {c.title}
              </Th>
            ))}
            {renderRowActions && <Th screenReaderText={t('Actions')} />}
          </Tr>
        </Thead>
        <Tbody>
          {visible.map((row) => (
            <Tr key={row.key} data-test="vm-row" data-vm-key={row.key}>
              <Td dataLabel={t('Name')}>
                <ResourceLink groupVersionKind={VM_GVK} name={row.name} namespace={row.namespace} />
              </Td>
              <Td dataLabel={t('Namespace')}>
                <ResourceLink kind="Namespace" name={row.namespace} />
              </Td>
              <Td dataLabel={t('Status')}>
                <VmStatus
                  status={row.status}
                  group={row.statusGroup}
                  health={row.health}
                  stuck={row.stuck}
                  summary={row.healthSummary}
                />
              </Td>
              <Td dataLabel={t('Node')}>
                {row.node ? <ResourceLink kind="Node" name={row.node} /> : '-'}
              </Td>
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
              {!compact && (
                <Td dataLabel={t('IP address')} data-test="vm-ip">
                  <IpCell ips={row.ips} />
                </Td>
              )}
              <Td dataLabel={t('Created')}>
                {row.created ? <Timestamp timestamp={row.created} simple={compact} /> : '-'}
              </Td>
              {!compact && <Td dataLabel={t('Operating system')}>{row.os ?? '-'}</Td>}
              {renderRowActions && <Td isActionCell>{renderRowActions(row)}</Td>}
            </Tr>
          ))}
        </Tbody>
      </Table>
      {sorted.length > PER_PAGE_OPTIONS[0].value && (
        <Pagination
          itemCount={sorted.length}
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
