import type { FC } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HelperText, HelperTextItem } from '@patternfly/react-core';
import type { SearchChip, VmSearchCriteria } from '../../kubevirt/search';
import type { VirtualMachine } from '../../kubevirt/types';
import { chipLabel } from '../../components/AISearchBar/chipLabel';
import {
  kubevirtListSearchHref,
  uncarriedChips,
} from '../../components/AISearchBar/kubevirtListLink';

export interface OpenInListLinkProps {
  chips: SearchChip[];
  criteria: VmSearchCriteria;
  now: Date;
  /** The VMs the search lists (the OS filter is carried only when it files every one of them). */
  vms: VirtualMachine[];
}

/**
 * "Open in VirtualMachines list": the understood criteria as kubevirt-plugin's list filters, and
 * which ones that list cannot carry. Loaded with the first filter, not with the page.
 */
const OpenInListLink: FC<OpenInListLinkProps> = ({ chips, criteria, now, vms }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const uncarried = useMemo(() => uncarriedChips(chips, criteria, vms), [chips, criteria, vms]);
  const href = useMemo(() => kubevirtListSearchHref(criteria, now, vms), [criteria, now, vms]);
  return (
    <>
      <Link to={href}>{t('Open in VirtualMachines list')}</Link>
      {uncarried.length > 0 && (
        <HelperText data-test="kv-ls-list-link-uncarried">
          <HelperTextItem>
            {t('The VirtualMachines list cannot filter by: {{filters}}', {
              filters: uncarried.map((chip) => chipLabel(chip, t)).join(', '),
            })}
          </HelperTextItem>
        </HelperText>
      )}
    </>
  );
};

export default OpenInListLink;
