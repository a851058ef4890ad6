import { render, screen } from '@testing-library/react';
import { LightspeedMarkdown } from './LightspeedMarkdown';

const TABLE = `| VM | OS | CPUs |
| --- | --- | ---: |
| win-01 | Windows 2022 | 4 |
| rhel-02 | RHEL 9 | 2 |`;

describe('LightspeedMarkdown tables', () => {
  it('renders answer tables as separate cells with the console table styling, in a scroller', () => {
    const { container } = render(<LightspeedMarkdown text={TABLE} />);
    const table = screen.getByRole('table');
    expect(table).toHaveClass('pf-v6-c-table', 'pf-m-compact');
    expect(table.parentElement).toHaveClass('kv-ls-lightspeed-card__table-scroll');
    const cells = screen.getAllByRole('cell').map((cell) => cell.textContent?.trim());
    // "Windows 2022" and "4" are two cells, not "Windows 20224"
    expect(cells).toEqual(['win-01', 'Windows 2022', '4', 'rhel-02', 'RHEL 9', '2']);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent?.trim())).toEqual([
      'VM',
      'OS',
      'CPUs',
    ]);
    expect(container.querySelectorAll('td.pf-v6-c-table__td')).toHaveLength(6);
  });

  it('keeps raw HTML in a table cell as text', () => {
    render(<LightspeedMarkdown text={'| a |\n| - |\n| <b onclick="x">b</b> |'} />);
    expect(screen.getByRole('table').querySelector('b')).toBeNull();
  });
});

describe('LightspeedMarkdown table cell wrapping', () => {
  const WIDE = `| namespace | name | message |
| --- | --- | --- |
| diag-bootsource-missing | win-desktop | The DataSource openshift-virtualization-os-images/win2k22 referenced by the VM does not exist |
| team-a | db-01 | pulled sha256:${'0123456789abcdef'.repeat(4)}0 |`;

  const cellClasses = () =>
    screen
      .getAllByRole('cell')
      .map((cell) => [cell.textContent?.trim().slice(0, 12), cell.className.split(' ').pop()]);

  it('keeps names whole, wraps prose between words and breaks only tokens longer than a name', () => {
    render(<LightspeedMarkdown text={WIDE} />);
    expect(cellClasses()).toEqual([
      ['diag-bootsou', 'kv-ls-lightspeed-card__cell--nowrap'],
      ['win-desktop', 'kv-ls-lightspeed-card__cell--nowrap'],
      ['The DataSour', 'kv-ls-lightspeed-card__cell--prose'],
      ['team-a', 'kv-ls-lightspeed-card__cell--nowrap'],
      ['db-01', 'kv-ls-lightspeed-card__cell--nowrap'],
      ['pulled sha25', 'kv-ls-lightspeed-card__cell--long'],
    ]);
    // Header cells follow the same rule, so short headers are never cut or split.
    for (const th of screen.getAllByRole('columnheader')) {
      expect(th).toHaveClass('pf-v6-c-table__th', 'kv-ls-lightspeed-card__cell--nowrap');
    }
  });

  it('reads the text of inline markup in a cell (code, links, emphasis)', () => {
    render(
      <LightspeedMarkdown
        text={
          '| rule | note |\n| - | - |\n| `vm.image-pull` | **see** [docs](https://example.com/a) now, then retry later |'
        }
      />,
    );
    const [rule, note] = screen.getAllByRole('cell');
    expect(rule).toHaveClass('kv-ls-lightspeed-card__cell--nowrap');
    expect(note).toHaveClass('kv-ls-lightspeed-card__cell--prose');
  });

  it('uses no stacked grid layout: markdown cells carry no data-label for it', () => {
    render(<LightspeedMarkdown text={WIDE} />);
    expect(screen.getByRole('table').className).not.toMatch(/pf-m-grid/);
  });
});
