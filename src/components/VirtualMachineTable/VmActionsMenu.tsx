import type { FC } from 'react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MenuToggle } from '@patternfly/react-core';
import { EllipsisVIcon } from '@patternfly/react-icons';
import type { VirtualMachine } from '../../kubevirt/types';
import type { Close } from './VmActionsPopper';

/**
 * The action context of a VirtualMachine: `console.action/provider` extensions with this
 * contextId and `console.action/resource-provider` extensions for the kubevirt.io/v1
 * VirtualMachine model contribute to it (kubevirt-plugin's VM actions where it registers them,
 * ours: "Troubleshoot with AI").
 */
export const VM_ACTION_CONTEXT_ID = 'kubevirt.io~v1~VirtualMachine';

// The menu and the provider plumbing load with the first hover, not with the page.
const VmActionsPopper = lazy(
  () => import(/* webpackChunkName: "vm-actions-menu" */ './VmActionsPopper'),
);

/**
 * The row kebab of a VirtualMachine: every action contributed to the VirtualMachine action context
 * through the console's ActionServiceProvider (the console's own menus and kubevirt-plugin's lists
 * use the same service). Like kubevirt-plugin's LazyActionMenu, the providers are mounted only
 * when the toggle is hovered, focused or clicked, so a page of rows does not run every provider's
 * hooks (and watches) for every VM.
 */
export const VmActionsMenu: FC<{ vm: VirtualMachine }> = ({ vm }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [isOpen, setOpen] = useState(false);
  const [requested, setRequested] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const context = useMemo(() => ({ [VM_ACTION_CONTEXT_ID]: vm }), [vm]);
  const request = useCallback(() => setRequested(true), []);
  const close = useCallback<Close>((focusToggle) => {
    setOpen(false);
    if (focusToggle) toggleRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!isOpen) return undefined;
    const inside = (target: EventTarget | null) =>
      target instanceof Node &&
      (toggleRef.current?.contains(target) || menuRef.current?.contains(target));
    const onPointer = (event: MouseEvent) => {
      if (!inside(event.target)) close(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && inside(document.activeElement)) close(true);
      if (event.key === 'Tab' && menuRef.current?.contains(document.activeElement)) close(false);
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen, close]);

  const name = vm.metadata?.name ?? '';
  const namespace = vm.metadata?.namespace ?? '';
  return (
    <>
      <MenuToggle
        ref={toggleRef}
        variant="plain"
        icon={<EllipsisVIcon />}
        aria-label={t('Actions for {{namespace}}/{{name}}', { namespace, name })}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        isExpanded={isOpen}
        data-test="vm-row-actions"
        onMouseEnter={request}
        onFocus={request}
        onClick={() => {
          request();
          setOpen((open) => !open);
        }}
      />
      {requested && (
        <Suspense fallback={null}>
          <VmActionsPopper
            context={context}
            isOpen={isOpen}
            close={close}
            toggleRef={toggleRef}
            menuRef={menuRef}
          />
        </Suspense>
      )}
    </>
  );
};
