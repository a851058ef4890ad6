/**
 * Stand-ins for kubevirt-plugin's VirtualMachine list and details pages. The details page imitates
 * kubevirt-ui/kubevirt-plugin release-4.22 (no upstream code):
 * - `src/views/virtualmachines/details/VirtualMachineNavPage.tsx`: the VM read with useK8sWatchResource
 *   (`useK8sWatchData`: empty data → undefined), `useInstanceTypeExpandSpec`, the title with the actions
 *   once loaded, then the horizontal nav;
 * - `src/utils/components/HorizontalNavbar/HorizontalNavbar.tsx`: built-in tabs then plugin tabs
 *   (vmTabs.ts), one link per visible tab keyed by name, one `<Route path={href}>` per tab keyed by href
 *   (react-router renders the first route of a path), each wrapped in `StateHandler` and given exactly
 *   `{ instanceTypeExpandedSpec, obj, params }`;
 * - `src/utils/components/StateHandler/StateHandler.tsx`: error (403, 404, other) before loading before
 *   content;
 * - `src/utils/resources/vm/hooks/useInstanceTypeExpandSpec.ts`: the `expand-spec` subresource for a VM
 *   with an instancetype or preference, undefined otherwise.
 * The built-in tabs render a one-line stand-in in place of kubevirt-plugin's views.
 * The route is `/k8s/ns/:ns/kubevirt.io~v1~VirtualMachine/:name/*` (a non-exact console.page/route).
 */
import type { ComponentType, ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Bullseye,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  PageSection,
  Spinner,
  Split,
  SplitItem,
  Title,
} from '@patternfly/react-core';
import {
  Link,
  NavLink,
  Route,
  Routes,
  useLocation,
  useParams,
  useSearchParams,
} from 'react-router';
import { useStringifyMemo } from './hooks';
import { LazyActionMenu } from './LazyActionMenu';
import { translateExtensionString } from './i18n';
import { consoleFetch, useK8sWatchResource, useResolvedExtensions } from './sdk';
import type { VmTabPage } from './vmTabs';
import {
  activeTabName,
  dynamicPages,
  isVmTabExtension,
  KUBEVIRT_VM_TABS,
  trimLastHistoryPath,
} from './vmTabs';

export interface Vm {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; creationTimestamp?: string };
  spec?: { instancetype?: unknown; preference?: unknown };
  status?: {
    printableStatus?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const vmGvk = { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' };

/** kubevirt-plugin's isEmpty (`src/utils/utils/utils.ts`): plain objects and arrays without entries. */
const isEmpty = (obj: unknown) =>
  [Array, Object].includes(((obj || {}) as object).constructor as ArrayConstructor) &&
  !Object.entries(obj || {}).length;

export const VmListPage = () => {
  const { ns } = useParams();
  const [search] = useSearchParams();
  const [vms, loaded, error] = useK8sWatchResource({
    groupVersionKind: vmGvk,
    isList: true,
    namespace: ns,
  }) as [Vm[], boolean, unknown];
  const filters = [...search.entries()];
  return (
    <PageSection>
      <Title headingLevel="h1">VirtualMachines</Title>
      <p>Stand-in for kubevirt-plugin&apos;s VirtualMachines list.</p>
      {filters.length > 0 && (
        <p data-test="vm-list-filters">
          Filters from the URL: {filters.map(([k, v]) => `${k}=${v}`).join(', ')}
        </p>
      )}
      {!loaded && !error && <p>Loading…</p>}
      {Boolean(error) && <p>Error: {String((error as Error).message)}</p>}
      <ul data-test="vm-list">
        {(vms ?? []).map((vm) => (
          <li key={`${vm.metadata.namespace}/${vm.metadata.name}`} data-test="vm-list-item">
            <Link
              to={`/k8s/ns/${vm.metadata.namespace}/kubevirt.io~v1~VirtualMachine/${vm.metadata.name}`}
            >
              {vm.metadata.namespace}/{vm.metadata.name}
            </Link>{' '}
            — <span data-test="vm-list-status">{vm.status?.printableStatus}</span>
          </li>
        ))}
      </ul>
    </PageSection>
  );
};

// ---- built-in tab stand-ins ----

const OverviewStandIn = ({ obj }: { obj: Vm }) => (
  <PageSection>
    <p data-test="kubevirt-tab-stand-in">kubevirt-plugin Overview (stand-in)</p>
    <DescriptionList>
      <DescriptionListGroup>
        <DescriptionListTerm>Status</DescriptionListTerm>
        <DescriptionListDescription data-test="vm-status">
          {obj.status?.printableStatus ?? '-'}
        </DescriptionListDescription>
      </DescriptionListGroup>
      <DescriptionListGroup>
        <DescriptionListTerm>Created</DescriptionListTerm>
        <DescriptionListDescription>{obj.metadata.creationTimestamp}</DescriptionListDescription>
      </DescriptionListGroup>
    </DescriptionList>
  </PageSection>
);

const standInFor = (page: VmTabPage): ComponentType<NavPageProps> => {
  if (page.href === '') return OverviewStandIn;
  const StandIn = () => (
    <PageSection>
      <p data-test="kubevirt-tab-stand-in">{page.standIn}</p>
    </PageSection>
  );
  return StandIn;
};

/** kubevirt-plugin's own tabs, each with its stand-in view. */
const BUILT_IN_PAGES: VmTabPage[] = KUBEVIRT_VM_TABS.map((p) => ({
  ...p,
  component: standInFor(p),
}));

// ---- StateHandler and the horizontal nav ----

type HttpLikeError = { message?: string; response?: { status?: number } };

const StateHandler = ({
  error,
  hasData,
  loaded,
  children,
}: {
  error?: unknown;
  hasData: boolean;
  loaded: boolean;
  children: ReactNode;
}) => {
  if (error) {
    const status = (error as HttpLikeError)?.response?.status;
    if (status === 403)
      return (
        <Alert isInline variant="danger" title="Restricted Access">
          {(error as HttpLikeError).message}
        </Alert>
      );
    if (status === 404)
      return (
        <PageSection>
          <Title headingLevel="h2" className="pf-v6-u-text-align-center">
            404: Not Found
          </Title>
        </PageSection>
      );
    return (
      <Alert isInline variant="danger" title="Error">
        {(error as HttpLikeError)?.message}
      </Alert>
    );
  }
  if (!loaded && !hasData)
    return (
      <Bullseye>
        <Spinner aria-label="Loading" />
      </Bullseye>
    );
  return <>{children}</>;
};

export interface NavPageProps {
  obj: Vm;
  params: Record<string, string | undefined>;
  instanceTypeExpandedSpec?: Vm;
}

const HorizontalNavbar = ({
  basePath,
  error,
  instanceTypeExpandedSpec,
  loaded,
  pages,
  vm,
}: {
  basePath: string;
  error: unknown;
  instanceTypeExpandedSpec?: Vm;
  loaded: boolean;
  pages: VmTabPage[];
  vm?: Vm;
}) => {
  const location = useLocation();
  const params = useParams();
  const [tabExtensions] = useResolvedExtensions(isVmTabExtension);
  const plugins = useMemo(
    () => dynamicPages(tabExtensions, vm, translateExtensionString),
    [tabExtensions, vm],
  );
  const allPages = useMemo(() => [...pages, ...plugins], [pages, plugins]);
  const paths = useMemo(() => allPages.map((p) => p.href), [allPages]);
  const relative = location.pathname.replace(basePath, '');
  // Upstream keeps this in state, set from the path in an effect (and on click, before navigating).
  const activeItem = activeTabName(allPages, relative);

  return (
    <>
      <nav className="pf-v6-c-tabs pf-m-page-insets pf-v6-u-flex-shrink-0" data-test="vm-tabs">
        <ul className="pf-v6-c-tabs__list">
          {allPages.map((item) =>
            item.isHidden ? null : (
              <li
                className={`pf-v6-c-tabs__item${activeItem === item.name.toLowerCase() ? ' pf-m-current' : ''}`}
                key={item.name}
              >
                <NavLink
                  to={basePath + trimLastHistoryPath(relative, paths) + item.href}
                  className="pf-v6-c-tabs__link"
                  data-test-id={`horizontal-link-${item.name}`}
                  id={`horizontal-pageHeader-${item.name}`}
                >
                  {item.name}
                </NavLink>
              </li>
            ),
          )}
        </ul>
      </nav>
      <div className="horizontal-navbar__routes" id="horizontal-navbar-routes">
        <Routes>
          {allPages.map((page) => {
            const Component = page.component as ComponentType<NavPageProps>;
            return (
              <Route
                key={page.href}
                path={page.href}
                element={
                  <StateHandler error={error} hasData={!!vm} loaded={loaded}>
                    <Component
                      instanceTypeExpandedSpec={instanceTypeExpandedSpec}
                      obj={vm as Vm}
                      params={params}
                    />
                  </StateHandler>
                }
              />
            );
          })}
        </Routes>
      </div>
    </>
  );
};

// ---- the details page ----

/** `expand-spec` answered by a server that does not know the path at all (404 without details). */
const isUnknownPath = (e: unknown) => {
  const err = e as { code?: number; json?: { details?: { name?: string } } };
  return err?.code === 404 && !err.json?.details?.name;
};

const useInstanceTypeExpandSpec = (vm?: Vm): [Vm | undefined, boolean | undefined, unknown] => {
  const innerVM = useStringifyMemo(vm);
  const expandable = !isEmpty(vm?.spec?.instancetype) || !isEmpty(vm?.spec?.preference);
  const active = expandable && !isEmpty(innerVM) && Boolean(innerVM);
  const [fetched, setFetched] = useState<{ vm?: Vm; spec?: Vm; error?: unknown }>({});
  useEffect(() => {
    if (!active || !innerVM) return undefined;
    let cancelled = false;
    const { name, namespace } = innerVM.metadata;
    consoleFetch(
      `/api/kubernetes/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachines/${name}/expand-spec`,
    )
      .then((response) => response.json())
      .then((spec: Vm) => !cancelled && setFetched((f) => ({ ...f, vm: innerVM, spec })))
      .catch((e) => {
        if (cancelled) return;
        // KubeVirt always serves expand-spec; a simulator without it leaves the spec unexpanded.
        if (isUnknownPath(e)) setFetched({ vm: innerVM });
        else setFetched((f) => ({ ...f, vm: innerVM, error: e }));
      });
    return () => {
      cancelled = true;
    };
  }, [active, innerVM]);
  if (!active) return [undefined, false, undefined];
  return [fetched.spec, fetched.vm !== innerVM, fetched.error];
};

export const VmDetailsPage = () => {
  const { ns, name } = useParams();
  const [data, isLoaded, loadError] = useK8sWatchResource({
    groupVersionKind: vmGvk,
    namespace: ns,
    name,
  }) as [Vm | null | undefined, boolean, unknown];
  const vm = isEmpty(data) ? undefined : (data as Vm);
  const [instanceTypeExpandedSpec, expandedSpecLoading, expandedSpecError] =
    useInstanceTypeExpandSpec(vm);
  const titleLoaded = isLoaded || !isEmpty(loadError);
  const base = `/k8s/ns/${ns}/kubevirt.io~v1~VirtualMachine/${name}`;
  return (
    <div className="VirtualMachineNavPage">
      <PageSection>
        <Split hasGutter>
          <SplitItem isFilled>
            <Title headingLevel="h1" data-test="vm-details-title">
              <span className="co-m-resource-icon co-m-resource-icon--lg">VM</span>
              <span>{name} </span>
              {vm && <Label data-test="vm-title-status">{vm.status?.printableStatus}</Label>}
            </Title>
          </SplitItem>
          {!titleLoaded && (
            <SplitItem>
              <Spinner size="md" aria-label="Loading" />
            </SplitItem>
          )}
          {vm && titleLoaded && (
            <SplitItem>
              <LazyActionMenu key={vm.metadata.name} vm={vm} />
            </SplitItem>
          )}
        </Split>
      </PageSection>
      <HorizontalNavbar
        basePath={base}
        error={loadError || expandedSpecError}
        instanceTypeExpandedSpec={instanceTypeExpandedSpec}
        loaded={isLoaded && !expandedSpecLoading}
        pages={BUILT_IN_PAGES}
        vm={vm}
      />
    </div>
  );
};
