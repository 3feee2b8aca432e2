import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataTable } from './DataTable';

function table(region?: boolean) {
  return (
    <DataTable caption="Licenses by product" region={region}>
      <tbody>
        <tr>
          <th scope="row">C9300-DNA-A-5Y</th>
          <td>5</td>
        </tr>
      </tbody>
    </DataTable>
  );
}

/** jsdom lays nothing out: pretend every element's content is `content` px wide in a `box` px box. */
function layout(content: number, box: number) {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockReturnValue(content);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(box);
}

describe('DataTable', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is a focusable region named by its caption by default', () => {
    render(table());
    const region = screen.getByRole('region', { name: 'Licenses by product' });
    expect(region).toHaveAttribute('tabindex', '0');
    expect(region).toContainElement(screen.getByRole('table', { name: 'Licenses by product' }));
  });

  it('with region={false}, is a plain box while the table fits', () => {
    layout(300, 600);
    render(table(false));
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Licenses by product' }).parentElement).not.toHaveAttribute('tabindex');
  });

  it('with region={false}, becomes a focusable region named by its caption when the table is wider than its box', () => {
    layout(600, 300);
    render(table(false));
    const region = screen.getByRole('region', { name: 'Licenses by product' });
    expect(region).toHaveAttribute('tabindex', '0');
    expect(region).toHaveClass('table-wrap');
  });
});
