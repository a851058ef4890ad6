import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { Content, Spinner, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import type { RootCauseCategory } from '../../kubevirt/diagnosis/model';
import { ROOT_CAUSE_CATEGORIES } from '../../kubevirt/diagnosis/model';
import type { VmHealth } from '../../kubevirt/health';
import type { FleetCounts } from '../../kubevirt/search';
import { HEALTH_ORDER } from '../../kubevirt/search';
import { categoryName, healthName } from '../../components/AISearchBar/chipLabel';

export interface FleetSummaryProps {
  counts: FleetCounts;
  /** The lists are still loading (or the counts catch up with them): the numbers will grow. */
  counting: boolean;
  /** The health and category filters set from here (highlighted). */
  activeHealth: readonly VmHealth[];
  activeCategories: readonly RootCauseCategory[];
  onHealth: (health: VmHealth) => void;
  onCategory: (category: RootCauseCategory) => void;
}

/**
 * "Which of my VMs are in trouble": every VM the user can see, counted once by its health verdict
 * (the numbers add up to the VMs listed) and, for those with a problem, by root-cause category.
 * Each count is a toggle that filters the table by it, as the words "vms with errors" or
 * "vms with image pull errors" would.
 */
export const FleetSummary: FC<FleetSummaryProps> = ({
  counts,
  counting,
  activeHealth,
  activeCategories,
  onHealth,
  onCategory,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const categories = ROOT_CAUSE_CATEGORIES.filter((c) => (counts.categories[c] ?? 0) > 0);
  const problems = counts.health.error + counts.health.attention;
  return (
    <section
      className="kv-ls-fleet-summary"
      aria-label={t('Fleet health')}
      data-test="fleet-summary"
      data-total={counts.total}
      aria-busy={counting}
    >
      <Content component="p" className="kv-ls-fleet-summary__total" data-test="fleet-total">
        {t('VirtualMachines you can see: {{value}}', { value: counts.total })}
        {counting && (
          <>
            {' '}
            <Spinner size="sm" aria-hidden="true" /> {t('counting…')}
          </>
        )}
      </Content>
      <ToggleGroup isCompact aria-label={t('Filter by health')}>
        {HEALTH_ORDER.map((health) => (
          <ToggleGroupItem
            key={health}
            text={t('{{name}}: {{value}}', {
              name: healthName(health, t),
              value: counts.health[health],
            })}
            buttonId={`kv-ls-fleet-health-${health}`}
            data-test={`fleet-health-${health}`}
            data-count={counts.health[health]}
            isSelected={activeHealth.includes(health)}
            isDisabled={counts.health[health] === 0 && !activeHealth.includes(health)}
            onChange={() => onHealth(health)}
          />
        ))}
      </ToggleGroup>
      {problems > 0 && (
        <ToggleGroup isCompact aria-label={t('Filter by problem')}>
          {categories.map((category) => (
            <ToggleGroupItem
              key={category}
              text={t('{{name}}: {{value}}', {
                name: categoryName(category, t),
                value: counts.categories[category] ?? 0,
              })}
              buttonId={`kv-ls-fleet-category-${category}`}
              data-test={`fleet-category-${category}`}
              data-count={counts.categories[category] ?? 0}
              isSelected={activeCategories.includes(category)}
              onChange={() => onCategory(category)}
            />
          ))}
          {counts.uncategorizedProblems > 0 && (
            <ToggleGroupItem
              text={t('Other problems: {{value}}', { value: counts.uncategorizedProblems })}
              data-test="fleet-category-none"
              data-count={counts.uncategorizedProblems}
              isDisabled
            />
          )}
        </ToggleGroup>
      )}
    </section>
  );
};

export default FleetSummary;
