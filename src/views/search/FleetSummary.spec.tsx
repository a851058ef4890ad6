import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FIXTURE_NOW, makeFixtureCluster } from '../../kubevirt/testing/fixtureCluster';
import { fleetCounts } from '../../kubevirt/search';
import { FleetSummary } from './FleetSummary';

const cluster = makeFixtureCluster({ now: FIXTURE_NOW });
const counts = fleetCounts(cluster, { now: FIXTURE_NOW });

const button = (testId: string) => within(screen.getByTestId(testId)).getByRole('button');

describe('FleetSummary', () => {
  it('shows each verdict and each problem category with its count', () => {
    render(
      <FleetSummary
        counts={counts}
        counting={false}
        activeHealth={[]}
        activeCategories={[]}
        onHealth={jest.fn()}
        onCategory={jest.fn()}
      />,
    );
    expect(screen.getByTestId('fleet-total')).toHaveTextContent(
      `VirtualMachines you can see: ${cluster.length}`,
    );
    expect(button('fleet-health-error')).toHaveTextContent(`Error: ${counts.health.error}`);
    expect(button('fleet-health-healthy')).toHaveTextContent(`Healthy: ${counts.health.healthy}`);
    expect(button('fleet-category-ImagePull')).toHaveTextContent(
      `Image pull: ${counts.categories.ImagePull}`,
    );
    expect(screen.queryByText(/counting/)).not.toBeInTheDocument();
  });

  it('calls back with the verdict or category clicked and marks the active ones', async () => {
    const onHealth = jest.fn();
    const onCategory = jest.fn();
    render(
      <FleetSummary
        counts={counts}
        counting={false}
        activeHealth={['error']}
        activeCategories={[]}
        onHealth={onHealth}
        onCategory={onCategory}
      />,
    );
    const user = userEvent.setup();
    expect(button('fleet-health-error')).toHaveAttribute('aria-pressed', 'true');
    expect(button('fleet-health-stopped')).toHaveAttribute('aria-pressed', 'false');
    await user.click(button('fleet-health-stopped'));
    await user.click(button('fleet-category-CrashLoop'));
    expect(onHealth).toHaveBeenCalledWith('stopped');
    expect(onCategory).toHaveBeenCalledWith('CrashLoop');
  });

  it('says it is still counting while the lists load, and disables empty verdicts', () => {
    const partial = fleetCounts(cluster.slice(0, 5), { now: FIXTURE_NOW });
    render(
      <FleetSummary
        counts={partial}
        counting
        activeHealth={[]}
        activeCategories={[]}
        onHealth={jest.fn()}
        onCategory={jest.fn()}
      />,
    );
    expect(screen.getByTestId('fleet-total')).toHaveTextContent('VirtualMachines you can see: 5');
    expect(screen.getByText(/counting/)).toBeInTheDocument();
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute('aria-busy', 'true');
    const empty = Object.entries(partial.health).find(([, n]) => n === 0);
    expect(empty).toBeDefined();
    expect(button(`fleet-health-${empty![0]}`)).toBeDisabled();
  });
});
