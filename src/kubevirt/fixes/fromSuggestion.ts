/**
 * Which diagnosis suggestions the console can apply, and the one request each becomes. A
 * suggestion qualifies when its commands hold lifecycle commands of this VM (virtctl start, stop,
 * restart, pause, unpause, migrate, migrate-cancel; `oc delete vmim`) and otherwise only reads: a
 * suggestion that also edits or creates objects needs a person, not a button. When a suggestion
 * offers alternatives ("migrate, or restart"), the first that fits the VM's state is taken.
 */
import type { Suggestion } from '../diagnosis/model';
import type { FixAction, FixOperation } from './model';
import { applicable, inverseOf, requestFor, runPatch, type VmState } from './operations';

/** Read-only commands a suggestion may carry next to its one action. */
const READ_ONLY = [
  /^oc (get|describe|logs|explain)\b/,
  /^oc adm top\b/,
  /^virtctl (console|vnc|ssh|guestosinfo|userlist|fslist)\b/,
];

interface ParsedCommand {
  action: FixAction;
  name: string;
  namespace?: string;
}

const words = (command: string): string[] =>
  (command.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, '$1'));

const namespaceOf = (argv: string[]): string | undefined => {
  const i = argv.findIndex((a) => a === '-n' || a === '--namespace');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--namespace='))?.slice('--namespace='.length);
};

/** Positional arguments after the subcommand, skipping `-n NS` and flags. */
const positional = (argv: string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '-n' || argv[i] === '--namespace') i += 1;
    else if (!argv[i].startsWith('-')) out.push(argv[i]);
  }
  return out;
};

const VIRTCTL: Record<string, FixAction> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  pause: 'pause',
  unpause: 'unpause',
  migrate: 'migrate',
  'migrate-cancel': 'cancel-migration',
};

/** The lifecycle action of one command, `null` for a read, `undefined` for anything else. */
export const parseCommand = (command: string): ParsedCommand | null | undefined => {
  const trimmed = command.trim();
  if (READ_ONLY.some((re) => re.test(trimmed))) return null;
  const argv = words(trimmed);
  if (argv[0] === 'virtctl' && VIRTCTL[argv[1]]) {
    const args = positional(argv.slice(2));
    // `virtctl pause vm NAME` / `virtctl unpause vmi NAME`
    const name = ['vm', 'vmi'].includes(args[0]) ? args[1] : args[0];
    if (!name) return undefined;
    return { action: VIRTCTL[argv[1]], name, namespace: namespaceOf(argv) };
  }
  if (argv[0] === 'oc' && argv[1] === 'delete') {
    const args = positional(argv.slice(2));
    if (
      ['vmim', 'virtualmachineinstancemigration', 'virtualmachineinstancemigrations'].includes(
        args[0],
      ) &&
      args[1]
    ) {
      return { action: 'cancel-migration', name: args[1], namespace: namespaceOf(argv) };
    }
  }
  return undefined;
};

const suggestionId = (s: Suggestion): string => {
  const id = (s as Suggestion & { id?: unknown }).id;
  return typeof id === 'string' && id ? id : s.title;
};

/** The fix a suggestion stands for on this VM now, or undefined when it needs a person. */
export const fixForSuggestion = (
  suggestion: Suggestion,
  state: VmState,
): FixOperation | undefined => {
  const name = state.vm.metadata?.name;
  const namespace = state.vm.metadata?.namespace;
  if (!name || !namespace) return undefined;
  const parsed = suggestion.commands.map(parseCommand);
  if (parsed.some((p) => p === undefined)) return undefined;
  const actions = parsed.filter((p): p is ParsedCommand => Boolean(p));
  const chosen = actions.find((a) => {
    if (a.namespace && a.namespace !== namespace) return false;
    if (a.action === 'cancel-migration') {
      // `oc delete vmim X`: only a migration of this VM that is still running.
      const vmim = (state.migrations ?? []).find((m) => m.metadata?.name === a.name);
      const isThisVm = a.name === name || vmim?.spec?.vmiName === name;
      return isThisVm && applicable('cancel-migration', state);
    }
    return a.name === name && applicable(a.action, state);
  });
  if (!chosen) return undefined;
  return {
    action: chosen.action,
    vm: { name, namespace, uid: state.vm.metadata?.uid },
    ruleId: suggestion.ruleId,
    suggestionId: suggestionId(suggestion),
    suggestionTitle: suggestion.title,
    request: requestFor(chosen.action, state),
    inverse: inverseOf(chosen.action),
  };
};

/**
 * The Undo of an applied fix, built against the VM as it is after the fix (a fresh
 * resourceVersion): start/stop restore the runStrategy the VM had, a migration is cancelled by
 * deleting the object the fix created. Undefined when the VM moved on so the inverse no longer fits.
 */
export const undoOf = (
  applied: FixOperation,
  before: VmState,
  after: VmState,
): FixOperation | undefined => {
  const action = applied.inverse;
  if (!action) return undefined;
  let request;
  if ((action === 'start' || action === 'stop') && applied.request.method === 'PATCH') {
    // Wait for the patched VM: a patch against the old revision would only fail its `test`.
    if (after.vm.metadata?.resourceVersion === before.vm.metadata?.resourceVersion)
      return undefined;
    if (after.vm.spec?.runStrategy === undefined && after.vm.spec?.running === undefined)
      return undefined;
    request = runPatch(after, action === 'start', before.vm.spec?.runStrategy);
  } else if (action === 'cancel-migration') {
    const created = (applied.request.body?.metadata as { name?: string } | undefined)?.name;
    request = requestFor(action, after, created);
  } else {
    if (!applicable(action, after)) return undefined;
    request = requestFor(action, after);
  }
  return {
    ...applied,
    action,
    suggestionTitle: applied.suggestionTitle,
    request,
    inverse: undefined,
  };
};
