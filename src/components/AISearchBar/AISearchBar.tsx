import type { FC } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Label,
  LabelGroup,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { MagicIcon } from '@patternfly/react-icons';
import type { SearchChip } from '../../kubevirt/search';
import { chipLabel } from './chipLabel';
import './AISearchBar.css';

export interface AISearchBarProps {
  /** Called with the text on Enter or the search button. */
  onSearch: (text: string) => void;
  /** The filters the local parser understood, each removable. */
  chips: SearchChip[];
  onRemoveChip: (chip: SearchChip) => void;
  onClearAll: () => void;
  /** Words the parser did not understand (kept as free-text filters). */
  unrecognized?: string[];
  /** Shown only when AI is available; sends the text to Lightspeed. */
  onAskLightspeed?: (text: string) => void;
  initialText?: string;
}

/**
 * Natural-language VM search. Parsing and filtering happen locally (no AI); "Ask Lightspeed" is an
 * extra for questions the parser cannot answer and is absent when AI is off.
 */
export const AISearchBar: FC<AISearchBarProps> = ({
  onSearch,
  chips,
  onRemoveChip,
  onClearAll,
  unrecognized = [],
  onAskLightspeed,
  initialText = '',
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [text, setText] = useState(initialText);

  return (
    <div className="kv-ls-search-bar">
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem className="kv-ls-search-bar__input">
            <SearchInput
              aria-label={t('Search VirtualMachines')}
              placeholder={t('e.g. VMs that failed to start in the last hour in prod-*')}
              value={text}
              onChange={(_event, value) => setText(value)}
              onSearch={(_event, value) => onSearch(value)}
              onClear={() => {
                setText('');
                onClearAll();
              }}
              submitSearchButtonLabel={t('Search')}
              resetButtonLabel={t('Clear search text')}
            />
          </ToolbarItem>
          {onAskLightspeed && (
            <ToolbarItem>
              <Button
                variant="secondary"
                icon={<MagicIcon />}
                onClick={() => onAskLightspeed(text)}
                isDisabled={text.trim() === ''}
              >
                {t('Ask Lightspeed')}
              </Button>
            </ToolbarItem>
          )}
        </ToolbarContent>
      </Toolbar>
      {chips.length > 0 && (
        <div className="kv-ls-search-bar__chips">
          <LabelGroup
            categoryName={t('Filters')}
            numLabels={8}
            expandedText={t('Show less')}
            collapsedText={t('{{remaining}} more', { remaining: '${remaining}' })}
          >
            {chips.map((chip) => {
              const label = chipLabel(chip, t);
              return (
                <Label
                  key={chip.id}
                  data-test="search-chip"
                  onClose={() => onRemoveChip(chip)}
                  closeBtnAriaLabel={t('Remove filter {{label}}', { label })}
                >
                  {label}
                </Label>
              );
            })}
          </LabelGroup>
          <Button variant="link" isInline onClick={onClearAll}>
            {t('Clear all filters')}
          </Button>
        </div>
      )}
      {unrecognized.length > 0 && (
        <p className="kv-ls-search-bar__hint">
          {t('Also matching these words in names and labels: {{words}}', {
            words: unrecognized.join(', '),
          })}
        </p>
      )}
    </div>
  );
};
