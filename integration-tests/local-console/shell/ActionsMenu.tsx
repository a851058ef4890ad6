import type { ComponentType } from 'react';
import { useEffect, useState } from 'react';
import { Dropdown, DropdownItem, DropdownList, MenuToggle } from '@patternfly/react-core';
import { useResolvedExtensions } from './sdk';

interface Action {
  id: string;
  label: string;
  cta: (() => void) | { href: string; external?: boolean };
  disabled?: boolean;
}

type ProviderHook = (scope: unknown) => [Action[], boolean, unknown];

/** Each provider is a hook: one child component per provider keeps the hook order stable. */
const ProviderHost = ({
  hook,
  scope,
  onActions,
}: {
  hook: ProviderHook;
  scope: unknown;
  onActions: (a: Action[]) => void;
}) => {
  const [actions, loaded] = hook(scope);
  useEffect(() => {
    if (loaded) onActions(actions);
  }, [actions, loaded, onActions]);
  return null;
};

const isVmActionProvider = (e: { type: string; properties: Record<string, unknown> }) =>
  (e.type === 'console.action/provider' &&
    e.properties.contextId === 'kubevirt.io~v1~VirtualMachine') ||
  (e.type === 'console.action/resource-provider' &&
    (e.properties.model as { kind?: string } | undefined)?.kind === 'VirtualMachine');

/** The console's resource actions menu, fed by console.action/provider and resource-provider extensions. */
export const ActionsMenu = ({ vm }: { vm: unknown }) => {
  const [providers] = useResolvedExtensions(isVmActionProvider);
  const [byProvider, setByProvider] = useState<Record<string, Action[]>>({});
  const [open, setOpen] = useState(false);
  const actions = Object.values(byProvider).flat();
  return (
    <>
      {providers.map((p) => {
        const Host = ProviderHost as ComponentType<Parameters<typeof ProviderHost>[0]>;
        return (
          <Host
            key={p.uid}
            hook={p.properties.provider as ProviderHook}
            scope={vm}
            onActions={(a) =>
              setByProvider((prev) =>
                JSON.stringify(prev[p.uid]?.map((x) => x.id)) === JSON.stringify(a.map((x) => x.id))
                  ? prev
                  : { ...prev, [p.uid]: a },
              )
            }
          />
        );
      })}
      <Dropdown
        isOpen={open}
        onOpenChange={setOpen}
        toggle={(ref) => (
          <MenuToggle ref={ref} onClick={() => setOpen(!open)} data-test="actions-menu">
            Actions
          </MenuToggle>
        )}
      >
        <DropdownList>
          {actions.length === 0 && <DropdownItem isDisabled>No actions</DropdownItem>}
          {actions.map((a) => (
            <DropdownItem
              key={a.id}
              data-test={`action-${a.id}`}
              isDisabled={a.disabled}
              onClick={() => {
                setOpen(false);
                if (typeof a.cta === 'function') a.cta();
                else window.location.assign(a.cta.href);
              }}
            >
              {a.label}
            </DropdownItem>
          ))}
        </DropdownList>
      </Dropdown>
    </>
  );
};
