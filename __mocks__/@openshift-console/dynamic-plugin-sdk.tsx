/**
 * The SDK's runtime implementations exist only inside the console host (module federation),
 * so unit tests use these typed stand-ins. Tests override them per case with jest.mocked(...).
 */
import type * as SDK from '@openshift-console/dynamic-plugin-sdk';

export const useFlag = jest.fn<boolean, [string]>(() => true);

export const consoleFetch = jest.fn<ReturnType<typeof SDK.consoleFetch>, Parameters<typeof SDK.consoleFetch>>(
  () => Promise.reject(new Error('consoleFetch not mocked in this test')),
);

export const consoleFetchJSON = Object.assign(
  jest.fn(() => Promise.reject(new Error('consoleFetchJSON not mocked in this test'))),
  { post: jest.fn(), put: jest.fn(), patch: jest.fn(), delete: jest.fn() },
);

export const useK8sWatchResource = jest.fn(() => [[], true, undefined]);

export const useK8sWatchResources = jest.fn(() => ({}));

export const useResolvedExtensions = jest.fn(() => [[], true, []]);

export const useActiveNamespace = jest.fn(() => ['#ALL_NS#', jest.fn()]);

export const useActivePerspective = jest.fn(() => ['admin', jest.fn()]);

export const k8sGet = jest.fn();

export const k8sListItems = jest.fn();

export const k8sList = jest.fn(() => Promise.resolve([]));

/** The console's link paths: a model reference for kinds with a group, the plural of core kinds. */
const resourceReference = (
  kind?: string,
  gvk?: { group?: string; version?: string; kind?: string },
) =>
  gvk
    ? `${gvk.group || 'core'}~${gvk.version}~${gvk.kind}`
    : kind && !kind.includes('~')
      ? `${kind.toLowerCase()}s`
      : (kind ?? '');

export const ResourceLink = ({
  kind,
  groupVersionKind,
  name,
  namespace,
}: {
  kind?: string;
  groupVersionKind?: { group?: string; version?: string; kind?: string };
  name?: string;
  namespace?: string;
}) => (
  <a
    href={`/k8s/${namespace ? `ns/${namespace}` : 'cluster'}/${resourceReference(kind, groupVersionKind)}/${name ?? ''}`}
  >
    {name}
  </a>
);

export const Timestamp = ({ timestamp }: { timestamp?: string }) => <span>{timestamp}</span>;

export const ListPageHeader = ({ title, children }: { title: string; children?: React.ReactNode }) => (
  <div>
    <h1>{title}</h1>
    {children}
  </div>
);

/** No provider contributes actions unless a test says otherwise. */
export const ActionServiceProvider = jest.fn(
  ({ children }: { children: (service: SDK.ActionService) => React.ReactNode }) => (
    <>{children({ actions: [], options: [], loaded: true, error: undefined })}</>
  ),
);

export const useAccessReview = jest.fn(() => [true, false]);

export const DocumentTitle = ({ children }: { children?: React.ReactNode }) => <>{children}</>;

export class HttpError extends Error {
  constructor(
    message: string,
    public code?: number,
    public response?: Response,
    public json?: unknown,
  ) {
    super(message);
  }
}
