import type { FC } from 'react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '@patternfly/react-core';
import type { AIPromptCardProps } from './AIPromptCard';

export type { AIPromptCardProps, AIPromptIntent } from './AIPromptCard';

const LazyAIPromptCard = lazy(() => import('./AIPromptCard'));

/** The AI answer area of a surface; its code loads when the user first asks for AI help. */
export const AIPromptCard: FC<AIPromptCardProps> = (props) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  return (
    <Suspense fallback={<Spinner size="md" aria-label={t('Loading Lightspeed')} />}>
      <LazyAIPromptCard {...props} />
    </Suspense>
  );
};
