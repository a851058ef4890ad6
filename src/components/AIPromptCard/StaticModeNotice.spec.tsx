import { render, screen } from '@testing-library/react';
import { useAICapability } from '../../lightspeed/capabilities';
import { capabilityResult } from '../../views/testing/mockCapability';
import { StaticModeNotice } from './StaticModeNotice';

jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));

describe('StaticModeNotice', () => {
  it.each([
    ['ols-too-old', /cannot call cnv-mcp-server tools/],
    ['mcp-not-registered', /not registered/],
    ['mcp-unreachable', /could not reach cnv-mcp-server/],
  ] as const)('names the reason of static mode: %s', (reason, title) => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult('static', reason));
    render(<StaticModeNotice />);
    expect(screen.getByTestId('kv-ls-static-mode-notice')).toHaveTextContent(title);
  });

  it('points at the CA trust setting when OLS cannot reach the server', () => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult('static', 'mcp-unreachable'));
    render(<StaticModeNotice />);
    expect(screen.getByTestId('kv-ls-static-mode-notice')).toHaveTextContent(
      /additionalCAConfigMapRef/,
    );
  });

  it.each([
    ['mcp', 'mcp-reachable'],
    ['static', 'demoted'],
    ['off', 'not-authorized'],
  ] as const)('says nothing for %s / %s', (capability, reason) => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult(capability, reason));
    const { container } = render(<StaticModeNotice />);
    expect(container).toBeEmptyDOMElement();
  });
});
