import type { RootCauseCategory } from '../diagnosis/model';
import type { VmHealth } from '../health/health';
import type { VmPrintableStatus, VmStatusGroup } from '../status';
import type { OsFamily } from '../vm';

export type LabelOperator = 'equals' | 'notEquals' | 'exists' | 'notExists' | 'in';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Present for equals / notEquals. */
  value?: string;
  /** Present for `in` (any of; "app=spark or app=etl"). */
  values?: string[];
}

export interface OsCriterion {
  /** `linux` matches every known OS family except windows. */
  family: OsFamily | 'linux';
  /** Prefix match on dotted parts: `9` matches 9 and 9.2; `9.2` matches only 9.2. */
  version?: string;
}

/**
 * Structured VM filters. Plain JSON (it travels through MCP tool arguments and results).
 * Fields combine with AND; the values inside one list field combine with OR, except `labels` and
 * `text`, where every entry must hold. `statuses` and `statusGroups` form one status filter (a VM
 * passes when its status is listed or its group is).
 */
export interface VmSearchCriteria {
  /** Exact names or globs (`prod-*`, `dev-?`). */
  namespaces?: string[];
  /** Namespaces (names or globs) a VM must not be in ("not in team-a", "except team-b"). */
  excludeNamespaces?: string[];
  statuses?: VmPrintableStatus[];
  statusGroups?: VmStatusGroup[];
  /** Statuses a VM must not have ("not running"). */
  excludeStatuses?: VmPrintableStatus[];
  /**
   * true: the health verdict is a problem (`error` or `attention`: "broken", "needs attention");
   * false: it is not ("healthy"). See src/kubevirt/health.
   */
  hasErrors?: boolean;
  /** Health verdicts (any of). */
  health?: VmHealth[];
  /** Root-cause categories of the verdict (any of). */
  categories?: RootCauseCategory[];
  /** true: a transitional status held longer than the threshold; false: not stuck. */
  stuck?: boolean;
  /** Created at most this long before `now`. */
  createdWithinMs?: number;
  /** Created at least this long before `now` ("older than"). */
  createdBeforeMs?: number;
  /** Created at or after this ISO instant ("today"). */
  createdSince?: string;
  /** Created before this ISO instant ("created before 2026-11-01"). */
  createdUntil?: string;
  /** Last condition transition at most this long ago ("failed in the last hour"). */
  statusChangedWithinMs?: number;
  /** Exact names or globs. */
  nodes?: string[];
  /** Nodes (names or globs) a VM must not run on; a VM on no node passes. */
  excludeNodes?: string[];
  labels?: LabelRequirement[];
  /** Case-insensitive substring (or glob with `*`) of the VM name. */
  nameContains?: string;
  os?: OsCriterion[];
  /** OSes a VM must not have ("not windows"); a VM with an unknown OS passes. */
  excludeOs?: OsCriterion[];
  minCpu?: number;
  maxCpu?: number;
  minMemoryBytes?: number;
  maxMemoryBytes?: number;
  /** Quoted words or `*` globs: each must occur in the name or a label key or value. */
  text?: string[];
}

export type VmSearchField = keyof VmSearchCriteria;

export type SearchChipValue = string | number | boolean | LabelRequirement | OsCriterion;

/** One removable filter as the UI shows it. `label` is plain English; the UI may translate. */
export interface SearchChip {
  /** Stable within one criteria object: `field:value`. */
  id: string;
  field: VmSearchField;
  label: string;
  value: SearchChipValue;
}

export interface ParsedVmSearch {
  criteria: VmSearchCriteria;
  chips: SearchChip[];
  /** Words the parser did not understand; they filter nothing (quote a word to search for it). */
  unrecognized: string[];
  /** The same words with the nearest known word or namespace, when one is close. */
  notUnderstood?: NotUnderstoodWord[];
  /** Set when the query was longer than the parser reads: the characters after it were ignored. */
  truncatedAt?: number;
}

export interface NotUnderstoodWord {
  word: string;
  suggestion?: string;
}

export interface SearchClock {
  now: Date;
}
