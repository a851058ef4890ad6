import type { RootCauseCategory } from '../diagnosis/model';
import {
  isErrorStatus,
  isVmStatusGroup,
  type VmPrintableStatus,
  type VmStatusGroup,
} from '../status';
import { parseOsIdentifier } from '../vm';
import { chipsForCriteria } from './chips';
import type {
  LabelRequirement,
  NotUnderstoodWord,
  OsCriterion,
  ParsedVmSearch,
  VmSearchCriteria,
} from './criteria';
import { globMatches, isGlob } from './glob';
import { compactCriteria } from './merge';
import { suggestNearest } from './suggest';
import { prepareQuery, type Token, tokenize } from './tokenize';
import {
  durationUnit,
  memoryUnit,
  parseCompactDuration,
  parseNumberWord,
  parseSizeToken,
} from './units';
import {
  CONNECTORS,
  FAILURE_WORDS,
  MAX_PHRASE_WORDS,
  NAMESPACE_WORDS,
  NODE_WORDS,
  type PhraseMeaning,
  PHRASES,
  RESERVED_WORDS,
  STOP_WORDS,
} from './vocabulary';

export interface ParseVmSearchOptions {
  now: Date;
  /** Namespaces the user can see: a bare word equal to one of them filters by it. */
  namespaces?: readonly string[];
}

const DAY_MS = 24 * 3600_000;
/** Nearest-word suggestions are computed for this many unknown words at most. */
const MAX_SUGGESTED_WORDS = 20;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:t\d{2}:\d{2}(?::\d{2})?z?)?$/;

// Linear, anchored character classes only.
const NAME_LIKE = /^[a-z0-9*?][a-z0-9*?._-]*$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const LABEL_VALUE = /^[A-Za-z0-9._-]*$/;
const VERSION_LIKE = /^(?:\d{1,4}(?:\.\d{1,4}){0,2}|2k\d\d(?:r2)?)$/;
const MAX_NAME_LENGTH = 253;
const MAX_REPORTED_WORDS = 50;

/** Mutable collector; turned into compact criteria at the end. */
class CriteriaBuilder {
  namespaces: string[] = [];
  excludeNamespaces: string[] = [];
  excludeNodes: string[] = [];
  excludeOs: OsCriterion[] = [];
  categories: RootCauseCategory[] = [];
  statuses: VmPrintableStatus[] = [];
  statusGroups: VmStatusGroup[] = [];
  excludeStatuses: VmPrintableStatus[] = [];
  hasErrors?: boolean;
  stuck?: boolean;
  createdWithinMs?: number;
  createdBeforeMs?: number;
  createdSince?: string;
  createdUntil?: string;
  statusChangedWithinMs?: number;
  nodes: string[] = [];
  labels: LabelRequirement[] = [];
  nameContains?: string;
  os: OsCriterion[] = [];
  minCpu?: number;
  maxCpu?: number;
  minMemoryBytes?: number;
  maxMemoryBytes?: number;
  text: string[] = [];

  private static addUnique<T>(list: T[], item: T): void {
    const key = JSON.stringify(item);
    if (!list.some((existing) => JSON.stringify(existing) === key)) list.push(item);
  }

  addNamespace(name: string): void {
    CriteriaBuilder.addUnique(this.namespaces, name.toLowerCase());
  }

  addUnique<T>(list: T[], item: T): void {
    CriteriaBuilder.addUnique(list, item);
  }

  addNode(name: string): void {
    CriteriaBuilder.addUnique(this.nodes, name.toLowerCase());
  }

  addStatus(status: VmPrintableStatus): void {
    CriteriaBuilder.addUnique(this.statuses, status);
  }

  excludeStatus(status: VmPrintableStatus): void {
    CriteriaBuilder.addUnique(this.excludeStatuses, status);
  }

  addGroup(group: VmStatusGroup): void {
    CriteriaBuilder.addUnique(this.statusGroups, group);
  }

  addLabel(requirement: LabelRequirement): void {
    CriteriaBuilder.addUnique(this.labels, requirement);
  }

  addOs(os: OsCriterion): void {
    CriteriaBuilder.addUnique(this.os, os);
  }

  addText(word: string): void {
    CriteriaBuilder.addUnique(this.text, word);
  }

  createdWithin(ms: number): void {
    this.createdWithinMs = Math.min(this.createdWithinMs ?? ms, ms);
  }

  changedWithin(ms: number): void {
    this.statusChangedWithinMs = Math.min(this.statusChangedWithinMs ?? ms, ms);
  }

  createdBefore(ms: number): void {
    this.createdBeforeMs = Math.max(this.createdBeforeMs ?? ms, ms);
  }

  cpuRange(min?: number, max?: number): void {
    if (min !== undefined) this.minCpu = Math.max(this.minCpu ?? min, min);
    if (max !== undefined) this.maxCpu = Math.min(this.maxCpu ?? max, max);
  }

  memoryRange(min?: number, max?: number): void {
    if (min !== undefined) this.minMemoryBytes = Math.max(this.minMemoryBytes ?? min, min);
    if (max !== undefined) this.maxMemoryBytes = Math.min(this.maxMemoryBytes ?? max, max);
  }

  build(): VmSearchCriteria {
    return compactCriteria({
      namespaces: this.namespaces,
      excludeNamespaces: this.excludeNamespaces,
      categories: this.categories,
      excludeNodes: this.excludeNodes,
      excludeOs: this.excludeOs,
      statuses: this.statuses,
      statusGroups: this.statusGroups,
      excludeStatuses: this.excludeStatuses,
      hasErrors: this.hasErrors,
      // "stuck in a crash loop": only a transitional status can be stuck; with error statuses only
      // the word adds nothing (as a filter it would exclude every VM).
      stuck:
        this.stuck === true &&
        this.statuses.length > 0 &&
        this.statuses.every((status) => isErrorStatus(status))
          ? undefined
          : this.stuck,
      createdWithinMs: this.createdWithinMs,
      createdBeforeMs: this.createdBeforeMs,
      createdSince: this.createdSince,
      createdUntil: this.createdUntil,
      statusChangedWithinMs: this.statusChangedWithinMs,
      nodes: this.nodes,
      labels: this.labels,
      nameContains: this.nameContains,
      os: this.os,
      minCpu: this.minCpu,
      maxCpu: this.maxCpu,
      minMemoryBytes: this.minMemoryBytes,
      maxMemoryBytes: this.maxMemoryBytes,
      text: this.text,
    });
  }
}

type Bound = 'gt' | 'ge' | 'lt' | 'le' | 'eq';

const COMPARATORS: [string, Bound][] = [
  ['more than', 'gt'],
  ['greater than', 'gt'],
  ['bigger than', 'gt'],
  ['larger than', 'gt'],
  ['over', 'gt'],
  ['above', 'gt'],
  ['exceeding', 'gt'],
  ['>', 'gt'],
  ['at least', 'ge'],
  ['min', 'ge'],
  ['minimum', 'ge'],
  ['no less than', 'ge'],
  ['not less than', 'ge'],
  ['>=', 'ge'],
  ['less than', 'lt'],
  ['fewer than', 'lt'],
  ['smaller than', 'lt'],
  ['under', 'lt'],
  ['below', 'lt'],
  ['<', 'lt'],
  ['at most', 'le'],
  ['max', 'le'],
  ['maximum', 'le'],
  ['no more than', 'le'],
  ['not more than', 'le'],
  ['up to', 'le'],
  ['<=', 'le'],
  ['exactly', 'eq'],
  ['=', 'eq'],
];

const TRAILING_BOUNDS: [string, Bound][] = [
  ['or more', 'ge'],
  ['or above', 'ge'],
  ['or higher', 'ge'],
  ['or greater', 'ge'],
  ['or bigger', 'ge'],
  ['and up', 'ge'],
  ['and above', 'ge'],
  ['plus', 'ge'],
  ['+', 'ge'],
  ['or less', 'le'],
  ['or fewer', 'le'],
  ['or below', 'le'],
  ['or lower', 'le'],
  ['or smaller', 'le'],
  ['and below', 'le'],
  ['and under', 'le'],
];

const CPU_WORDS = new Set([
  'cpu',
  'cpus',
  'vcpu',
  'vcpus',
  'core',
  'cores',
  'processor',
  'processors',
]);
const MEMORY_WORDS = new Set(['memory', 'ram', 'mem']);
/** Phrasal verbs of creation: "spun up", "stood up" (the "up" is not the Running status). */
const CREATED_PHRASAL = new Set(['spun', 'stood', 'brought', 'fired']);
const CREATED_WORDS = new Set([
  ...CREATED_PHRASAL,
  'created',
  'made',
  'launched',
  'added',
  'deployed',
  'spawned',
  'built',
]);
const WINDOW_LEADS = new Set(['in', 'within', 'during', 'over', 'for']);
const LAST_WORDS = new Set(['last', 'past', 'previous']);
const NAME_VERBS = new Set([
  'contains',
  'containing',
  'contain',
  'includes',
  'including',
  'include',
  'has',
  'with',
  'like',
  'matching',
  'matches',
  'match',
  'is',
  '=',
]);
const PREFIX_VERBS = new Set(['starts', 'starting', 'begins', 'beginning', 'start', 'begin']);
const SUFFIX_VERBS = new Set(['ends', 'ending', 'end']);
const LABEL_WORDS = new Set(['label', 'labels', 'labeled', 'labelled', 'tagged', 'tag']);
const NEGATIONS = new Set([
  'without',
  'not',
  'no',
  "aren't",
  "isn't",
  "don't",
  "doesn't",
  'arent',
  'isnt',
  'dont',
  'doesnt',
]);
/** "don't run windows", "doesn't use worker-1": the verb after the negation carries no filter. */
const NEGATED_VERBS = new Set(['run', 'runs', 'use', 'have', 'live', 'sit']);
const NODE_LEADS = new Set([
  'running',
  'hosted',
  'scheduled',
  'placed',
  'located',
  'living',
  'live',
  'lives',
  'sitting',
  'sits',
  'residing',
]);

const KEY_VALUE_FIELDS = new Set([
  'namespace',
  'ns',
  'project',
  'name',
  'node',
  'host',
  'status',
  'state',
  'phase',
  'label',
  'labels',
  'os',
  'cpu',
  'cpus',
]);

const startOfLocalDay = (now: Date): Date =>
  new Date(now.getFullYear(), now.getMonth(), now.getDate());

class QueryParser {
  private readonly tokens: Token[];
  private readonly builder = new CriteriaBuilder();
  private readonly unrecognized: string[] = [];
  private readonly failureContext: boolean;
  private readonly truncatedAt?: number;

  constructor(
    text: string,
    private readonly options: ParseVmSearchOptions,
  ) {
    this.truncatedAt = prepareQuery(text).truncatedAt;
    this.tokens = tokenize(text);
    this.failureContext = this.tokens.some((token) => FAILURE_WORDS.has(token.lower));
  }

  parse(): ParsedVmSearch {
    const matchers: ((i: number) => number)[] = [
      (i) => this.keyValue(i),
      (i) => this.negatedFilter(i),
      (i) => this.negatedTime(i),
      (i) => this.labelExpression(i),
      (i) => this.labelPhrase(i),
      (i) => this.namePhrase(i),
      (i) => this.timePhrase(i),
      (i) => this.rangePhrase(i),
      (i) => this.resourcePhrase(i, undefined),
      (i) => this.nodePhrase(i),
      (i) => this.namespacePhrase(i),
      (i) => this.negatedStatus(i),
      (i) => this.nonStatusWord(i),
      (i) => this.knownPhrase(i),
      (i) => this.osToken(i),
      (i) => this.knownNamespace(i),
      (i) => this.filler(i),
    ];
    let i = 0;
    while (i < this.tokens.length) {
      let consumed = 0;
      for (const matcher of matchers) {
        consumed = matcher(i);
        if (consumed > 0) break;
      }
      if (consumed === 0) {
        this.freeText(i);
        consumed = 1;
      }
      i += consumed;
    }
    const criteria = this.builder.build();
    const notUnderstood: NotUnderstoodWord[] = this.unrecognized.map((word, index) => {
      // suggestions cost O(vocabulary) per word: only for the first few words
      const suggestion =
        index < MAX_SUGGESTED_WORDS ? suggestNearest(word, this.options.namespaces) : undefined;
      return suggestion ? { word, suggestion } : { word };
    });
    return {
      criteria,
      chips: chipsForCriteria(criteria),
      unrecognized: this.unrecognized,
      notUnderstood,
      ...(this.truncatedAt !== undefined ? { truncatedAt: this.truncatedAt } : {}),
    };
  }

  // ---- negation and ranges ----

  /**
   * `not in team-a`, `except team-b`, `excluding prod-*`, `outside dev-alice`, `not on worker-1`,
   * `not windows`, `without a backup label`, `with no gpu label`, `no backup label`.
   */
  private negatedFilter(i: number): number {
    const word = this.at(i);
    let k = i;
    if (word === 'but' && (this.at(i + 1) === 'not' || this.at(i + 1) === 'except')) k += 1;
    if (word === 'with' && this.at(i + 1) === 'no') k += 1;
    const lead = this.at(k);
    const exceptLike = lead === 'except' || lead === 'excluding' || lead === 'outside';
    if (!exceptLike && !NEGATIONS.has(lead) && lead !== 'non') return 0;
    k += 1;
    if (lead.startsWith('don') || lead.startsWith('doesn')) {
      if (NEGATED_VERBS.has(this.at(k)) && this.at(k + 1) !== 'on') k += 1;
    }
    // label: "without a backup label", "no backup label", "without the label backup"
    let m = k;
    if (['a', 'an', 'the', 'any'].includes(this.at(m))) m += 1;
    const key = this.tokens[m];
    if (key && !key.quoted && LABEL_WORDS.has(this.at(m + 1)) && !LABEL_WORDS.has(key.lower)) {
      const requirement = this.labelKeyRequirement(key.raw, 'notExists');
      if (requirement && !this.isKeyword(m)) {
        this.builder.addLabel(requirement);
        return m + 2 - i;
      }
    }
    if (exceptLike && this.at(k) === 'for') k += 1;
    // nodes: "not on worker-1", "except on node worker-2"
    if (this.at(k) === 'on' || (NODE_LEADS.has(this.at(k)) && this.at(k + 1) === 'on')) {
      let n = this.at(k) === 'on' ? k + 1 : k + 2;
      if (this.at(n) === 'the') n += 1;
      const explicit = NODE_WORDS.has(this.at(n));
      if (explicit) n += 1;
      const node = this.nameAt(n, explicit);
      if (!node) return 0;
      this.builder.addUnique(this.builder.excludeNodes, node);
      const more = this.moreNames(n + 1);
      more.names.forEach((name) => this.builder.addUnique(this.builder.excludeNodes, name));
      return more.end - i;
    }
    // namespaces: "not in team-a", "except in namespace team-b"
    let n = k;
    let explicit = false;
    if (this.at(n) === 'in' || this.at(n) === 'from' || this.at(n) === 'inside') {
      n += 1;
      if (this.at(n) === 'the') n += 1;
      explicit = true;
    }
    if (NAMESPACE_WORDS.has(this.at(n))) {
      n += 1;
      explicit = true;
    }
    // OS: "not windows", "except rhel 9", "non windows", "not fedora or windows"
    if (!explicit) {
      let end = n;
      for (;;) {
        const os = this.osAt(end);
        if (!os) break;
        this.builder.addUnique(this.builder.excludeOs, os.criterion);
        end += os.length;
        const connector = this.at(end);
        if (!['or', 'nor', 'and', ','].includes(connector) || !this.osAt(end + 1)) break;
        end += 1;
      }
      if (end > n) return end - i;
    }
    if (!explicit && !exceptLike) return 0;
    const known = this.options.namespaces;
    const first = this.nameAt(n, explicit);
    if (!first) return 0;
    // "except paused" is a status: leave it to negatedStatus
    if (!explicit && this.phraseAt(n)) return 0;
    if (!explicit && known?.length && !known.some((ns) => globMatches(first, ns.toLowerCase()))) {
      return 0;
    }
    this.builder.addUnique(this.builder.excludeNamespaces, first);
    let end = n + 1;
    if (NAMESPACE_WORDS.has(this.at(end))) end += 1;
    const more = this.moreNames(end);
    more.names.forEach((name) => this.builder.addUnique(this.builder.excludeNamespaces, name));
    end = more.end;
    if (more.names.length > 0 && NAMESPACE_WORDS.has(this.at(end))) end += 1;
    return end - i;
  }

  /** `not created in the last month`, `not older than 3 days`: the time filter, inverted. */
  private negatedTime(i: number): number {
    if (!NEGATIONS.has(this.at(i))) return 0;
    const b = this.builder;
    const before = [
      b.createdWithinMs,
      b.createdBeforeMs,
      b.createdSince,
      b.createdUntil,
      b.statusChangedWithinMs,
    ];
    const consumed = this.timePhrase(i + 1);
    if (consumed === 0) return 0;
    const after = [
      b.createdWithinMs,
      b.createdBeforeMs,
      b.createdSince,
      b.createdUntil,
      b.statusChangedWithinMs,
    ];
    const changed = after.map((value, index) => value !== before[index]);
    [
      b.createdWithinMs,
      b.createdBeforeMs,
      b.createdSince,
      b.createdUntil,
      b.statusChangedWithinMs,
    ] = before as [
      number | undefined,
      number | undefined,
      string | undefined,
      string | undefined,
      number | undefined,
    ];
    if (changed.filter(Boolean).length !== 1 || changed[4]) return 0; // nothing simple to invert
    if (changed[0]) b.createdBefore(after[0] as number);
    else if (changed[1]) b.createdWithin(after[1] as number);
    else if (changed[2]) b.createdUntil = after[2] as string;
    else b.createdSince = after[3] as string;
    return consumed + 1;
  }

  /** An OS name with an optional version (`rhel 9`, `windows`, `win2k22`), as a criterion. */
  private osAt(index: number): { criterion: OsCriterion; length: number } | undefined {
    const token = parseOsIdentifier(this.at(index));
    if (token && !token.version && this.phraseAt(index)?.meaning.kind === 'os') {
      // "rhel 9": the phrase branch below reads the version word
    } else if (token && !this.tokens[index]?.quoted) {
      const criterion = token.version
        ? { family: token.family, version: token.version }
        : { family: token.family };
      return { criterion, length: 1 };
    }
    const phrase = this.phraseAt(index);
    if (phrase?.meaning.kind !== 'os') return undefined;
    const { family } = phrase.meaning;
    const version = this.at(index + phrase.length);
    if (
      family !== 'linux' &&
      VERSION_LIKE.test(version) &&
      !this.resourceAt(index + phrase.length + 1)
    ) {
      const parsed = parseOsIdentifier(`${family}${version}`);
      return {
        criterion: { family, version: parsed?.version ?? version },
        length: phrase.length + 1,
      };
    }
    return { criterion: { family }, length: phrase.length };
  }

  /** A number with an optional unit: `8`, `8Gi`, `8 GiB`, `2.5`. */
  private readRangeEnd(
    index: number,
  ): { value: number; unit?: number; length: number } | undefined {
    const size = this.readSize(index);
    return size && !size.plus ? size : undefined;
  }

  /**
   * `between 2 and 4 cpus`, `8 to 16 GiB`, `from 8 to 16 gib of memory`, `2-4 cpus`,
   * `memory between 4 and 8 GiB`: inclusive on both ends.
   */
  private rangePhrase(i: number): number {
    let k = i;
    const leadResource = this.resourceAt(k);
    if (leadResource) {
      k += leadResource.length;
      if (this.at(k) === 'of' || this.at(k) === 'is') k += 1;
    }
    const lead = this.at(k);
    if (lead === 'between' || lead === 'from') k += 1;
    let low: { value: number; unit?: number; length: number } | undefined;
    let high: { value: number; unit?: number; length: number } | undefined;
    const dashed = /^(\d{1,6}(?:\.\d{1,3})?)-(\d{1,6}(?:\.\d{1,3})?)([a-z]*)$/.exec(this.at(k));
    if (dashed) {
      const unitText = dashed[3] ?? '';
      const unit = unitText ? memoryUnit(unitText) : undefined;
      if (unitText && unit === undefined && !CPU_WORDS.has(unitText)) return 0;
      low = { value: Number(dashed[1]), unit, length: 1 };
      high = { value: Number(dashed[2]), unit, length: 0 };
      k += 1;
    } else {
      low = this.readRangeEnd(k);
      if (!low) return 0;
      const joiner = this.at(k + low.length);
      const wanted = lead === 'between' ? ['and', '-'] : ['to', '-', 'through', 'until'];
      if (!wanted.includes(joiner)) return 0;
      k += low.length + 1;
      high = this.readRangeEnd(k);
      if (!high) return 0;
      k += high.length;
    }
    if (this.at(k) === 'of') k += 1;
    const trailingResource = leadResource ? undefined : this.resourceAt(k);
    if (trailingResource) k += trailingResource.length;
    const unit = high.unit ?? low.unit;
    const kind =
      leadResource?.kind ?? trailingResource?.kind ?? (unit !== undefined ? 'memory' : undefined);
    if (!kind) return 0;
    const [from, to] = low.value <= high.value ? [low, high] : [high, low];
    if (kind === 'cpu') {
      if (unit !== undefined) return 0;
      this.builder.cpuRange(Math.ceil(from.value), Math.floor(to.value));
      return k - i;
    }
    const scale = (end: { value: number; unit?: number }): number =>
      Math.round(end.value * (end.unit ?? unit ?? 1024 ** 3));
    this.builder.memoryRange(scale(from), scale(to));
    return k - i;
  }

  // ---- token helpers ----

  private at(index: number): string {
    const token = this.tokens[index];
    return token && !token.quoted ? token.lower : '';
  }

  private phraseAt(index: number): { meaning: PhraseMeaning; length: number } | undefined {
    const longest = Math.min(MAX_PHRASE_WORDS, this.tokens.length - index);
    for (let length = longest; length >= 1; length -= 1) {
      const words = this.tokens.slice(index, index + length);
      if (words.some((token) => token.quoted)) continue;
      const meaning = PHRASES.get(words.map((token) => token.lower).join(' '));
      if (meaning) return { meaning, length };
    }
    return undefined;
  }

  private matchSequence(
    index: number,
    phrases: [string, Bound][],
  ): { bound: Bound; length: number } | undefined {
    for (const [phrase, bound] of phrases) {
      const words = phrase.split(' ');
      if (words.every((word, offset) => this.at(index + offset) === word)) {
        return { bound, length: words.length };
      }
    }
    return undefined;
  }

  /** A word with a meaning of its own: never swallowed as a namespace or node name. */
  private isKeyword(index: number): boolean {
    const token = this.tokens[index];
    if (!token) return true;
    if (token.quoted) return false;
    const word = token.lower;
    return (
      STOP_WORDS.has(word) ||
      RESERVED_WORDS.has(word) ||
      CONNECTORS.has(word) ||
      word.includes('=') ||
      this.phraseAt(index) !== undefined ||
      parseOsIdentifier(word) !== undefined ||
      parseNumberWord(word) !== undefined ||
      parseCompactDuration(word) !== undefined
    );
  }

  /** The name at `index` if it looks like a Kubernetes name or glob. */
  private nameAt(index: number, allowKeyword: boolean): string | undefined {
    const token = this.tokens[index];
    if (!token) return undefined;
    const name = token.lower.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
    if (token.quoted) return name;
    if (!NAME_LIKE.test(name)) return undefined;
    if (!allowKeyword && this.isKeyword(index)) return undefined;
    return name;
  }

  /** `a and b, c or d` after a first name: returns the names and the index after them. */
  private moreNames(index: number): { names: string[]; end: number } {
    const names: string[] = [];
    let k = index;
    for (;;) {
      let next = k;
      while (CONNECTORS.has(this.at(next))) next += 1;
      if (next === k) break;
      const name = this.nameAt(next, false);
      if (!name) break;
      names.push(name);
      k = next + 1;
    }
    return { names, end: k };
  }

  // ---- matchers: each returns how many tokens it consumed (0 = not mine) ----

  /** `namespace:prod`, `name:db`, `node:worker-1`, `status:Running`, `label:app=db`, `os:rhel9`. */
  private keyValue(i: number): number {
    const token = this.tokens[i];
    if (!token || token.quoted) return 0;
    const colon = token.raw.indexOf(':');
    if (colon <= 0) return 0;
    const field = token.lower.slice(0, colon);
    if (!KEY_VALUE_FIELDS.has(field)) return 0;
    let value = token.raw.slice(colon + 1);
    let consumed = 1;
    if (value.length === 0) {
      const next = this.tokens[i + 1];
      if (!next) return 1;
      value = next.raw;
      consumed = 2;
    }
    const lower = value.toLowerCase();
    switch (field) {
      case 'namespace':
      case 'ns':
      case 'project': {
        if (lower.length > MAX_NAME_LENGTH) return consumed;
        this.builder.addNamespace(lower);
        const more = this.moreNames(i + consumed);
        more.names.forEach((name) => this.builder.addNamespace(name));
        return more.end - i;
      }
      case 'name':
        this.builder.nameContains = lower;
        return consumed;
      case 'node':
      case 'host':
        this.builder.addNode(lower);
        return consumed;
      case 'status':
      case 'state':
      case 'phase':
        this.applyStatusValue(value);
        return consumed;
      case 'label':
      case 'labels': {
        const requirement =
          this.parseLabelExpression(value) ?? this.labelKeyRequirement(value, 'exists');
        if (requirement) this.builder.addLabel(requirement);
        else this.addUnrecognized(value);
        return consumed;
      }
      case 'os': {
        const os = parseOsIdentifier(lower);
        const phrase = PHRASES.get(lower);
        if (os)
          this.builder.addOs(
            os.version ? { family: os.family, version: os.version } : { family: os.family },
          );
        else if (phrase?.kind === 'os') this.builder.addOs({ family: phrase.family });
        else this.addUnrecognized(value);
        return consumed;
      }
      default: {
        const count = parseNumberWord(lower);
        if (count !== undefined) this.builder.cpuRange(count, count);
        else this.addUnrecognized(value);
        return consumed;
      }
    }
  }

  private applyStatusValue(value: string): void {
    const lower = value.toLowerCase();
    const meaning = PHRASES.get(lower) ?? PHRASES.get(lower.replace(/[-_]/g, ' '));
    if (meaning && this.applyMeaning(meaning)) return;
    if (isVmStatusGroup(lower)) {
      this.builder.addGroup(lower);
      return;
    }
    this.addUnrecognized(value);
  }

  private parseLabelExpression(text: string): LabelRequirement | undefined {
    const notEquals = text.indexOf('!=');
    const equals = text.indexOf('=');
    if (equals <= 0) return undefined;
    const [key, value, operator] =
      notEquals > 0 && notEquals < equals
        ? [text.slice(0, notEquals), text.slice(notEquals + 2), 'notEquals' as const]
        : [
            text.slice(0, equals),
            text.slice(text.startsWith('==', equals) ? equals + 2 : equals + 1),
            'equals' as const,
          ];
    if (!LABEL_KEY.test(key) || key.length > MAX_NAME_LENGTH) return undefined;
    if (!LABEL_VALUE.test(value) || value.length > 63) return undefined;
    return { key, operator, value };
  }

  private labelKeyRequirement(
    key: string,
    operator: 'exists' | 'notExists',
  ): LabelRequirement | undefined {
    return LABEL_KEY.test(key) && key.length <= MAX_NAME_LENGTH ? { key, operator } : undefined;
  }

  /** `app=db`, `tier!=frontend`, `app = db`, `!gpu`, `where app is db`, `env is not prod`. */
  private labelExpression(i: number): number {
    const token = this.tokens[i];
    if (!token || token.quoted) return 0;
    const next = this.at(i + 1);
    if ((next === 'is' || next === 'equals') && !this.isKeyword(i)) {
      const negated = this.at(i + 2) === 'not';
      const v = i + (negated ? 3 : 2);
      const value = this.tokens[v];
      if (
        value &&
        !value.quoted &&
        !this.isKeyword(v) &&
        LABEL_KEY.test(token.raw) &&
        LABEL_VALUE.test(value.raw)
      ) {
        this.addLabelOr(i, {
          key: token.raw,
          operator: negated ? 'notEquals' : 'equals',
          value: value.raw,
        });
        return v + 1 - i;
      }
    }
    if ((next === '=' || next === '==' || next === '!=') && this.tokens[i + 2]) {
      const joined = `${token.raw}${next}${this.tokens[i + 2]?.raw ?? ''}`;
      const spaced = this.parseLabelExpression(joined);
      if (spaced) {
        this.builder.addLabel(spaced);
        return 3;
      }
    }
    if (token.raw.includes('=')) {
      const requirement = this.parseLabelExpression(token.raw);
      if (!requirement) return 0;
      this.addLabelOr(i, requirement);
      return 1;
    }
    if (token.raw.startsWith('!') && token.raw.length > 1) {
      const requirement = this.labelKeyRequirement(token.raw.slice(1), 'notExists');
      if (!requirement) return 0;
      this.builder.addLabel(requirement);
      return 1;
    }
    return 0;
  }

  /** `app=spark or app=etl`: the same key after "or" widens the earlier requirement to `in`. */
  private addLabelOr(i: number, requirement: LabelRequirement): void {
    const labels = this.builder.labels;
    const previous = labels[labels.length - 1];
    if (
      this.at(i - 1) === 'or' &&
      requirement.operator === 'equals' &&
      previous &&
      previous.key.toLowerCase() === requirement.key.toLowerCase() &&
      (previous.operator === 'equals' || previous.operator === 'in')
    ) {
      const values = previous.operator === 'in' ? (previous.values ?? []) : [previous.value ?? ''];
      labels[labels.length - 1] = {
        key: previous.key,
        operator: 'in',
        values: [...new Set([...values, requirement.value ?? ''])],
      };
      return;
    }
    this.builder.addLabel(requirement);
  }

  /** `labeled app=db`, `with label app`, `without label gpu`, `not labeled env=prod`, `with the gpu label`. */
  private labelPhrase(i: number): number {
    let m = i;
    if (['with', 'having', 'has'].includes(this.at(m))) m += 1;
    if (['a', 'an', 'the'].includes(this.at(m))) m += 1;
    const keyToken = this.tokens[m];
    if (
      keyToken &&
      !keyToken.quoted &&
      (this.at(m + 1) === 'label' || this.at(m + 1) === 'labels') &&
      !LABEL_WORDS.has(keyToken.lower) &&
      !this.isKeyword(m)
    ) {
      const requirement = this.labelKeyRequirement(keyToken.raw, 'exists');
      const setTo = ['set', 'equal', 'equals'].includes(this.at(m + 2)) && this.at(m + 3) === 'to';
      const valueToken = this.tokens[m + 4];
      if (requirement && setTo && valueToken && LABEL_VALUE.test(valueToken.raw)) {
        this.builder.addLabel({ key: keyToken.raw, operator: 'equals', value: valueToken.raw });
        return m + 5 - i;
      }
      if (requirement) {
        this.builder.addLabel(requirement);
        return m + 2 - i;
      }
    }
    let k = i;
    const negated = NEGATIONS.has(this.at(k));
    if (negated) k += 1;
    if (!LABEL_WORDS.has(this.at(k))) return 0;
    k += 1;
    if (this.at(k) === 'with' || this.at(k) === ':') k += 1;
    let added = 0;
    for (;;) {
      const token = this.tokens[k];
      if (!token) break;
      const expression = this.parseLabelExpression(token.raw);
      let requirement: LabelRequirement | undefined;
      if (expression) {
        requirement =
          negated && expression.operator === 'equals'
            ? { ...expression, operator: 'notEquals' }
            : expression;
      } else if (added === 0 && !this.isKeyword(k)) {
        requirement = this.labelKeyRequirement(token.raw, negated ? 'notExists' : 'exists');
      }
      if (!requirement) break;
      this.builder.addLabel(requirement);
      added += 1;
      k += 1;
      // `labeled app=db and tier=web`
      let next = k;
      while (CONNECTORS.has(this.at(next))) next += 1;
      if (next === k || !this.tokens[next]?.raw.includes('=')) break;
      k = next;
    }
    // A lone "labels" with nothing usable after it is filler.
    return added > 0 ? k - i : negated ? 0 : 1;
  }

  /** `named db`, `called web-01`, `name contains db`, `name starts with web`, `with db in the name`. */
  private namePhrase(i: number): number {
    const word = this.at(i);
    if (word === 'named' || word === 'called' || word === 'titled') {
      const value = this.valueAt(i + 1, true);
      if (!value) return 0;
      this.builder.nameContains = value;
      return 2;
    }
    if (word === 'name' || word === 'names') {
      let k = i + 1;
      let shape: 'contains' | 'prefix' | 'suffix' = 'contains';
      let explicit = false;
      if (PREFIX_VERBS.has(this.at(k)) && this.at(k + 1) === 'with') {
        shape = 'prefix';
        k += 2;
        explicit = true;
      } else if (SUFFIX_VERBS.has(this.at(k)) && this.at(k + 1) === 'with') {
        shape = 'suffix';
        k += 2;
        explicit = true;
      } else if (NAME_VERBS.has(this.at(k))) {
        k += 1;
        explicit = true;
      }
      const value = this.valueAt(k, explicit);
      if (!value) return 0;
      this.builder.nameContains =
        shape === 'prefix' ? `${value}*` : shape === 'suffix' ? `*${value}` : value;
      return k + 1 - i;
    }
    if (word === 'with' || word === 'containing' || word === 'having') {
      // with db in the name / containing db in their name (a keyword too: "with win in the name")
      const namedNext =
        this.at(i + 2) === 'in' &&
        ['name', 'names'].includes(
          ['the', 'its', 'their'].includes(this.at(i + 3)) ? this.at(i + 4) : this.at(i + 3),
        );
      const value = this.valueAt(i + 1, namedNext);
      let k = i + 2;
      if (value && this.at(k) === 'in') {
        k += 1;
        if (['the', 'its', 'their'].includes(this.at(k))) k += 1;
        if (this.at(k) === 'name' || this.at(k) === 'names') {
          this.builder.nameContains = value;
          return k + 1 - i;
        }
      }
      if (word === 'containing' && value) {
        this.builder.nameContains = value;
        return 2;
      }
      return 0;
    }
    if ((PREFIX_VERBS.has(word) || SUFFIX_VERBS.has(word)) && this.at(i + 1) === 'with') {
      const value = this.valueAt(i + 2, false);
      if (!value) return 0;
      this.builder.nameContains = PREFIX_VERBS.has(word) ? `${value}*` : `*${value}`;
      return 3;
    }
    return 0;
  }

  private valueAt(index: number, allowKeyword: boolean): string | undefined {
    const token = this.tokens[index];
    if (!token) return undefined;
    if (token.quoted) return token.lower.slice(0, MAX_NAME_LENGTH);
    if (CONNECTORS.has(token.lower)) return undefined;
    return this.nameAt(index, allowKeyword);
  }

  private readDuration(
    index: number,
    implicitOne: boolean,
  ): { ms: number; length: number } | undefined {
    const compact = parseCompactDuration(this.at(index));
    if (compact !== undefined) return { ms: compact, length: 1 };
    const word = this.at(index);
    const count = word === 'a' || word === 'an' ? 1 : parseNumberWord(word);
    if (count !== undefined) {
      const unit = durationUnit(this.at(index + 1));
      return unit === undefined ? undefined : { ms: count * unit, length: 2 };
    }
    const unit = implicitOne ? durationUnit(word) : undefined;
    // a bare unit needs to be a whole word: "last hour", not "last h"
    return unit !== undefined && word.length > 2 ? { ms: unit, length: 1 } : undefined;
  }

  private applyWithin(ms: number, explicitCreated: boolean): void {
    if (!explicitCreated && this.failureContext) this.builder.changedWithin(ms);
    else this.builder.createdWithin(ms);
  }

  /** Created since the start of the local day, `daysBack` days ago (0 = today). */
  private applyToday(daysBack = 0): void {
    const { now } = this.options;
    if (!Number.isNaN(now.getTime())) {
      const start = startOfLocalDay(now);
      start.setDate(start.getDate() - daysBack);
      this.builder.createdSince = start.toISOString();
    }
  }

  /**
   * `created in the last 2 hours`, `in the past day`, `within 30 minutes`, `last 24h`, `today`,
   * `older than 30 days`, `more than a week old`, `created over 90 days ago`, `newer than 1 hour`.
   */
  private timePhrase(i: number): number {
    let k = i;
    const explicitCreated = CREATED_WORDS.has(this.at(k));
    if (explicitCreated) k += 1;
    if (explicitCreated && CREATED_PHRASAL.has(this.at(i)) && this.at(k) === 'up') k += 1;

    let m = k;
    if (WINDOW_LEADS.has(this.at(m))) m += 1;
    if (this.at(m) === 'the') m += 1;
    if (LAST_WORDS.has(this.at(m))) {
      const duration = this.readDuration(m + 1, true);
      if (duration) {
        this.applyWithin(duration.ms, explicitCreated);
        return m + 1 + duration.length - i;
      }
    }
    if (this.at(k) === 'within') {
      m = this.at(k + 1) === 'the' ? k + 2 : k + 1;
      const duration = this.readDuration(m, true);
      if (duration) {
        this.applyWithin(duration.ms, explicitCreated);
        return m + duration.length - i;
      }
    }
    if (
      this.at(k) === 'today' ||
      (this.at(k) === 'since' && ['today', 'midnight'].includes(this.at(k + 1)))
    ) {
      this.applyToday();
      return (this.at(k) === 'since' ? k + 2 : k + 1) - i;
    }
    const thisUnit = this.at(k) === 'this' ? durationUnit(this.at(k + 1)) : undefined;
    if (thisUnit !== undefined && this.at(k + 1).length > 2) {
      // "this week" as the last 7 days: close enough for a search box, and visible on the chip
      this.applyWithin(thisUnit, explicitCreated);
      return k + 2 - i;
    }
    if ((this.at(k) === 'since' || this.at(k) === 'after') && ISO_DATE.test(this.at(k + 1))) {
      const parsed = Date.parse(this.tokens[k + 1]?.raw.toUpperCase() ?? '');
      if (!Number.isNaN(parsed)) {
        this.builder.createdSince = new Date(parsed).toISOString();
        return k + 2 - i;
      }
    }
    if ((this.at(k) === 'before' || this.at(k) === 'until') && ISO_DATE.test(this.at(k + 1))) {
      const parsed = Date.parse(this.tokens[k + 1]?.raw.toUpperCase() ?? '');
      if (!Number.isNaN(parsed)) {
        this.builder.createdUntil = new Date(parsed).toISOString();
        return k + 2 - i;
      }
    }
    if (this.at(k) === 'yesterday') {
      // the local calendar day before today: [start of yesterday, start of today)
      this.applyToday(1);
      const { now } = this.options;
      if (!Number.isNaN(now.getTime()))
        this.builder.createdUntil = startOfLocalDay(now).toISOString();
      return k + 1 - i;
    }
    if (this.at(k) === 'since' && this.at(k + 1) === 'yesterday') {
      this.applyToday(1);
      return k + 2 - i;
    }
    if (this.at(k) === 'since') {
      const duration = this.readDuration(k + 1, false);
      if (duration && this.at(k + 1 + duration.length) === 'ago') {
        this.applyWithin(duration.ms, explicitCreated);
        return k + 2 + duration.length - i;
      }
    }
    const relative = this.at(k);
    if (['older', 'newer', 'younger'].includes(relative) && this.at(k + 1) === 'than') {
      const duration = this.readDuration(k + 2, true);
      if (duration) {
        if (relative === 'older') this.builder.createdBefore(duration.ms);
        else this.builder.createdWithin(duration.ms);
        return k + 2 + duration.length - i;
      }
    }
    const comparison = this.matchSequence(k, COMPARATORS);
    if (comparison) {
      const duration = this.readDuration(k + comparison.length, true);
      const after = duration ? k + comparison.length + duration.length : -1;
      if (duration && (this.at(after) === 'old' || this.at(after) === 'ago')) {
        if (comparison.bound === 'gt' || comparison.bound === 'ge')
          this.builder.createdBefore(duration.ms);
        else this.builder.createdWithin(duration.ms);
        return after + 1 - i;
      }
    }
    // "3 days old" / "2 weeks old or older"
    const age = this.readDuration(k, false);
    if (age && this.at(k + age.length) === 'old') {
      this.builder.createdBefore(age.ms);
      return k + age.length + 1 - i;
    }
    return explicitCreated ? k - i : 0;
  }

  private resourceAt(index: number): { kind: 'cpu' | 'memory'; length: number } | undefined {
    const word = this.at(index);
    if (CPU_WORDS.has(word)) {
      const next = this.at(index + 1);
      return { kind: 'cpu', length: next === 'cores' || next === 'core' ? 2 : 1 };
    }
    if (word === 'virtual' && CPU_WORDS.has(this.at(index + 1))) return { kind: 'cpu', length: 2 };
    if (MEMORY_WORDS.has(word)) return { kind: 'memory', length: 1 };
    return undefined;
  }

  private readSize(
    index: number,
  ): { value: number; unit?: number; plus: boolean; length: number } | undefined {
    const size = parseSizeToken(this.at(index));
    if (!size) return undefined;
    if (size.unit === undefined) {
      const unit = memoryUnit(this.at(index + 1));
      if (unit !== undefined && this.at(index + 1).length > 1) {
        return { ...size, unit, length: 2 };
      }
    }
    return { ...size, length: 1 };
  }

  private applyResource(
    kind: 'cpu' | 'memory',
    bound: Bound,
    value: number,
    unit?: number,
  ): boolean {
    if (kind === 'cpu') {
      if (unit !== undefined || value > 100_000) return false;
      if (bound === 'gt') this.builder.cpuRange(Math.floor(value) + 1);
      else if (bound === 'ge') this.builder.cpuRange(Math.ceil(value));
      else if (bound === 'lt') this.builder.cpuRange(undefined, Math.ceil(value) - 1);
      else if (bound === 'le') this.builder.cpuRange(undefined, Math.floor(value));
      else this.builder.cpuRange(value, value);
      return true;
    }
    const bytes = Math.round(value * (unit ?? 1024 ** 3));
    if (bound === 'gt') this.builder.memoryRange(bytes + 1);
    else if (bound === 'ge') this.builder.memoryRange(bytes);
    else if (bound === 'lt') this.builder.memoryRange(undefined, bytes - 1);
    else if (bound === 'le') this.builder.memoryRange(undefined, bytes);
    else this.builder.memoryRange(bytes, bytes);
    return true;
  }

  /**
   * `more than 4 cpus`, `at least 8Gi memory`, `16 GB of RAM or more`, `4+ vcpus`,
   * `memory over 8Gi`, `cpus >= 4`, `under 2 cores`.
   */
  private resourcePhrase(i: number, inherited: Bound | undefined): number {
    // quantity first: [comparator] N [unit] [of] [resource] [or more]
    const comparison =
      this.matchSequence(i, COMPARATORS) ??
      (inherited ? { bound: inherited, length: 0 } : undefined);
    let k = i + (comparison?.length ?? 0);
    const size = this.readSize(k);
    if (size) {
      k += size.length;
      if (this.at(k) === 'of') k += 1;
      // "4 or more vcpus": the bound before the resource word
      const early = this.resourceAt(k) ? undefined : this.matchSequence(k, TRAILING_BOUNDS);
      const earlyTrailing = early && this.resourceAt(k + early.length) ? early : undefined;
      if (earlyTrailing) k += earlyTrailing.length;
      const resource = this.resourceAt(k);
      let kind: 'cpu' | 'memory' | undefined = resource?.kind;
      if (resource) k += resource.length;
      else if (size.unit !== undefined) kind = 'memory';
      const explicitUnit = size.unit !== undefined;
      if (
        kind &&
        (resource ||
          comparison ||
          size.plus ||
          explicitUnit ||
          this.matchSequence(k, TRAILING_BOUNDS))
      ) {
        const late = earlyTrailing ? undefined : this.matchSequence(k, TRAILING_BOUNDS);
        if (late) k += late.length;
        const trailing = earlyTrailing ?? late;
        const bound = trailing?.bound ?? comparison?.bound ?? (size.plus ? 'ge' : 'eq');
        if (this.applyResource(kind, bound, size.value, size.unit)) {
          return k - i + this.sharedComparison(k, comparison ? bound : undefined);
        }
      }
    }
    // resource first: memory [of] [is] comparator N [unit]
    const resource = this.resourceAt(i);
    if (!resource) return 0;
    k = i + resource.length;
    if (this.at(k) === 'count') k += 1; // "cpu count above 8"
    if (this.at(k) === 'of' || this.at(k) === 'is') k += 1;
    const after = this.matchSequence(k, COMPARATORS);
    if (!after) return 0;
    k += after.length;
    const value = this.readSize(k);
    if (!value) return 0;
    k += value.length;
    const trailing = this.matchSequence(k, TRAILING_BOUNDS);
    if (trailing) k += trailing.length;
    return this.applyResource(
      resource.kind,
      trailing?.bound ?? after.bound,
      value.value,
      value.unit,
    )
      ? k - i
      : 0;
  }

  /** "at least 4 cpus and 8Gi of memory": the second size shares the first one's comparison. */
  private sharedComparison(k: number, bound: Bound | undefined): number {
    if (!bound || !CONNECTORS.has(this.at(k)) || this.matchSequence(k + 1, COMPARATORS)) return 0;
    const next = this.resourcePhrase(k + 1, bound);
    return next > 0 ? next + 1 : 0;
  }

  /** `on node worker-1`, `on worker-1 and worker-2`, `running on worker-3`, `node worker-0`. */
  private nodePhrase(i: number): number {
    let k = i;
    if (NODE_LEADS.has(this.at(k)) && this.at(k + 1) === 'on') k += 1;
    let explicit = false;
    if (this.at(k) === 'on') {
      k += 1;
      if (this.at(k) === 'the') k += 1;
      if (NODE_WORDS.has(this.at(k))) {
        explicit = true;
        k += 1;
      }
    } else if (NODE_WORDS.has(this.at(k)) && k === i) {
      explicit = true;
      k += 1;
    } else {
      return 0;
    }
    const node = this.nameAt(k, explicit && !CONNECTORS.has(this.at(k)));
    if (!node) return explicit && k === i + 1 ? 1 : 0;
    this.builder.addNode(node);
    let end = k + 1;
    if (NODE_WORDS.has(this.at(end))) end += 1; // "on the worker-1 node"
    const more = this.moreNames(end);
    more.names.forEach((name) => this.builder.addNode(name));
    return more.end - i;
  }

  /**
   * `in namespace prod`, `in prod-web`, `in prod-*`, `in ns1 and ns2`, `in the staging namespace`,
   * `from project ci`, `namespace dev-alice`, `prod-db namespace`.
   */
  private namespacePhrase(i: number): number {
    const word = this.at(i);
    let k = i;
    let explicit = false;
    if (word === 'in' || word === 'from' || word === 'inside') {
      if (this.phraseAt(i)) return 0; // "in error", "in migration", "in progress"
      k += 1;
      if (this.at(k) === 'the' || this.at(k) === 'all') k += 1;
      if (NAMESPACE_WORDS.has(this.at(k))) {
        explicit = true;
        k += 1;
      }
    } else if (NAMESPACE_WORDS.has(word)) {
      explicit = true;
      k += 1;
    } else if (NAMESPACE_WORDS.has(this.at(i + 1))) {
      const name = this.nameAt(i, false);
      if (!name) return 0;
      this.builder.addNamespace(name);
      return 2;
    } else {
      return 0;
    }
    const first = this.nameAt(k, explicit && !CONNECTORS.has(this.at(k)));
    if (!first) return NAMESPACE_WORDS.has(word) ? 1 : 0; // "all namespaces"
    this.addNamespaceIfVisible(first);
    let end = k + 1;
    if (NAMESPACE_WORDS.has(this.at(end))) end += 1;
    const more = this.moreNames(end);
    more.names.forEach((name) => this.addNamespaceIfVisible(name));
    end = more.end;
    if (more.names.length > 0 && NAMESPACE_WORDS.has(this.at(end))) end += 1; // "in a and b namespaces"
    return end - i;
  }

  /**
   * With the visible namespaces at hand, a name that matches none of them is a typo or a guess
   * ("in tema-a"): reported with the nearest namespace, not turned into an empty result.
   */
  private addNamespaceIfVisible(name: string): void {
    const known = this.options.namespaces;
    if (known?.length && !known.some((ns) => globMatches(name, ns.toLowerCase()))) {
      this.addUnrecognized(name);
      return;
    }
    this.builder.addNamespace(name);
  }

  private applyMeaning(meaning: PhraseMeaning): boolean {
    switch (meaning.kind) {
      case 'status':
        meaning.statuses.forEach((status) => this.builder.addStatus(status));
        return true;
      case 'group':
        this.builder.addGroup(meaning.group);
        return true;
      case 'errors':
        this.builder.hasErrors = meaning.value;
        return true;
      case 'stuck':
        this.builder.stuck = true;
        return true;
      case 'recent':
        this.builder.createdWithin(DAY_MS);
        return true;
      case 'category':
        meaning.categories.forEach((category) =>
          this.builder.addUnique(this.builder.categories, category),
        );
        return true;
      default:
        return false;
    }
  }

  /** `not running`, `non-stopped`, `isn't paused`: statuses to leave out. */
  private negatedStatus(i: number): number {
    const word = this.at(i);
    const exceptLike = ['except', 'excluding', 'neither'].includes(word);
    if (!NEGATIONS.has(word) && word !== 'non' && !exceptLike) return 0;
    if (this.phraseAt(i)) return 0; // "not healthy", "not working", "no errors" have meanings of their own
    let k = i + 1;
    // "except for paused"
    if (exceptLike && (this.at(k) === 'for' || this.at(k) === 'the')) k += 1;
    let phrase = this.phraseAt(k);
    if (phrase?.meaning.kind !== 'status') return 0;
    // "not stopped or paused" leaves out both
    while (phrase?.meaning.kind === 'status') {
      phrase.meaning.statuses.forEach((status) => this.builder.excludeStatus(status));
      k += phrase.length;
      const connector = this.at(k);
      if (connector !== 'or' && connector !== 'nor' && connector !== ',') break;
      const next = this.phraseAt(k + 1);
      if (next?.meaning.kind !== 'status') break;
      phrase = next;
      k += 1;
    }
    return k - i;
  }

  /** `non-running`, `non-stopped` as one word. */
  private nonStatusWord(i: number): number {
    const word = this.at(i);
    if (!word.startsWith('non-')) return 0;
    const os = parseOsIdentifier(word.slice(4));
    const osPhrase = PHRASES.get(word.slice(4));
    if (os || osPhrase?.kind === 'os') {
      const family = os?.family ?? (osPhrase as { family: OsCriterion['family'] }).family;
      this.builder.addUnique(
        this.builder.excludeOs,
        os?.version ? { family, version: os.version } : { family },
      );
      return 1;
    }
    const meaning = PHRASES.get(word.slice(4));
    if (meaning?.kind !== 'status') return 0;
    meaning.statuses.forEach((status) => this.builder.excludeStatus(status));
    return 1;
  }

  /** Status words, error words, OS names (with an optional version after them). */
  private knownPhrase(i: number): number {
    const phrase = this.phraseAt(i);
    if (!phrase) return 0;
    if (phrase.meaning.kind !== 'os') {
      this.applyMeaning(phrase.meaning);
      return phrase.length;
    }
    const { family } = phrase.meaning;
    const versionIndex = i + phrase.length;
    const version = this.at(versionIndex);
    // "rhel 9", "windows 2k22", but not "windows 8 cpus"
    if (
      family !== 'linux' &&
      VERSION_LIKE.test(version) &&
      !this.resourceAt(versionIndex + 1) &&
      memoryUnit(this.at(versionIndex + 1)) === undefined
    ) {
      const parsed = parseOsIdentifier(`${family}${version}`);
      this.builder.addOs({ family, version: parsed?.version ?? version });
      return phrase.length + 1;
    }
    this.builder.addOs({ family });
    return phrase.length;
  }

  /** `rhel9`, `RHEL9.2`, `win2k22`, `windows11`, `centos-stream9`, `ubuntu22.04`. */
  private osToken(i: number): number {
    const token = this.tokens[i];
    if (!token || token.quoted) return 0;
    const os = parseOsIdentifier(token.lower);
    if (!os) return 0;
    this.builder.addOs(
      os.version ? { family: os.family, version: os.version } : { family: os.family },
    );
    return 1;
  }

  private knownNamespace(i: number): number {
    const known = this.options.namespaces;
    const token = this.tokens[i];
    if (!known?.length || !token) return 0;
    const word = token.lower;
    const hit = isGlob(word)
      ? known.some((ns) => globMatches(word, ns))
      : known.some((ns) => ns.toLowerCase() === word);
    if (!hit) return 0;
    this.builder.addNamespace(word);
    return 1;
  }

  /** Filler words and stray keywords ("than", "memory") carry no filter on their own. */
  private filler(i: number): number {
    const word = this.at(i);
    if (!word || word === 'not' || word === 'without' || word === 'no') return 0;
    return STOP_WORDS.has(word) || RESERVED_WORDS.has(word) || CONNECTORS.has(word) ? 1 : 0;
  }

  /** Reported back, never a filter: a guess would silently narrow (or invert) the search. */
  private addUnrecognized(raw: string): void {
    const word = raw.trim();
    // punctuation-only leftovers are not worth reporting
    if (!/[\p{L}\p{N}]/u.test(word)) return;
    if (!this.unrecognized.includes(word) && this.unrecognized.length < MAX_REPORTED_WORDS) {
      this.unrecognized.push(word);
    }
  }

  /** Quoted text and `*` globs are deliberate name searches; any other unknown word is reported. */
  private freeText(i: number): void {
    const token = this.tokens[i];
    if (!token) return;
    const value = token.lower.slice(0, MAX_NAME_LENGTH);
    if (token.quoted && this.builder.nameContains === undefined && /[\p{L}\p{N}]/u.test(value)) {
      this.builder.nameContains = value;
      return;
    }
    if (token.quoted || (value.includes('*') && NAME_LIKE.test(value))) {
      if (/[\p{L}\p{N}]/u.test(value)) this.builder.addText(value);
      return;
    }
    this.addUnrecognized(token.raw.slice(0, MAX_NAME_LENGTH));
  }
}

/**
 * Natural language → VM filters. Never throws; input beyond 500 characters is ignored; runs in
 * time linear in the input (bounded look-ahead per word, no backtracking regular expressions).
 */
export const parseVmSearchQuery = (text: string, options: ParseVmSearchOptions): ParsedVmSearch =>
  new QueryParser(typeof text === 'string' ? text : '', options).parse();
