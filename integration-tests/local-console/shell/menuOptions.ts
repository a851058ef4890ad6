/**
 * How an actions menu turns actions into options (imitation, no upstream code):
 * - `createMenuOptions`: openshift/console release-4.22
 *   `frontend/packages/console-shared/src/components/actions/utils.ts` (actions with a `path` go into the
 *   `$top`/`$bottom`/console.action/group groups, the others stay top level in arrival order; `$top` is
 *   put first and `$bottom` last when not empty);
 * - `mergeOptions`, `createLocalMenuOptions`, `flattenToAccessReview`: kubevirt-ui/kubevirt-plugin
 *   release-4.22 `src/utils/components/LazyActionMenu/overrides.ts` (same-id options merged, the first
 *   one wins, group children merged);
 * - `orderOptions`: `src/utils/components/LazyActionMenu/order-extensions.ts` (insertBefore/insertAfter);
 * - `menuOptionType`: `src/utils/components/LazyActionMenu/utils.ts`.
 */
export interface AccessReview {
  group?: string;
  resource?: string;
  subresource?: string;
  verb?: string;
  name?: string;
  namespace?: string;
}

export interface MenuAction {
  id: string;
  label: string;
  description?: string;
  cta?: (() => void) | { href: string; external?: boolean };
  disabled?: boolean;
  disabledTooltip?: string;
  tooltip?: string;
  path?: string;
  insertBefore?: string | string[];
  insertAfter?: string | string[];
  accessReview?: AccessReview | null;
}

export interface MenuGroupOption {
  id: string;
  label?: string;
  submenu?: boolean;
  insertBefore?: string | string[];
  insertAfter?: string | string[];
  children: MenuOption[];
}

export type MenuOption = MenuAction | MenuGroupOption;

export const isGroup = (o: MenuOption): o is MenuGroupOption =>
  Array.isArray((o as MenuGroupOption).children);

export const menuOptionType = (o: MenuOption) => {
  if (!isGroup(o)) return 'ATOMIC_MENU';
  return o.submenu ? 'SUB_MENU' : 'GROUP_MENU';
};

export interface ActionGroupProperties {
  id: string;
  label?: string;
  submenu?: boolean;
  insertBefore?: string | string[];
  insertAfter?: string | string[];
}

export const createMenuOptions = (
  actions: MenuAction[],
  groups: ActionGroupProperties[] = [],
): MenuOption[] => {
  const options: MenuOption[] = [];
  const top: MenuGroupOption = { id: '$top', children: [] };
  const bottom: MenuGroupOption = { id: '$bottom', children: [] };
  const submenus: Record<string, MenuGroupOption> = { $top: top, $bottom: bottom };
  const known = [top, ...groups, bottom];
  for (const action of actions) {
    if (!action.path) {
      options.push(action);
      continue;
    }
    const parts = action.path.split('/');
    parts.forEach((part, index) => {
      const group = known.find((g) => g.id === part);
      if (group && !submenus[part]) {
        const created: MenuGroupOption = { ...group, children: [] };
        submenus[part] = created;
        if (index === 0) options.push(created);
        else submenus[parts[index - 1]].children.push(created);
      }
    });
    submenus[parts[parts.length - 1]].children.push(action);
  }
  if (top.children.length) options.unshift(top);
  if (bottom.children.length) options.push(bottom);
  return options;
};

/** A kubevirt-plugin action as its providers build it (`options` for a submenu). */
export interface LocalAction extends MenuAction {
  options?: LocalAction[];
}

export const createLocalMenuOptions = (actions: LocalAction[] = []): MenuOption[] =>
  actions.map((a) => {
    if (!a.options?.length) return a;
    const { options: children, ...rest } = a;
    return { ...rest, children: createLocalMenuOptions(children), cta: undefined, submenu: true };
  });

const isAction = (o: MenuOption): o is MenuAction => Boolean((o as MenuAction).cta);

export const mergeOptions = (options: MenuOption[]): MenuOption[] => {
  const byId: { id: string; duplicates: MenuOption[] }[] = [];
  for (const option of options) {
    const existing = byId.find((e) => e.id === option.id);
    if (existing) existing.duplicates.push(option);
    else byId.push({ id: option.id, duplicates: [option] });
  }
  return byId.map(({ duplicates }) => {
    const [first] = duplicates;
    if (isAction(first)) return first;
    return {
      ...first,
      children: mergeOptions(duplicates.flatMap((d) => (d as MenuGroupOption).children ?? [])),
    } as MenuGroupOption;
  });
};

export const flattenToAccessReview = (options: MenuOption[]): AccessReview[] =>
  options
    .flatMap((o) =>
      isAction(o) ? [o.accessReview] : flattenToAccessReview((o as MenuGroupOption).children ?? []),
    )
    .filter((r): r is AccessReview => Boolean(r));

// ---- insertBefore / insertAfter ----

interface Positioned {
  id: string;
  insertBefore?: string | string[];
  insertAfter?: string | string[];
}

const list = (v?: string | string[]) => (!v ? [] : Array.isArray(v) ? v : [v]);

const dependsOn = (item: Positioned, other: Positioned) =>
  (!!item.insertBefore || !!item.insertAfter) &&
  (list(item.insertBefore).includes(other.id) || list(item.insertAfter).includes(other.id));

const positioned = (item: Positioned, all: Positioned[]) => all.some((o) => dependsOn(item, o));

const indexFor = (item: Positioned, current: Positioned[]) => {
  const indexes = (ids: string[]) =>
    ids.map((id) => current.findIndex((o) => o.id === id)).filter((i) => i !== -1);
  const [first = -1] = [
    ...indexes(list(item.insertBefore)),
    ...indexes(list(item.insertAfter)).map((i) => i + 1),
  ];
  return first;
};

const insert = <T extends Positioned>(item: T, current: T[]) => {
  const index = indexFor(item, current);
  if (index >= 0) current.splice(index, 0, item);
  else current.push(item);
};

const insertPositioned = <T extends Positioned>(items: T[], current: T[]) => {
  if (!items.length) return;
  const dependent = items.filter((i) => positioned(i, items));
  const free = items.filter((i) => !positioned(i, items));
  if (!free.length) {
    // a cycle: insert one by one
    dependent.forEach((i) => insert(i, current));
    return;
  }
  free.forEach((i) => insert(i, current));
  insertPositioned(dependent, current);
};

export const orderOptions = <T extends Positioned>(items: T[] | undefined): T[] => {
  if (!items?.length) return [];
  const dependent = items.filter((i) => positioned(i, items));
  const sorted = items.filter((i) => !positioned(i, items));
  insertPositioned(dependent, sorted);
  return sorted;
};
