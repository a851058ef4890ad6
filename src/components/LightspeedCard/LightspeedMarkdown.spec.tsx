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
