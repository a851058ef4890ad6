import { render, screen } from '@testing-library/react';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import { capabilityResult } from '../../views/testing/mockCapability';
import { AIAccessHint } from './AIAccessHint';

jest.mock('../../lightspeed/capabilities/useAICapability', () => ({ useAICapability: jest.fn() }));

describe('AIAccessHint', () => {
  it('explains a missing Lightspeed access in one line', () => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult('off', 'not-authorized'));
    render(<AIAccessHint />);
    expect(screen.getByTestId('kv-ls-ai-access-hint')).toHaveTextContent(
      /no access to OpenShift Lightspeed/,
    );
  });

  it.each([
    ['off', 'lightspeed-plugin-missing'],
    ['off', 'disabled-by-admin'],
    ['static', 'mcp-not-registered'],
    ['mcp', 'mcp-reachable'],
  ] as const)('renders nothing for %s / %s', (capability, reason) => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult(capability, reason));
    const { container } = render(<AIAccessHint />);
    expect(container).toBeEmptyDOMElement();
  });
});
