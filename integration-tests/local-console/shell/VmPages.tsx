/**
 * Minimal stand-ins for kubevirt-plugin's VirtualMachine list and details pages: enough to host the
 * plugin's horizontal tab and actions as the real details page does (useDynamicPages merges
 * console.tab/horizontalNav extensions whose model is kubevirt.io/v1 VirtualMachine).
 */
import type { ComponentType } from 'react';
import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Title,
} from '@patternfly/react-core';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ActionsMenu } from './ActionsMenu';
import { translateExtensionString } from './i18n';
import { useK8sWatchResource, useResolvedExtensions } from './sdk';

interface Vm {
  metadata: { name: string; namespace: string; creationTimestamp?: string };
  status?: {
    printableStatus?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const vmGvk = { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' };

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
      <ul>
        {vms.map((vm) => (
          <li key={`${vm.metadata.namespace}/${vm.metadata.name}`}>
            <Link
              to={`/k8s/ns/${vm.metadata.namespace}/kubevirt.io~v1~VirtualMachine/${vm.metadata.name}`}
            >
              {vm.metadata.namespace}/{vm.metadata.name}
            </Link>{' '}
            — {vm.status?.printableStatus}
          </li>
        ))}
      </ul>
    </PageSection>
  );
};

const Overview = ({ obj }: { obj: Vm }) => (
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
);

type TabComponent = ComponentType<{ obj: Vm; ns?: string; name?: string }>;

export const VmDetailsPage = () => {
  const { ns, name, tab = '' } = useParams();
  const navigate = useNavigate();
  const [vm, loaded, error] = useK8sWatchResource({
    groupVersionKind: vmGvk,
    namespace: ns,
    name,
  }) as [Vm | undefined, boolean, unknown];
  const [tabs] = useResolvedExtensions((e) => {
    const model = e.properties.model as
      { group?: string; version?: string; kind?: string } | undefined;
    return (
      e.type === 'console.tab/horizontalNav' &&
      model?.group === 'kubevirt.io' &&
      model?.version === 'v1' &&
      model?.kind === 'VirtualMachine'
    );
  });
  const base = `/k8s/ns/${ns}/kubevirt.io~v1~VirtualMachine/${name}`;
  if (error) return <PageSection>Error: {String((error as Error).message)}</PageSection>;
  if (!loaded || !vm) return <PageSection>Loading…</PageSection>;
  const pages = [
    { href: '', name: 'Overview', component: Overview as TabComponent },
    ...tabs.map((t) => {
      const page = t.properties.page as { href: string; name: string };
      return {
        href: page.href,
        name: translateExtensionString(page.name),
        component: t.properties.component as TabComponent,
      };
    }),
  ];
  const active = pages.find((p) => p.href === tab) ?? pages[0];
  const Active = active.component;
  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-test="vm-details-title">
          VirtualMachine {name}
        </Title>
        <p>Namespace {ns}</p>
        <ActionsMenu vm={vm} />
      </PageSection>
      <PageSection>
        <Tabs
          activeKey={active.href}
          onSelect={(_e, key) => navigate(key ? `${base}/${key}` : base)}
          aria-label="VirtualMachine details"
        >
          {pages.map((p) => (
            <Tab
              key={p.href}
              eventKey={p.href}
              title={<TabTitleText>{p.name}</TabTitleText>}
              data-test={`horizontal-link-${p.name}`}
            />
          ))}
        </Tabs>
        <div className="kv-ls-shell-tab-body">
          <Active obj={vm} ns={ns} name={name} />
        </div>
      </PageSection>
    </>
  );
};
