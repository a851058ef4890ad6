import './DiagnosisView.css';

export { ChecksList } from './ChecksList';
export type { CheckView } from './ChecksList';
export { FindingsList } from './FindingsList';
export type { EvidenceView, FindingView } from './FindingsList';
export { SuggestionsList } from './SuggestionsList';
export type { SuggestionView } from './SuggestionsList';
export { severityLabel } from './FindingsList';
export { riskLabel } from './SuggestionsList';
export { translateMessage, translatedText, type Translate } from './translateMessage';
