import type { ComponentType, FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '@patternfly/react-core';
import {
  CheckCircleIcon,
  ExclamationCircleIcon,
  ExclamationTriangleIcon,
  InProgressIcon,
  OffIcon,
  PauseIcon,
  UnknownIcon,
} from '@patternfly/react-icons';
import type { VmHealth } from '../../kubevirt/health';

type IconStatus = 'danger' | 'warning' | 'success' | 'info' | undefined;

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

/** The icon of a health verdict (src/kubevirt/health): the same verdict as search and Diagnostics. */
const iconForHealth = (health: VmHealth, status: string): [ComponentType, IconStatus] => {
  switch (health) {
    case 'error':
      return [ExclamationCircleIcon, 'danger'];
    case 'attention':
      return [ExclamationTriangleIcon, 'warning'];
    case 'healthy':
      return [CheckCircleIcon, 'success'];
    case 'transitional':
      return [InProgressIcon, 'info'];
    default:
      return [status === 'Paused' ? PauseIcon : OffIcon, undefined];
  }
};

/**
 * The printable status with an icon. With a health verdict the icon follows the verdict, and a
 * problem the status text does not say (a stuck Starting, a Running VM whose node is gone) is
 * added in words; without one, the icon follows the status group. The icon is decorative.
 */
export const VmStatus: FC<{
  status: string;
  group: string;
  health?: VmHealth;
  stuck?: boolean;
  summary?: string;
}> = ({ status, group, health, stuck, summary }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [StatusIcon, iconStatus] = health ? iconForHealth(health, status) : iconFor(group);
  const note =
    health && (health === 'error' || health === 'attention') && group !== 'error'
      ? stuck
        ? t('stuck')
        : health === 'error'
          ? t('failing')
          : t('needs attention')
      : undefined;
  return (
    <span
      className="kv-ls-vm-status"
      data-status-group={group}
      data-health={health}
      title={summary}
    >
      <Icon status={iconStatus} isInline aria-hidden="true">
        <StatusIcon />
      </Icon>{' '}
      {status}
      {note && ` (${note})`}
    </span>
  );
};
