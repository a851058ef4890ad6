import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock, CodeBlockCode, List, ListItem } from '@patternfly/react-core';

export interface SuggestionView {
  title: string;
  description?: string;
  commands?: string[];
  risk?: string;
  ruleId?: string;
}

/** Fix suggestions with their exact commands (shown, never run). */
export const SuggestionsList: FC<{ suggestions: SuggestionView[] }> = ({ suggestions }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  return (
    <List className="kv-ls-suggestions" aria-label={t('Suggestions')}>
      {suggestions.map((suggestion, index) => (
        <ListItem key={`${suggestion.ruleId ?? ''}-${index}`}>
          <strong>{suggestion.title}</strong>
          {suggestion.risk && ` (${t('risk: {{risk}}', { risk: suggestion.risk })})`}
          {suggestion.description && <p>{suggestion.description}</p>}
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
