export { AISearchBar } from './AISearchBar';
export type { AISearchBarProps } from './AISearchBar';
export {
  kubevirtListSearchHref,
  kubevirtListSearchParams,
  unmappedFields,
} from './kubevirtListLink';
