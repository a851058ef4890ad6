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

export const ResourceLink = ({ name, namespace }: { name?: string; namespace?: string }) => (
  <a href={`/k8s/ns/${namespace ?? ''}/${name ?? ''}`}>{name}</a>
);

export const Timestamp = ({ timestamp }: { timestamp?: string }) => <span>{timestamp}</span>;

export const ListPageHeader = ({ title, children }: { title: string; children?: React.ReactNode }) => (
  <div>
    <h1>{title}</h1>
    {children}
  </div>
);

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
