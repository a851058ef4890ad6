export { AISearchBar } from './AISearchBar';
export type { AISearchBarProps } from './AISearchBar';
export {
  kubevirtListSearchHref,
  kubevirtListSearchParams,
  uncarriedChips,
} from './kubevirtListLink';
export { categoryName, chipLabel, healthName } from './chipLabel';
