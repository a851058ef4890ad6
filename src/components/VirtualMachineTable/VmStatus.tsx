import type { ComponentType, FC } from 'react';
import { Icon } from '@patternfly/react-core';
import {
  CheckCircleIcon,
  ExclamationCircleIcon,
  InProgressIcon,
  OffIcon,
  PauseIcon,
  UnknownIcon,
} from '@patternfly/react-icons';

type IconStatus = 'danger' | 'success' | 'info' | undefined;

const iconFor = (group: string): [ComponentType, IconStatus] => {
  switch (group) {
    case 'error':
      return [ExclamationCircleIcon, 'danger'];
    case 'running':
      return [CheckCircleIcon, 'success'];
    case 'starting':
    case 'migrating':
    case 'provisioning':
    case 'stopping':
    case 'transitioning':
      return [InProgressIcon, 'info'];
    case 'paused':
      return [PauseIcon, undefined];
    case 'stopped':
      return [OffIcon, undefined];
    default:
      return [UnknownIcon, undefined];
  }
};

/** The printable status with an icon for its group; the icon is decorative (the text says it all). */
export const VmStatus: FC<{ status: string; group: string }> = ({ status, group }) => {
  const [StatusIcon, iconStatus] = iconFor(group);
  return (
    <span className="kv-ls-vm-status" data-status-group={group}>
      <Icon status={iconStatus} isInline aria-hidden="true">
        <StatusIcon />
      </Icon>{' '}
      {status}
    </span>
  );
};
