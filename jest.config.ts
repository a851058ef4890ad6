import type { Config } from 'jest';

const swc: NonNullable<Config['transform']>[string] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2021',
    },
    module: { type: 'commonjs' },
  },
];

const common: Config = {
  transform: { '^.+\\.[jt]sx?$': swc },
  moduleNameMapper: {
    '\\.(css)$': '<rootDir>/__mocks__/styleMock.ts',
    '\\.(png|jpg|jpeg|gif|svg)$': '<rootDir>/__mocks__/fileMock.ts',
  },
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    '<rootDir>/integration-tests/tests/',
    '<rootDir>/integration-tests/real-console/tests/',
  ],
  // @kubernetes/client-node 1.x and its OIDC dependencies ship ES modules only; compile them to
  // CommonJS like our own sources so node tests can import the real client.
  transformIgnorePatterns: [
    '/node_modules/(?!(@kubernetes/client-node|openid-client|oauth4webapi|jose)/)',
  ],
};

// Two projects: React components run in jsdom; the pure domain library, the MCP server and the
// test-support servers run in node (real sockets, real TLS, real @kubernetes/client-node).
const config: Config = {
  projects: [
    {
      ...common,
      displayName: 'plugin',
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/setup-tests.ts'],
      testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
      testPathIgnorePatterns: [...(common.testPathIgnorePatterns ?? []), '<rootDir>/src/kubevirt/'],
    },
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/src/kubevirt/**/*.spec.ts',
        '<rootDir>/mcp-server/src/**/*.spec.ts',
        '<rootDir>/integration-tests/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/charts/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
  ],
};

export default config;
