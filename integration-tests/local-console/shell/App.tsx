import type { ComponentType, ReactNode } from 'react';
import {
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  Page,
  PageSection,
  PageSidebar,
  PageSidebarBody,
  Title,
} from '@patternfly/react-core';
import { useEffect } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { DevToolbar } from './DevToolbar';
import type { DevState } from './devState';
import { LightspeedDrawer } from './lightspeedStandIn';
import { translateExtensionString } from './i18n';
import { useResolvedExtensions } from './sdk';
import type { ResolvedExtension } from './shellStore';
import { setFlag, useShellState } from './shellStore';
import { VmDetailsPage, VmListPage } from './VmPages';

type FlagHook = (setFlag: (flag: string, enabled: boolean) => void) => void;

/** console.flag/hookProvider handlers are hooks: one host component each keeps hook order stable. */
const FlagHookHost = ({ hook }: { hook: FlagHook }) => {
  hook(setFlag);
  return null;
};

const FlagHooks = () => {
  const { extensions } = useShellState();
  const hooks = extensions.filter((e) => e.type === 'console.flag/hookProvider');
  return (
    <>
      {hooks.map((e) => (
        <FlagHookHost key={e.uid} hook={e.properties.handler as FlagHook} />
      ))}
    </>
  );
};

const useOnce = (fn: () => void) => useEffect(fn, []); // eslint-disable-line react-hooks/exhaustive-deps

const FlagHandlers = () => {
  const { extensions } = useShellState();
  useOnce(() => {
    extensions
      .filter((e) => e.type === 'console.flag')
      .forEach((e) => (e.properties.handler as FlagHook)(setFlag));
  });
  return null;
};

/** console.navigation/href of the admin perspective, with the console's namespace prefixing rules. */
const isAdminNavItem = (e: ResolvedExtension) =>
  e.type === 'console.navigation/href' &&
  (!e.properties.perspective || e.properties.perspective === 'admin');

/** openshift/console `frontend/packages/console-app/src/components/nav/utils.ts` (formatNamespacedRouteForHref). */
const navHref = (e: ResolvedExtension, pathname: string) => {
  const href = String(e.properties.href).replace(/^\//, '');
  const ns = /^\/k8s\/ns\/([^/]+)/.exec(pathname)?.[1];
  if (e.properties.prefixNamespaced)
    return ns ? `/k8s/ns/${ns}/${href}` : `/k8s/all-namespaces/${href}`;
  if (e.properties.namespaced) return `/${href}/all-namespaces`;
  return `/${href}`;
};

type ContextProvider = ComponentType<{ value: unknown; children: ReactNode }>;

const ProvidedContext = ({
  provider: Provider,
  useValueHook,
  children,
}: {
  provider: ContextProvider;
  useValueHook: () => unknown;
  children: ReactNode;
}) => <Provider value={useValueHook()}>{children}</Provider>;

/** console.context-provider extensions wrap the whole application, as in the console. */
const ContextProviders = ({ children }: { children: ReactNode }) => {
  const [providers] = useResolvedExtensions((e) => e.type === 'console.context-provider');
  return providers.reduceRight<ReactNode>(
    (inner, p) => (
      <ProvidedContext
        key={p.uid}
        provider={p.properties.provider as ContextProvider}
        useValueHook={p.properties.useValueHook as () => unknown}
      >
        {inner}
      </ProvidedContext>
    ),
    children,
  ) as JSX.Element;
};

const Sidebar = () => {
  const [navItems] = useResolvedExtensions(isAdminNavItem);
  const location = useLocation();
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Console navigation">
          <NavList>
            <NavExpandable title="Virtualization" isExpanded data-test="nav-virtualization">
              <NavItem
                isActive={location.pathname.startsWith(
                  '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine',
                )}
              >
                <Link to="/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine">VirtualMachines</Link>
              </NavItem>
              {navItems.map((e: ResolvedExtension) => (
                <NavItem
                  key={e.uid}
                  isActive={location.pathname === navHref(e, location.pathname)}
                  data-test={`nav-${e.properties.id}`}
                >
                  <Link to={navHref(e, location.pathname)}>
                    {translateExtensionString(String(e.properties.name))}
                  </Link>
                </NavItem>
              ))}
            </NavExpandable>
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
};

const Home = () => {
  const [navItems] = useResolvedExtensions(isAdminNavItem);
  const first = navItems[0] ? navHref(navItems[0], '/') : undefined;
  return first ? <Navigate to={first} replace /> : <PageSection>No plugin pages.</PageSection>;
};

const PluginRoutes = () => {
  const [pages] = useResolvedExtensions((e) => e.type === 'console.page/route');
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      {pages.flatMap((p) => {
        const paths = ([] as string[]).concat(p.properties.path as string | string[]);
        const Component = p.properties.component as ComponentType;
        return paths.map((path) => (
          <Route key={`${p.uid}${path}`} path={path} element={<Component />} />
        ));
      })}
      <Route path="/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine" element={<VmListPage />} />
      <Route
        path="/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search"
        element={<VmListPage />}
      />
      <Route path="/k8s/ns/:ns/kubevirt.io~v1~VirtualMachine" element={<VmListPage />} />
      {/* kubevirt-plugin's console.page/route is not exact: the console appends /* (usePluginRoutes). */}
      <Route path="/k8s/ns/:ns/kubevirt.io~v1~VirtualMachine/:name/*" element={<VmDetailsPage />} />
      <Route path="*" element={<PageSection>Page not found in the local console.</PageSection>} />
    </Routes>
  );
};

export const App = ({ devState }: { devState: DevState }) => (
  <BrowserRouter>
    <FlagHandlers />
    <FlagHooks />
    <Page
      masthead={
        <Masthead>
          <MastheadMain>
            <MastheadBrand>
              <Title headingLevel="h1" size="lg">
                OpenShift console · local development shell
              </Title>
            </MastheadBrand>
          </MastheadMain>
          <MastheadContent>
            <DevToolbar state={devState} />
          </MastheadContent>
        </Masthead>
      }
      sidebar={<Sidebar />}
    >
      <ContextProviders>
        <LightspeedDrawer enabled={devState.lightspeed}>
          <PluginRoutes />
        </LightspeedDrawer>
      </ContextProviders>
    </Page>
  </BrowserRouter>
);
