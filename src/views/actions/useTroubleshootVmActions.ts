import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDispatch } from 'react-redux';
import type { Action } from '@openshift-console/dynamic-plugin-sdk';
import type { VirtualMachine } from '../../kubevirt/types';
import { useAICapability } from '../../lightspeed/capabilities';
import { userEntryAction } from '../../lightspeed/hooks/lightspeedChatActions';
import { useOpenOLSCallback } from './olsOpenHandler';
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
  const { capability, settled, config } = useAICapability();
  const serverName = config?.ai.mcpServerName;
  const anonymize = config?.ai.anonymizeNames === true;
  const openOLS = useOpenOLSCallback();
  const dispatch = useDispatch();

  const actions = useMemo<Action[]>(() => {
    if (!vm?.metadata?.name || capability === 'off' || !openOLS) return [];
    return [
      {
        id: TROUBLESHOOT_ACTION_ID,
        label: t('Troubleshoot with AI'),
        description: t('Open Lightspeed with a troubleshooting prompt for this VirtualMachine'),
        cta: async () => {
          // Prompt building (redaction, YAML) loads on first use, not with every VM menu.
          const [
            { anonymizeRequest, buildTroubleshootErrorPrompt },
            { toLightspeedConsoleAttachments },
          ] = await Promise.all([
            import('../../lightspeed/prompts'),
            import('../../lightspeed/hooks/lightspeedConsoleAttachments'),
          ]);
          const input = { error: vmProblem(vm), vm };
          const built = buildTroubleshootErrorPrompt(input, {
            capability: anonymize ? 'static' : capability,
            serverName,
          });
          // The chat cannot put real names back: its answer keeps the placeholders.
          const request = anonymize ? anonymizeRequest(built, input).request : built;
          // The chat shows the short question; the machine prompt is sent hidden (a
          // lightspeed-console that predates hidePrompt shows both).
          dispatch(
            userEntryAction(
              t('Why is VirtualMachine {{namespace}}/{{name}} not working, and how do I fix it?', {
                namespace: vm.metadata?.namespace ?? '',
                name: vm.metadata?.name ?? '',
              }),
            ),
          );
          openOLS(request.query, toLightspeedConsoleAttachments(request.attachments), true, true);
        },
      },
    ];
  }, [vm, capability, serverName, anonymize, openOLS, dispatch, t]);

  // Loaded as soon as the list is known: kubevirt-plugin's LazyActionMenu waits for every provider,
  // so a failed probe round that re-runs must not hold back every plugin's actions.
  return [actions, settled, undefined];
};

export default useTroubleshootVmActions;
