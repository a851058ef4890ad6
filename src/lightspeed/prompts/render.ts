import { OLS_LIMITS } from '../client/constants';
import { fence } from './fence';
import type { FenceLabel } from './fence';
import { redactText } from '../../kubevirt/redaction';
import { MAX_REDACTION_INPUT_CHARS, prepareData, truncate } from './sanitize';

/** Template text (the builder's own words) or a block of data that is fenced. */
export type PromptSection =
  | { text: string }
  | {
      label: FenceLabel;
      data: string;
      /** Per-block cap before the whole-query budget. */ cap?: number;
    };

const DEFAULT_BLOCK_CAP = 8000;
const MIN_BLOCK_CAP = 120;

const isData = (section: PromptSection): section is Extract<PromptSection, { label: FenceLabel }> =>
  'label' in section;

const renderWithCaps = (sections: PromptSection[], redacted: string[], caps: number[]): string =>
  sections
    .map((section, index) =>
      isData(section)
        ? fence(section.label, prepareData(redacted[index], caps[index]))
        : section.text,
    )
    .join('\n\n');

/**
 * Joins the sections into one query no longer than `maxChars`. Data blocks are redacted and
 * fenced; when the whole is too long the largest block is cut (with a visible marker) until it
 * fits, so the template and every fence survive. Only if even minimal blocks do not fit is the
 * query itself cut.
 */
export const renderQuery = (
  sections: PromptSection[],
  maxChars: number = OLS_LIMITS.maxQueryChars,
): string => {
  const limit = Math.min(maxChars, OLS_LIMITS.maxQueryChars);
  const caps = sections.map((section) =>
    isData(section) ? (section.cap ?? DEFAULT_BLOCK_CAP) : 0,
  );
  // Each block is redacted once and whole (before any cut), then cut as the budget requires.
  const redacted = sections.map((section) =>
    isData(section) ? redactText(truncate(section.data, MAX_REDACTION_INPUT_CHARS)) : '',
  );
  let query = renderWithCaps(sections, redacted, caps);
  for (let round = 0; query.length > limit && round < 4 * sections.length; round += 1) {
    const rendered = sections.map((section, index) =>
      isData(section) ? prepareData(redacted[index], caps[index]).length : -1,
    );
    const largest = rendered.indexOf(Math.max(...rendered));
    if (largest < 0 || rendered[largest] <= MIN_BLOCK_CAP) break;
    caps[largest] = Math.max(MIN_BLOCK_CAP, rendered[largest] - (query.length - limit) - 16);
    query = renderWithCaps(sections, redacted, caps);
  }
  return query.length > limit ? truncate(query, limit) : query;
};
