import type { FC } from 'react';
import { useEffect, useRef, useState } from 'react';
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
import type { NotUnderstoodWord, SearchChip } from '../../kubevirt/search';
import { chipLabel } from './chipLabel';
import './AISearchBar.css';

export interface AISearchBarProps {
  /** Called with the text on Enter or the search button. */
  onSearch: (text: string) => void;
  /** The filters the local parser understood, each removable. */
  chips: SearchChip[];
  onRemoveChip: (chip: SearchChip) => void;
  onClearAll: () => void;
  /** Words the parser did not understand: they filter nothing. */
  unrecognized?: string[];
  /** The same words with the nearest known word or namespace, when one is close. */
  notUnderstood?: NotUnderstoodWord[];
  /** Set when the query was cut: the characters after it were ignored. */
  truncatedAt?: number;
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
  notUnderstood,
  truncatedAt,
  onAskLightspeed,
  initialText = '',
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [text, setText] = useState(initialText);
  // Back/Forward or a shared link changes the query from outside: adopt it while rendering.
  const [adoptedText, setAdoptedText] = useState(initialText);
  if (adoptedText !== initialText) {
    setAdoptedText(initialText);
    setText(initialText);
  }
  const container = useRef<HTMLDivElement>(null);
  /** Index of the chip that was removed: focus goes to the chip now there, else the input. */
  const focusAfterRemoval = useRef<{ index: number; id: string }>(undefined);

  useEffect(() => {
    const pending = focusAfterRemoval.current;
    // the parent may re-render before the removal reaches `chips` (router navigation)
    if (!pending || chips.some((chip) => chip.id === pending.id)) return;
    focusAfterRemoval.current = undefined;
    const closeButtons = container.current?.querySelectorAll<HTMLElement>(
      '[data-test="search-chip"] button',
    );
    const next = closeButtons?.[Math.min(pending.index, closeButtons.length - 1)];
    (next ?? container.current?.querySelector<HTMLElement>('input'))?.focus();
  }, [chips]);

  const words: NotUnderstoodWord[] = notUnderstood ?? unrecognized.map((word) => ({ word }));

  return (
    <div className="kv-ls-search-bar" ref={container}>
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
            {chips.map((chip, index) => {
              const label = chipLabel(chip, t);
              return (
                <Label
                  key={chip.id}
                  data-test="search-chip"
                  onClose={() => {
                    focusAfterRemoval.current = { index, id: chip.id };
                    onRemoveChip(chip);
                  }}
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
      {truncatedAt !== undefined && (
        <p className="kv-ls-search-bar__hint" data-test="search-truncated">
          {t('Only the first {{count}} characters of the search were read.', {
            count: truncatedAt,
          })}
        </p>
      )}
      {words.length > 0 && (
        <p className="kv-ls-search-bar__hint" data-test="search-not-understood">
          {t('Not understood (no filter added): {{words}}.', {
            words: words
              .map(({ word, suggestion }) =>
                suggestion
                  ? t('{{word}} (did you mean {{suggestion}}?)', { word, suggestion })
                  : word,
              )
              .join(', '),
          })}{' '}
          {onAskLightspeed
            ? t('Put a name in "quotes" to search for it, or ask Lightspeed.')
            : t('Put a name in "quotes" to search for it.')}
        </p>
      )}
    </div>
  );
};
