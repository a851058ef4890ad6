/**
 * The open part of the row kebab (VmActionsMenu.tsx), loaded when the kebab is first hovered,
 * focused or clicked: the console's ActionServiceProvider for the VM's action context and the menu
 * built from what its providers contribute.
 */
import type { FC, ReactNode, RefObject } from 'react';
import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type {
  Action,
  ActionService,
  GroupedMenuOption,
  MenuOption,
} from '@openshift-console/dynamic-plugin-sdk';
import { ActionServiceProvider, useAccessReview } from '@openshift-console/dynamic-plugin-sdk';
import {
  Divider,
  Menu,
  MenuContent,
  MenuGroup,
  MenuItem,
  MenuList,
  Popper,
  Tooltip,
} from '@patternfly/react-core';

const isGroup = (option: MenuOption): option is GroupedMenuOption =>
  Array.isArray((option as GroupedMenuOption).children);

export type Close = (focusToggle?: boolean) => void;

const ActionItem: FC<{ action: Action; isAllowed: boolean; close: Close }> = ({
  action,
  isAllowed,
  close,
}) => {
  const navigate = useNavigate();
  const { cta, disabled, disabledTooltip, tooltip } = action;
  const link = typeof cta === 'object' ? cta : undefined;
  const item = (
    <MenuItem
      itemId={action.id}
      data-test-id={action.id}
      description={action.description}
      icon={action.icon}
      isDisabled={disabled || !isAllowed}
      isExternalLink={link?.external}
      to={link?.external ? link.href : undefined}
      onClick={(event) => {
        if (typeof cta === 'function') cta();
        else if (link && !link.external) {
          event.preventDefault();
          navigate(link.href);
        }
        close(true);
      }}
    >
      {action.label}
    </MenuItem>
  );
  const hint = disabled ? disabledTooltip : tooltip;
  return hint ? (
    <Tooltip content={hint} position="left">
      <div>{item}</div>
    </Tooltip>
  ) : (
    item
  );
};

/** An action with an access review stays disabled until the user is known to be allowed. */
const ReviewedActionItem: FC<{ action: Action; close: Close }> = ({ action, close }) => {
  const [isAllowed] = useAccessReview(action.accessReview!);
  return <ActionItem action={action} isAllowed={isAllowed} close={close} />;
};

const Options: FC<{ options: MenuOption[]; close: Close }> = ({ options, close }) => (
  <>
    {options.map((option, index) => {
      if (isGroup(option)) {
        const children = <Options options={option.children ?? []} close={close} />;
        if (option.submenu) {
          return (
            <MenuItem
              key={option.id}
              itemId={option.id}
              data-test-id={option.id}
              flyoutMenu={
                <Menu containsFlyout>
                  <MenuContent>
                    <MenuList>{children}</MenuList>
                  </MenuContent>
                </Menu>
              }
            >
              {option.label}
            </MenuItem>
          );
        }
        return (
          <Fragment key={option.id}>
            {index > 0 && <Divider component="li" />}
            <MenuGroup label={option.label as string | undefined}>
              <MenuList>{children}</MenuList>
            </MenuGroup>
          </Fragment>
        );
      }
      return option.accessReview ? (
        <ReviewedActionItem key={option.id} action={option} close={close} />
      ) : (
        <ActionItem key={option.id} action={option} isAllowed close={close} />
      );
    })}
  </>
);

/**
 * The open menu, positioned under the kebab: focuses its first item when the actions are there (as
 * PatternFly menus do). The Menu is Popper's direct `popper` element, so Popper re-measures it when
 * the list changes (loading → actions) and keeps its right edge on the kebab's.
 */
const ActionsMenu: FC<{
  service: ActionService;
  isOpen: boolean;
  close: Close;
  toggleRef: RefObject<HTMLButtonElement>;
  menuRef: RefObject<HTMLDivElement>;
}> = ({ service, isOpen, close, toggleRef, menuRef }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { loaded, options } = service;
  useEffect(() => {
    if (!loaded || !isOpen) return;
    menuRef.current
      ?.querySelector<HTMLElement>('button:not([disabled]), a[href]:not([aria-disabled="true"])')
      ?.focus();
  }, [loaded, isOpen, menuRef]);
  let content: ReactNode;
  if (!loaded) content = <MenuItem isDisabled>{t('Loading actions…')}</MenuItem>;
  else if (options.length === 0) content = <MenuItem isDisabled>{t('No actions')}</MenuItem>;
  else content = <Options options={options} close={close} />;
  return (
    <Popper
      triggerRef={toggleRef}
      isVisible={isOpen}
      placement="bottom-end"
      popper={
        <Menu ref={menuRef} containsFlyout data-test="vm-actions-menu">
          <MenuContent>
            <MenuList>{content}</MenuList>
          </MenuContent>
        </Menu>
      }
    />
  );
};

export interface VmActionsPopperProps {
  context: Record<string, unknown>;
  isOpen: boolean;
  close: Close;
  toggleRef: RefObject<HTMLButtonElement>;
  menuRef: RefObject<HTMLDivElement>;
}

const VmActionsPopper: FC<VmActionsPopperProps> = ({
  context,
  isOpen,
  close,
  toggleRef,
  menuRef,
}) => (
  <ActionServiceProvider context={context}>
    {(service) => (
      <ActionsMenu
        service={service}
        isOpen={isOpen}
        close={close}
        toggleRef={toggleRef}
        menuRef={menuRef}
      />
    )}
  </ActionServiceProvider>
);

export default VmActionsPopper;
