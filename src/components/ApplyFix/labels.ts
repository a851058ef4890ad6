import type { TFunction } from 'i18next';
import type { AccessAttributes, FixAction } from '../../kubevirt/fixes';
import type { FixError } from './errors';

export const actionLabel = (t: TFunction, action: FixAction): string =>
  ({
    start: t('Start'),
    stop: t('Stop'),
    restart: t('Restart'),
    pause: t('Pause'),
    unpause: t('Unpause'),
    migrate: t('Live migrate'),
    'cancel-migration': t('Cancel migration'),
  })[action];

/** "You cannot update virtualmachineinstances/unpause in namespace vm-dev". */
export const deniedReason = (t: TFunction, a: AccessAttributes, reason?: string): string => {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const base = t(
    'You are not allowed to {{verb}} {{resource}} ({{group}}) in namespace {{namespace}}.',
    {
      verb: a.verb,
      resource,
      group: a.group || 'core',
      namespace: a.namespace,
    },
  );
  return reason ? `${base} ${reason}` : base;
};

export const errorMessage = (t: TFunction, error: FixError): string => {
  switch (error.kind) {
    case 'forbidden':
      return t('Not allowed: {{detail}}. Nothing was changed.', { detail: error.detail });
    case 'conflict':
      return t(
        'The VM is not in the state this fix needs any more: {{detail}}. Nothing was changed; the diagnosis on this page is current.',
        { detail: error.detail },
      );
    case 'changed':
      return t(
        'The VM changed after it was read ({{detail}}). Nothing was changed; close this dialog and apply the fix to the current VM.',
        { detail: error.detail },
      );
    case 'timeout':
      return t(
        'The API server did not answer in time. The request was sent once and not repeated; its result is unknown. Check the VM status before trying again.',
      );
    case 'notFound':
      return t('Not found: {{detail}}. Nothing was changed.', { detail: error.detail });
    case 'other':
      return t('The request failed: {{detail}}', { detail: error.detail });
  }
};
