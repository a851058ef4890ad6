import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '@openshift-console/dynamic-plugin-sdk';
import type { VirtualMachine } from '../../kubevirt/types';
import { useAICapability } from '../../lightspeed/capabilities';
import { toConsoleAttachments } from './consoleAttachments';
import { useOpenOLSHandler } from './olsOpenHandler';
import { vmProblem } from './vmProblem';

export const TROUBLESHOOT_ACTION_ID = 'kv-ls-troubleshoot-with-ai';

/**
 * `console.action/provider` hook for VirtualMachines: "Troubleshoot with AI" opens the Lightspeed
 * chat with the troubleshooting prompt and the redacted attachments. No action at all when the
 * chat cannot be opened (lightspeed-console absent) or AI is off, so menus never show a dead item.
 */
export const useTroubleshootVmActions = (
  vm: VirtualMachine | undefined,
): [Action[], boolean, unknown] => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability, loading } = useAICapability();
  const openOLS = useOpenOLSHandler();

  const actions = useMemo<Action[]>(() => {
    if (!vm?.metadata?.name || capability === 'off' || !openOLS) return [];
    const name = vm.metadata.name;
    const namespace = vm.metadata.namespace ?? '';
    return [
      {
        id: TROUBLESHOOT_ACTION_ID,
        label: t('Troubleshoot with AI'),
        description: t('Open Lightspeed with a troubleshooting prompt for this VirtualMachine'),
        cta: async () => {
          // Prompt building (redaction, YAML) loads on first use, not with every VM menu.
          const { buildTroubleshootErrorPrompt } = await import('../../lightspeed/prompts');
          const request = buildTroubleshootErrorPrompt(
            { error: vmProblem(vm), vm },
            { capability },
          );
          const attachments = toConsoleAttachments(request.attachments, {
            kind: 'VirtualMachine',
            name,
            namespace,
          });
          openOLS(request.query, attachments, true);
        },
      },
    ];
  }, [vm, capability, openOLS, t]);

  return [actions, !loading, undefined];
};

export default useTroubleshootVmActions;
