import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@patternfly/react-core';
import type { VirtualMachine } from '../../kubevirt/types';
import { useTroubleshootVmActions } from './useTroubleshootVmActions';

/**
 * The "Troubleshoot with AI" action as a button on our own surfaces (search rows, Diagnostics tab):
 * the same action the console menus get, rendered only when that action exists.
 */
export const TroubleshootWithAIButton: FC<{
  vm: VirtualMachine;
  variant?: 'link' | 'secondary';
}> = ({ vm, variant = 'link' }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [actions] = useTroubleshootVmActions(vm);
  const action = actions[0];
  if (!action || typeof action.cta !== 'function') return null;
  const run = action.cta;
  return (
    <Button
      variant={variant}
      isInline={variant === 'link'}
      onClick={() => run()}
      aria-label={t('Troubleshoot {{namespace}}/{{name}} with AI', {
        namespace: vm.metadata?.namespace ?? '',
        name: vm.metadata?.name ?? '',
      })}
    >
      {action.label}
    </Button>
  );
};
