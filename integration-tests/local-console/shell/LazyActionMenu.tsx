/**
 * The VirtualMachine details page's Actions menu (imitation, no upstream code), following
 * - kubevirt-ui/kubevirt-plugin release-4.22 `src/utils/components/LazyActionMenu/` (LazyActionMenu,
 *   ActionMenuContent, ActionMenuItem, overrides.ts) and
 *   `src/views/virtualmachines/actions/components/VirtualMachineActions/VirtualMachineActions.tsx`:
 *   kubevirt-plugin's own actions are local options shown at once; the console's action providers are
 *   mounted only once the toggle is hovered or focused, and their options are appended (after the local
 *   ones, same ids merged) only when the ActionServiceProvider reports every provider loaded; items with
 *   an access review stay disabled until their SelfSubjectAccessReview allows them (allowed if it fails);
 * - openshift/console release-4.22 `frontend/packages/console-shared/src/components/actions/
 *   ActionServiceProvider.tsx`, `loader/ActionsLoader.tsx`, `loader/ActionsHookResolver.tsx`: one loader
 *   per context id, `console.action/provider` (same contextId) and `console.action/resource-provider`
 *   (model reference = contextId) hooks each in a component of its own, `console.action/filter`,
 *   options built with `console.action/group` groups; loaded once every provider has answered loaded.
 * Neither upstream menu shows a loading item: until the providers are loaded there are only the local
 * options. Each mounted provider hook leaves an invisible `data-test="action-provider"` marker (shell
 * only) so tests can tell which providers have loaded.
 */
import type { ReactNode, RefObject } from 'react';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Divider,
  Menu,
  MenuContent,
  MenuGroup,
  MenuItem,
  MenuList,
  MenuToggle,
  Popper,
  Tooltip,
} from '@patternfly/react-core';
import { useNavigate } from 'react-router';
import { useStringifyMemo } from './hooks';
import { kubevirtVmActions } from './kubevirtVmActions';
import type {
  AccessReview,
  ActionGroupProperties,
  MenuAction,
  MenuGroupOption,
  MenuOption,
} from './menuOptions';
import {
  createLocalMenuOptions,
  createMenuOptions,
  flattenToAccessReview,
  menuOptionType,
  mergeOptions,
  orderOptions,
} from './menuOptions';
import { checkAccess, useResolvedExtensions } from './sdk';
import type { ResolvedExtension } from './shellStore';

type ProviderHook = (scope: unknown) => [MenuAction[], boolean, unknown];

export const VM_CONTEXT_ID = 'kubevirt.io~v1~VirtualMachine';

const modelReference = (m?: { group?: string; version?: string; kind?: string }) =>
  m ? `${m.group || 'core'}~${m.version}~${m.kind}` : '';

// ---- the console's ActionServiceProvider ----

const ActionsHookResolver = ({
  extension,
  scope,
  onValueResolved,
  onValueError,
}: {
  extension: ResolvedExtension;
  scope: unknown;
  onValueResolved: (actions: MenuAction[]) => void;
  onValueError: (e: unknown) => void;
}) => {
  const useValue = extension.properties.provider as ProviderHook;
  const [value, loaded, loadError] = useValue(scope);
  useEffect(() => {
    if (loaded) onValueResolved(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, value]);
  useEffect(() => {
    if (loadError) onValueError(loadError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadError]);
  return (
    <span
      hidden
      data-test="action-provider"
      data-plugin={extension.pluginName}
      data-uid={extension.uid}
      data-loaded={String(Boolean(loaded))}
    />
  );
};

const ActionsLoader = ({
  contextId,
  scope,
  onActionsLoaded,
  onLoadError,
}: {
  contextId: string;
  scope: unknown;
  onActionsLoaded: (actions: MenuAction[]) => void;
  onLoadError: (e: unknown) => void;
}) => {
  const [actionsMap, setActionsMap] = useState<Record<string, MenuAction[]>>({});
  const [providers] = useResolvedExtensions(
    (e) =>
      (e.type === 'console.action/provider' && e.properties.contextId === contextId) ||
      (e.type === 'console.action/resource-provider' &&
        modelReference(
          e.properties.model as { group?: string; version?: string; kind?: string },
        ) === contextId),
  );
  const [filters] = useResolvedExtensions(
    (e) => e.type === 'console.action/filter' && e.properties.contextId === contextId,
  );
  const onProviderValueResolved = useCallback(
    (actions: MenuAction[], uid: string) => setActionsMap((prev) => ({ ...prev, [uid]: actions })),
    [],
  );
  const loaded = providers.length === 0 || providers.every(({ uid }) => actionsMap[uid]);
  const actions = useMemo(() => {
    const all = Object.values(actionsMap).flat();
    return filters.length
      ? all.filter((a) =>
          filters.some((f) =>
            (f.properties.filter as (s: unknown, a: MenuAction) => boolean)(scope, a),
          ),
        )
      : all;
  }, [actionsMap, filters, scope]);
  useEffect(() => {
    if (loaded) onActionsLoaded(actions);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, loaded]);
  return (
    <>
      {providers.map((extension) => (
        <ActionsHookResolver
          key={extension.uid}
          extension={extension}
          scope={scope}
          onValueResolved={(value) => onProviderValueResolved(value, extension.uid)}
          onValueError={onLoadError}
        />
      ))}
    </>
  );
};

interface ActionService {
  actions: MenuAction[];
  options: MenuOption[];
  loaded: boolean;
  error: unknown;
}

/** Also the SDK's `ActionServiceProvider` for plugins (index.tsx shares it with the SDK module). */
export const ActionServiceProvider = ({
  context,
  children,
}: {
  context: Record<string, unknown>;
  children: (service: ActionService) => ReactNode;
}) => {
  const memoizedContext = useStringifyMemo(context);
  // Upstream merges each new context into the map in an effect; contexts are only ever added.
  const [seen, setSeen] = useState({ context: memoizedContext, map: memoizedContext });
  if (seen.context !== memoizedContext)
    setSeen({ context: memoizedContext, map: { ...seen.map, ...memoizedContext } });
  const contextMap = seen.map;
  const [actionsMap, setActionsMap] = useState<Record<string, MenuAction[]>>({});
  const [loadError, setLoadError] = useState<unknown>();
  const onActionsLoaded = useCallback(
    (actions: MenuAction[], id: string) => setActionsMap((prev) => ({ ...prev, [id]: actions })),
    [],
  );
  const actions = useMemo(() => Object.values(actionsMap).flat(), [actionsMap]);
  const [groupExtensions] = useResolvedExtensions((e) => e.type === 'console.action/group');
  const options = useMemo(
    () =>
      createMenuOptions(
        actions,
        groupExtensions.map((g) => g.properties as unknown as ActionGroupProperties),
      ),
    [actions, groupExtensions],
  );
  const loaded = Object.keys(contextMap).every((id) => actionsMap[id]);
  const service = useMemo(
    () => ({ actions, options, loaded, error: loadError }),
    [actions, options, loaded, loadError],
  );
  return (
    <>
      {Object.keys(contextMap).map((id) => (
        <ActionsLoader
          key={id}
          contextId={id}
          scope={contextMap[id]}
          onActionsLoaded={(value) => onActionsLoaded(value, id)}
          onLoadError={setLoadError}
        />
      ))}
      {children(service)}
    </>
  );
};

// ---- kubevirt-plugin's menu ----

const useCheckAccess = (review: AccessReview): [boolean, boolean] => {
  const [loading, setLoading] = useState(true);
  const [isAllowed, setAllowed] = useState(false);
  useEffect(() => {
    checkAccess(review)
      .then((result) => setAllowed(Boolean(result?.status?.allowed)))
      .catch((e) => {
        console.warn('SelfSubjectAccessReview failed', e);
        setAllowed(true);
      })
      .finally(() => setLoading(false));
  }, [review]);
  return [isAllowed, loading];
};

const ActionItem = ({
  action,
  isAllowed,
  onClick,
}: {
  action: MenuAction;
  isAllowed: boolean;
  onClick: () => void;
}) => {
  const navigate = useNavigate();
  const { cta, description, disabled, label } = action;
  const link = cta && typeof cta === 'object' ? cta : undefined;
  return (
    <MenuItem
      data-test-id={action.id}
      description={description}
      isDisabled={!isAllowed || disabled}
      translate="no"
      {...(link?.external ? { isExternalLink: true, to: link.href } : {})}
      onClick={(event) => {
        event.preventDefault();
        if (typeof cta === 'function') void cta();
        else if (link && !link.external) navigate(link.href);
        onClick();
        event.stopPropagation();
      }}
    >
      {label}
    </MenuItem>
  );
};

const AccessReviewActionItem = (props: { action: MenuAction; onClick: () => void }) => {
  const [isAllowed] = useCheckAccess(props.action.accessReview as AccessReview);
  return <ActionItem {...props} isAllowed={isAllowed} />;
};

const ActionMenuItem = ({ action, onClick }: { action: MenuAction; onClick: () => void }) => {
  const item = action.accessReview ? (
    <AccessReviewActionItem action={action} onClick={onClick} />
  ) : (
    <ActionItem action={action} isAllowed onClick={onClick} />
  );
  if (action.tooltip)
    return (
      <Tooltip content={action.tooltip} position="left">
        {item}
      </Tooltip>
    );
  return action.disabled && action.disabledTooltip ? (
    <Tooltip content={action.disabledTooltip} position="left">
      <div>{item}</div>
    </Tooltip>
  ) : (
    item
  );
};

const ActionMenuContent = ({
  options,
  onClick,
}: {
  options: MenuOption[];
  onClick: () => void;
}) => (
  <>
    {orderOptions(options).map((option) => {
      const type = menuOptionType(option);
      if (type === 'SUB_MENU')
        return (
          <MenuItem
            key={option.id}
            data-test-id={option.id}
            flyoutMenu={
              <Menu containsFlyout>
                <MenuContent data-test-id="action-items">
                  <MenuList>
                    <ActionMenuContent
                      options={(option as MenuGroupOption).children}
                      onClick={onClick}
                    />
                  </MenuList>
                </MenuContent>
              </Menu>
            }
          >
            {(option as MenuGroupOption).label}
          </MenuItem>
        );
      if (type === 'GROUP_MENU')
        return (
          <Fragment key={option.id}>
            <Divider />
            <MenuGroup label={(option as MenuGroupOption).label}>
              <MenuList>
                <ActionMenuContent
                  options={(option as MenuGroupOption).children}
                  onClick={onClick}
                />
              </MenuList>
            </MenuGroup>
          </Fragment>
        );
      return <ActionMenuItem key={option.id} action={option as MenuAction} onClick={onClick} />;
    })}
  </>
);

const ActionReceiver = ({
  loaded,
  options,
  setRemoteOptions,
}: ActionService & { setRemoteOptions: (o: MenuOption[]) => void }) => {
  useEffect(() => {
    if (loaded) setRemoteOptions(options);
  }, [loaded, setRemoteOptions, options]);
  return null;
};

const LazyFetch = ({
  context,
  mergedOptions,
  setRemoteOptions,
}: {
  context: Record<string, unknown>;
  mergedOptions: MenuOption[];
  setRemoteOptions: (o: MenuOption[]) => void;
}) => {
  useEffect(() => {
    // Access reviews start before the menu opens, to limit flicker.
    flattenToAccessReview(mergedOptions).forEach((review) =>
      checkAccess(review).catch((e) => console.warn('Could not check access for action menu', e)),
    );
  }, [mergedOptions]);
  return (
    <ActionServiceProvider context={context}>
      {(service) => <ActionReceiver {...service} setRemoteOptions={setRemoteOptions} />}
    </ActionServiceProvider>
  );
};

const useClickOutside = (refs: RefObject<HTMLElement>[], onOutside: () => void) => {
  useEffect(() => {
    const listener = (event: MouseEvent) => {
      if (refs.some((r) => r.current?.contains(event.target as Node))) return;
      onOutside();
    };
    document.addEventListener('mousedown', listener);
    return () => document.removeEventListener('mousedown', listener);
  }, [refs, onOutside]);
};

/** VirtualMachineActions (dropdown variant) for one VM. */
export const LazyActionMenu = ({ vm }: { vm: { metadata?: { name?: string } } }) => {
  const localOptions = useMemo(() => createLocalMenuOptions(kubevirtVmActions(vm)), [vm]);
  const context = useMemo(() => ({ [VM_CONTEXT_ID]: vm }), [vm]);
  const [isOpen, setIsOpen] = useState(false);
  const [initActionLoader, setInitActionLoader] = useState(false);
  const [remoteOptions, setRemoteOptions] = useState<MenuOption[]>();
  const menuRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const refs = useMemo(() => [menuRef, toggleRef] as RefObject<HTMLElement>[], []);
  const hideMenu = useCallback(() => setIsOpen(false), []);
  useClickOutside(refs, hideMenu);
  const onToggleHover = useCallback(() => setInitActionLoader(true), []);
  const mergedOptions = useMemo(
    () => mergeOptions([...localOptions, ...(remoteOptions ?? [])]),
    [localOptions, remoteOptions],
  );
  return (
    <>
      {initActionLoader && (
        <LazyFetch
          context={context}
          mergedOptions={mergedOptions}
          setRemoteOptions={setRemoteOptions}
        />
      )}
      <MenuToggle
        aria-expanded={isOpen}
        aria-haspopup="true"
        aria-label="Actions"
        data-test="actions-dropdown"
        isExpanded={isOpen}
        onClick={() => setIsOpen((prev) => !prev)}
        onFocus={onToggleHover}
        onMouseOver={onToggleHover}
        ref={toggleRef}
        variant="default"
      >
        Actions
      </MenuToggle>
      <Popper
        popper={
          <Menu containsFlyout ref={menuRef} data-test="actions-menu-items">
            <MenuContent>
              <MenuList>
                <ActionMenuContent options={mergedOptions} onClick={hideMenu} />
              </MenuList>
            </MenuContent>
          </Menu>
        }
        isVisible={isOpen}
        placement="bottom-end"
        triggerRef={toggleRef}
      />
    </>
  );
};
