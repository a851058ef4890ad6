import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, CodeBlockCode, List, ListItem } from '@patternfly/react-core';
import type { Message } from '../../kubevirt/diagnosis/messages';
import { translatedText, type Translate } from './translateMessage';

export interface SuggestionView {
  title: string;
  description?: string;
  commands?: string[];
  risk?: string;
  ruleId?: string;
  /** `title` and `description` as translatable Messages (suggestFixes sets them). */
  titleText?: Message;
  descriptionText?: Message;
}

/** Risk in words; an unknown value is shown as is. */
export const riskLabel = (t: Translate, risk: string): string =>
  ({ low: t('low'), medium: t('medium'), high: t('high') })[risk] ?? risk;

/** Fix suggestions with their exact commands (shown, never run). */
export const SuggestionsList: FC<{ suggestions: SuggestionView[] }> = ({ suggestions }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  return (
    <List className="kv-ls-suggestions" aria-label={t('Suggestions')}>
      {suggestions.map((suggestion, index) => (
        <ListItem key={`${suggestion.ruleId ?? ''}-${index}`}>
          <strong>{translatedText(t, suggestion.titleText, suggestion.title)}</strong>
          {suggestion.risk && ` (${t('risk: {{risk}}', { risk: riskLabel(t, suggestion.risk) })})`}
          {suggestion.description && (
            <p>{translatedText(t, suggestion.descriptionText, suggestion.description)}</p>
          )}
          {(suggestion.commands ?? []).length > 0 && (
            <CodeBlock>
              <CodeBlockCode>{(suggestion.commands ?? []).join('\n')}</CodeBlockCode>
            </CodeBlock>
          )}
        </ListItem>
      ))}
    </List>
  );
};
