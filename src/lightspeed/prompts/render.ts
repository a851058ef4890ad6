import { OLS_LIMITS } from '../client/constants';
import { fence } from './fence';
import type { FenceLabel } from './fence';
import { prepareData, truncate } from './sanitize';

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

const renderWithCaps = (sections: PromptSection[], caps: number[]): string =>
  sections
    .map((section, index) =>
      isData(section) ? fence(section.label, prepareData(section.data, caps[index])) : section.text,
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
  let query = renderWithCaps(sections, caps);
  for (let round = 0; query.length > limit && round < 4 * sections.length; round += 1) {
    const rendered = sections.map((section, index) =>
      isData(section) ? prepareData(section.data, caps[index]).length : -1,
    );
    const largest = rendered.indexOf(Math.max(...rendered));
    if (largest < 0 || rendered[largest] <= MIN_BLOCK_CAP) break;
    caps[largest] = Math.max(MIN_BLOCK_CAP, rendered[largest] - (query.length - limit) - 16);
    query = renderWithCaps(sections, caps);
  }
  return query.length > limit ? truncate(query, limit) : query;
};
